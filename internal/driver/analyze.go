package driver

import (
	"cmp"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/golint-conc/golint-conc/internal/runner"

	"github.com/golint-conc/golint-conc/internal/driver/finding"
	"github.com/golint-conc/golint-conc/internal/loadmode"
)

// load loads the packages matching patterns the way x/tools' multichecker
// does: with syntax for every dependency only when some analyzer needs
// facts from them.
func load(dir string, patterns []string, opts options, analyzers []*analysis.Analyzer) ([]*packages.Package, error) {
	conf := &packages.Config{
		Mode:  loadmode.For(analyzers),
		Dir:   dir,
		Tests: opts.tests,
	}
	if opts.tags != "" {
		conf.BuildFlags = []string{"-tags=" + opts.tags}
	}
	pkgs, err := packages.Load(conf, patterns...)
	if err != nil {
		return nil, err
	}
	// With Tests, go/packages also returns each package's synthesized test
	// main ("p.test"), whose source is generated into the build cache:
	// nothing a user could act on.
	pkgs = slices.DeleteFunc(pkgs, func(pkg *packages.Package) bool {
		return opts.tests && strings.HasSuffix(pkg.ID, ".test") && pkg.Name == "main"
	})
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	return pkgs, nil
}

// printPackageErrors prints the errors of pkgs and their dependencies, and
// each module error once, as packages.PrintErrors does but to w. It returns
// how many it printed.
func printPackageErrors(w io.Writer, pkgs []*packages.Package) int {
	n := 0
	modules := make(map[*packages.Module]bool)
	packages.Visit(pkgs, nil, func(pkg *packages.Package) {
		for _, err := range pkg.Errors {
			fmt.Fprintln(w, err)
			n++
		}
		if mod := pkg.Module; mod != nil && mod.Error != nil && !modules[mod] {
			modules[mod] = true
			fmt.Fprintln(w, mod.Error.Err)
			n++
		}
	})
	return n
}

// reportRoot returns the directory that SARIF, annotations, baselines and
// diffs make paths relative to: the repository that holds the main module
// of pkgs (the nearest directory above it with a .git), because GitHub code
// scanning and annotations resolve paths against the repository, not a
// module in a subdirectory of it. Without a repository it is the module's
// directory, and without a module (GOPATH mode) fallback.
func reportRoot(pkgs []*packages.Package, fallback string) string {
	root := fallback
	for _, pkg := range pkgs {
		if m := pkg.Module; m != nil && m.Main && m.Dir != "" {
			root = m.Dir
			break
		}
	}
	for dir := root; ; {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return root
		}
		dir = parent
	}
}

// sortedRoots returns the graph's root actions by package ID and analyzer
// name, so that a package comes before its test variant ("p" sorts before
// "p [p.test]") and de-duplication keeps the plain package's findings.
func sortedRoots(g *runner.Graph) []*runner.Action {
	roots := slices.Clone(g.Roots)
	slices.SortFunc(roots, func(a, b *runner.Action) int {
		return cmp.Or(strings.Compare(a.Package.ID, b.Package.ID), strings.Compare(a.Analyzer.Name, b.Analyzer.Name))
	})
	return roots
}

// collectFindings returns the diagnostics of the root actions, without
// duplicates, sorted.
func collectFindings(g *runner.Graph) []finding.Finding {
	var fs []finding.Finding
	for _, act := range sortedRoots(g) {
		if act.Err != nil {
			continue
		}
		for _, d := range act.Diagnostics {
			fs = append(fs, newFinding(act.Package.Fset, act.Analyzer.Name, act.Package.ID, d))
		}
	}
	fs = finding.Dedup(fs)
	finding.Sort(fs)
	return fs
}

func newFinding(fset *token.FileSet, analyzer, pkg string, d analysis.Diagnostic) finding.Finding {
	f := finding.Finding{
		Analyzer: analyzer,
		Package:  pkg,
		Pos:      fset.Position(d.Pos),
		End:      fset.Position(cmp.Or(d.End, d.Pos)),
		Message:  d.Message,
		Category: d.Category,
	}
	for _, r := range d.Related {
		f.Related = append(f.Related, finding.Related{
			Pos:     fset.Position(r.Pos),
			End:     fset.Position(cmp.Or(r.End, r.Pos)),
			Message: r.Message,
		})
	}
	for _, sf := range d.SuggestedFixes {
		fix := finding.Fix{Message: sf.Message}
		for _, e := range sf.TextEdits {
			fix.Edits = append(fix.Edits, finding.Edit{
				Pos: fset.Position(e.Pos),
				End: fset.Position(cmp.Or(e.End, e.Pos)),
				New: string(e.NewText),
			})
		}
		f.Fixes = append(f.Fixes, fix)
	}
	return f
}

// printActionErrors prints the failed actions that are causes, not
// consequences: an action whose prerequisite failed, or that was skipped
// because its package does not type-check (its errors are printed
// already), adds nothing. It reports whether any action failed.
func printActionErrors(w io.Writer, prog string, g *runner.Graph) bool {
	failed := false
	for act := range g.All() {
		if act.Err == nil {
			continue
		}
		failed = true
		if act.Package.IllTyped && !act.Analyzer.RunDespiteErrors {
			continue
		}
		if slices.ContainsFunc(act.Deps, func(dep *runner.Action) bool { return dep.Err != nil }) {
			continue
		}
		fmt.Fprintf(w, "%s: %s on %s: %v\n", prog, act.Analyzer.Name, act.Package.ID, act.Err)
	}
	return failed
}
