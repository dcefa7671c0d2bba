package lsp

import (
	"context"
	"fmt"
	"go/token"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/golint-conc/golint-conc/internal/runner"

	"github.com/golint-conc/golint-conc/internal/loadmode"
)

// A finding is one diagnostic ready to publish, with the code actions
// built from its suggested fixes.
type finding struct {
	diag    diagnostic
	actions []codeAction
}

// A report is the outcome of analysing one directory.
type report struct {
	// files maps the URI of every Go file of the directory's packages
	// to its findings; a file without findings maps to an empty list,
	// so publishing it clears what the editor showed before.
	files map[string][]finding
	// problems are load, type and analyzer errors worth telling the user.
	problems []string
	// loading and analysing are how long the two steps took.
	loading, analysing time.Duration
}

// maxProblems bounds how many package errors one run logs: a broken
// import can produce one per file, and the first few name the cause.
const maxProblems = 10

// analyzeDir loads the package in dir with its tests and runs analyzers on
// it. It never panics: a panic in an analyzer fails its action, which is
// reported as a problem, and any other becomes the returned error.
func analyzeDir(ctx context.Context, dir string, analyzers []*analysis.Analyzer) (rep *report, err error) {
	defer func() {
		if r := recover(); r != nil {
			rep, err = nil, fmt.Errorf("analysis of %s panicked: %v\n%s", dir, r, debug.Stack())
		}
	}()
	start := time.Now()
	pkgs, err := load(ctx, dir, analyzers)
	if err != nil {
		return nil, err
	}
	rep = &report{files: make(map[string][]finding), loading: time.Since(start)}
	var roots []*packages.Package
	for _, pkg := range pkgs {
		// The generated test main package lives in the build cache and
		// holds nothing of the user's.
		if !strings.HasSuffix(pkg.ID, ".test") {
			roots = append(roots, pkg)
		}
		for _, name := range pkg.GoFiles {
			if filepath.Dir(name) == dir {
				rep.files[pathToURI(name)] = nil
			}
		}
	}
	if len(roots) == 0 {
		rep.problems = packageErrors(pkgs)
		return rep, nil
	}

	// The runner recovers from a panic in an analyzer or the type checker
	// and fails just that action.
	graph, err := runner.Run(analyzers, roots, runner.Options{ReleasePackages: true})
	if err != nil {
		return nil, err
	}
	rep.problems = packageErrors(pkgs) // the runner type-checks the packages
	collect(rep, graph, dir)
	rep.analysing = time.Since(start) - rep.loading
	return rep, nil
}

// load loads the package in dir and its test variants, with syntax for
// the dependencies too when an analyzer needs facts from them.
func load(ctx context.Context, dir string, analyzers []*analysis.Analyzer) ([]*packages.Package, error) {
	cfg := &packages.Config{
		Context: ctx,
		Mode:    loadmode.For(analyzers),
		Dir:     dir,
		Tests:   true,
	}
	pkgs, err := packages.Load(cfg, ".")
	if err != nil {
		return nil, fmt.Errorf("loading %s: %v", dir, err)
	}
	return pkgs, nil
}

// packageErrors lists the errors of pkgs and their dependencies.
func packageErrors(pkgs []*packages.Package) []string {
	var out []string
	seen := make(map[string]bool)
	packages.Visit(pkgs, nil, func(pkg *packages.Package) {
		for _, e := range pkg.Errors {
			if msg := e.Error(); !seen[msg] {
				seen[msg] = true
				out = append(out, msg)
			}
		}
	})
	if len(out) > maxProblems {
		out = append(out[:maxProblems], fmt.Sprintf("... and %d more errors", len(out)-maxProblems))
	}
	return out
}

