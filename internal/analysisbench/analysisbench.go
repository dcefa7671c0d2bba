// Package analysisbench runs one analyzer on one loaded package, outside
// any driver, so that benchmarks can time an analyzer's own Run apart from
// loading, type checking and the analyses it requires.
//
// Facts are not propagated: ImportObjectFact and ImportPackageFact report
// false and exported facts are dropped. A benchmark therefore measures the
// work an analyzer does on the package itself, which is what changes when
// the analyzer changes.
package analysisbench

import (
	"fmt"
	"go/types"
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
	return run(p.analyzer, p.pkg, p.required)
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
	res, _, err := run(a, pkg, results)
	if err != nil {
		return err
	}
	results[a] = res
	return nil
}

func run(a *analysis.Analyzer, pkg *packages.Package, results map[*analysis.Analyzer]any) (any, int, error) {
	resultOf := make(map[*analysis.Analyzer]any, len(a.Requires))
	for _, req := range a.Requires {
		resultOf[req] = results[req]
	}
	diagnostics := 0
	pass := &analysis.Pass{
		Analyzer:          a,
		Fset:              pkg.Fset,
		Files:             pkg.Syntax,
		Pkg:               pkg.Types,
		TypesInfo:         pkg.TypesInfo,
		TypesSizes:        pkg.TypesSizes,
		TypeErrors:        pkg.TypeErrors,
		ResultOf:          resultOf,
		Report:            func(analysis.Diagnostic) { diagnostics++ },
		ReadFile:          func(string) ([]byte, error) { return nil, fmt.Errorf("analysisbench: ReadFile unsupported") },
		ImportObjectFact:  func(types.Object, analysis.Fact) bool { return false },
		ExportObjectFact:  func(types.Object, analysis.Fact) {},
		ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
		ExportPackageFact: func(analysis.Fact) {},
		AllObjectFacts:    func() []analysis.ObjectFact { return nil },
		AllPackageFacts:   func() []analysis.PackageFact { return nil },
	}
	res, err := a.Run(pass)
	if err != nil {
		return nil, 0, fmt.Errorf("%s on %s: %v", a.Name, pkg.PkgPath, err)
	}
	return res, diagnostics, nil
}
