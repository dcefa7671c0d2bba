// Package analysisbench runs one analyzer on one loaded package, outside
// any driver, so that benchmarks can time an analyzer's own Run apart from
// loading, type checking and the analyses it requires.
//
// Facts are not propagated: ImportObjectFact and ImportPackageFact report
// false and exported facts are dropped. A benchmark therefore measures the
// work an analyzer does on the package itself, which is what changes when
// the analyzer changes.
//
// RunAll runs a whole set of analyzers the way a driver would, errors and
// all, for tests that feed analyzers packages built by hand (the fuzz
// target).
package analysisbench

import (
	"fmt"
	"go/types"
	"reflect"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// Load loads the packages matching patterns with syntax and type
// information, failing tb if any cannot be loaded or has errors.
func Load(tb testing.TB, patterns ...string) []*packages.Package {
	tb.Helper()
	cfg := &packages.Config{Mode: packages.LoadSyntax}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		tb.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		tb.Fatalf("errors loading %v", patterns)
	}
	return pkgs
}

// A Prepared analyzer has the results of everything it requires computed
// for one package, so that Run times the analyzer alone.
type Prepared struct {
	analyzer *analysis.Analyzer
	pkg      *packages.Package
	required map[*analysis.Analyzer]any
}

// Prepare runs the analyzers a requires, transitively, on pkg.
func Prepare(a *analysis.Analyzer, pkg *packages.Package) (*Prepared, error) {
	results := make(map[*analysis.Analyzer]any)
	for _, req := range a.Requires {
		if err := runWithRequirements(req, pkg, results); err != nil {
			return nil, err
		}
	}
	return &Prepared{analyzer: a, pkg: pkg, required: results}, nil
}

// Run runs the prepared analyzer once and returns its result and the
// number of diagnostics it reported.
func (p *Prepared) Run() (result any, diagnostics int, err error) {
	result, err = run(p.analyzer, p.pkg, p.required, nil, func(analysis.Diagnostic) { diagnostics++ })
	if err != nil {
		return nil, 0, err
	}
	return result, diagnostics, nil
}

// An Outcome is what one analyzer did on one package.
type Outcome struct {
	Analyzer    *analysis.Analyzer
	Diagnostics []analysis.Diagnostic
	Err         error
}

// RunAll runs analyzers on pkg, each after everything it requires, and
// returns the outcome of every analyzer run, requirements included, in
// the order they ran. Like x/tools' drivers it goes on past errors: an
// analyzer without RunDespiteErrors is skipped, with an error, when
// pkg.IllTyped; one whose requirement failed fails; and one whose result
// is not of its ResultType fails. Pass.ReadFile is readFile, which may
// be nil if the analyzers need no file contents.
func RunAll(pkg *packages.Package, analyzers []*analysis.Analyzer, readFile func(string) ([]byte, error)) []Outcome {
	r := &runner{pkg: pkg, readFile: readFile, done: make(map[*analysis.Analyzer]int)}
	for _, a := range analyzers {
		r.visit(a)
	}
	return r.outcomes
}

// A runner runs analyzers on one package for RunAll.
type runner struct {
	pkg      *packages.Package
	readFile func(string) ([]byte, error)
	done     map[*analysis.Analyzer]int // index in outcomes
	outcomes []Outcome
	results  map[*analysis.Analyzer]any
}

// visit runs a, after its requirements, unless it has run, and returns
// the index of its outcome.
func (r *runner) visit(a *analysis.Analyzer) int {
	if i, ok := r.done[a]; ok {
		return i
	}
	var failed []string
	for _, req := range a.Requires {
		if r.outcomes[r.visit(req)].Err != nil {
			failed = append(failed, req.Name)
		}
	}
	out := Outcome{Analyzer: a}
	switch {
	case failed != nil:
		out.Err = fmt.Errorf("failed prerequisites: %v", failed)
	case r.pkg.IllTyped && !a.RunDespiteErrors:
		out.Err = fmt.Errorf("analysis skipped due to errors in package")
	default:
		if r.results == nil {
			r.results = make(map[*analysis.Analyzer]any)
		}
		res, err := run(a, r.pkg, r.results, r.readFile, func(d analysis.Diagnostic) { out.Diagnostics = append(out.Diagnostics, d) })
		if got := reflect.TypeOf(res); err == nil && got != a.ResultType {
			err = fmt.Errorf("%s returned a result of type %v, but declared ResultType %v", a.Name, got, a.ResultType)
		}
		out.Err = err
		r.results[a] = res
	}
	r.outcomes = append(r.outcomes, out)
	r.done[a] = len(r.outcomes) - 1
	return r.done[a]
}

func runWithRequirements(a *analysis.Analyzer, pkg *packages.Package, results map[*analysis.Analyzer]any) error {
	if _, done := results[a]; done {
		return nil
	}
	for _, req := range a.Requires {
		if err := runWithRequirements(req, pkg, results); err != nil {
			return err
		}
	}
	res, err := run(a, pkg, results, nil, func(analysis.Diagnostic) {})
	if err != nil {
		return err
	}
	results[a] = res
	return nil
}

func run(a *analysis.Analyzer, pkg *packages.Package, results map[*analysis.Analyzer]any, readFile func(string) ([]byte, error), report func(analysis.Diagnostic)) (any, error) {
	if readFile == nil {
		readFile = func(string) ([]byte, error) { return nil, fmt.Errorf("analysisbench: ReadFile unsupported") }
	}
	resultOf := make(map[*analysis.Analyzer]any, len(a.Requires))
	for _, req := range a.Requires {
		resultOf[req] = results[req]
	}
	pass := &analysis.Pass{
		Analyzer:          a,
		Fset:              pkg.Fset,
		Files:             pkg.Syntax,
		Pkg:               pkg.Types,
		TypesInfo:         pkg.TypesInfo,
		TypesSizes:        pkg.TypesSizes,
		TypeErrors:        pkg.TypeErrors,
		ResultOf:          resultOf,
		Report:            report,
		ReadFile:          readFile,
		Module:            &analysis.Module{}, // never nil under x/tools' drivers
		ImportObjectFact:  func(types.Object, analysis.Fact) bool { return false },
		ExportObjectFact:  func(types.Object, analysis.Fact) {},
		ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
		ExportPackageFact: func(analysis.Fact) {},
		AllObjectFacts:    func() []analysis.ObjectFact { return nil },
		AllPackageFacts:   func() []analysis.PackageFact { return nil },
	}
	res, err := a.Run(pass)
	if err != nil {
		return nil, fmt.Errorf("%s on %s: %w", a.Name, pkg.PkgPath, err)
	}
	return res, nil
}