// collect converts the diagnostics of the graph's root actions into
// findings for the files of dir. The package and its test variant share
// their non-test files, so the same diagnostic can come twice.
func collect(rep *report, graph *runner.Graph, dir string) {
	type key struct {
		uri        string
		rng        lspRange
		code, text string
	}
	seen := make(map[key]bool)
	failed := make(map[string]bool)
	converters := make(map[*token.FileSet]*positions)
	skipped := make(map[string][]string) // package path -> analyzer names
	for _, act := range graph.Roots {
		if act.Err != nil && act.Package.IllTyped && !act.Analyzer.RunDespiteErrors {
			// The checker's own words, "failed prerequisites", hide why.
			path := act.Package.PkgPath
			if !slices.Contains(skipped[path], act.Analyzer.Name) {
				skipped[path] = append(skipped[path], act.Analyzer.Name)
			}
			continue
		}
		if act.Err != nil {
			if msg := fmt.Sprintf("%s: %v", act.Analyzer.Name, act.Err); !failed[msg] {
				failed[msg] = true
				rep.problems = append(rep.problems, msg)
			}
			continue
		}
		ps := converters[act.Package.Fset]
		if ps == nil {
			ps = newPositions(act.Package.Fset)
			converters[act.Package.Fset] = ps
		}
		for _, d := range act.Diagnostics {
			uri, rng, ok := ps.span(d.Pos, d.End)
			if !ok {
				continue
			}
			if _, inDir := rep.files[uri]; !inDir {
				continue
			}
			k := key{uri, rng, act.Analyzer.Name, d.Message}
			if seen[k] {
				continue
			}
			seen[k] = true
			rep.files[uri] = append(rep.files[uri], newFinding(ps, act.Analyzer, d, rng))
		}
	}
	for path, names := range skipped {
		rep.problems = append(rep.problems, fmt.Sprintf("%s has errors, so these analyzers did not run on it: %s",
			path, strings.Join(names, ", ")))
	}
	for uri, fs := range rep.files {
		sort.SliceStable(fs, func(i, j int) bool { return before(fs[i].diag.Range.Start, fs[j].diag.Range.Start) })
		rep.files[uri] = fs
	}
}

// newFinding builds the LSP form of d, found by analyzer a at rng.
func newFinding(ps *positions, a *analysis.Analyzer, d analysis.Diagnostic, rng lspRange) finding {
	diag := diagnostic{
		Range:    rng,
		Severity: severityWarning,
		Code:     a.Name,
		Source:   "golint-conc",
		Message:  d.Message,
	}
	href := d.URL // the checker resolves it against a.URL
	if href == "" {
		href = a.URL
	}
	if href != "" {
		diag.CodeDescription = &codeDescription{Href: href}
	}
	for _, rel := range d.Related {
		if uri, r, ok := ps.span(rel.Pos, rel.End); ok {
			diag.RelatedInformation = append(diag.RelatedInformation, diagnosticRelatedInformation{
				Location: location{URI: uri, Range: r},
				Message:  rel.Message,
			})
		}
	}
	f := finding{diag: diag}
	for _, fix := range d.SuggestedFixes {
		if edit, ok := workspaceEditOf(ps, fix); ok {
			f.actions = append(f.actions, codeAction{
				Title:       fix.Message,
				Kind:        "quickfix",
				Diagnostics: []diagnostic{diag},
				Edit:        edit,
			})
		}
	}
	return f
}

// workspaceEditOf converts fix; ok is false when an edit falls outside
// the files the positions know, and then the whole fix is dropped rather
// than applied in part.
func workspaceEditOf(ps *positions, fix analysis.SuggestedFix) (workspaceEdit, bool) {
	if len(fix.TextEdits) == 0 {
		return workspaceEdit{}, false
	}
	changes := make(map[string][]textEdit)
	for _, e := range fix.TextEdits {
		end := e.End
		if !end.IsValid() {
			end = e.Pos // an insertion
		}
		uri, r, ok := ps.span(e.Pos, end)
		if !ok {
			return workspaceEdit{}, false
		}
		changes[uri] = append(changes[uri], textEdit{Range: r, NewText: string(e.NewText)})
	}
	return workspaceEdit{Changes: changes}, true
}

// before orders positions.
func before(a, b position) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Character < b.Character
}

// overlaps reports whether the ranges share a position; an empty range
// (the cursor) overlaps a range that contains it, ends included.
func overlaps(a, b lspRange) bool {
	return !before(a.End, b.Start) && !before(b.End, a.Start)
}
