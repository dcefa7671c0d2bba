package runner_test

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/golint-conc/golint-conc/analyzers"
	"github.com/golint-conc/golint-conc/internal/loadmode"
	"github.com/golint-conc/golint-conc/internal/runner"
)

// TestSameAsChecker runs every analyzer with x/tools' checker, on
// packages go/packages has type-checked, and with the runner, which
// type-checks them itself and releases them as it goes, and wants the same findings and
// errors from both: over the end-to-end fixtures, and over the fixtures
// of the analyzers whose findings depend on facts from another package.
func TestSameAsChecker(t *testing.T) {
	all := analyzers.All()
	t.Run("e2e", func(t *testing.T) {
		compare(t, all, &packages.Config{Dir: "../../testdata/e2e", Tests: true}, "./...")
	})
	for _, name := range []string{"chanleak", "handlergo", "sleepsync", "waitgroupadd", "wgdone"} {
		t.Run(name, func(t *testing.T) {
			// The analysistest layout: GOPATH mode, packages under src.
			gopath, err := filepath.Abs(filepath.Join("../../analyzers", name, "testdata"))
			if err != nil {
				t.Fatal(err)
			}
			entries, err := os.ReadDir(filepath.Join(gopath, "src"))
			if err != nil {
				t.Fatal(err)
			}
			var patterns []string
			for _, e := range entries {
				if e.IsDir() && e.Name() != "golang.org" { // x/sync stubs, imported only
					patterns = append(patterns, e.Name())
				}
			}
			env := append(os.Environ(), "GO111MODULE=off", "GOPATH="+gopath, "GOPROXY=off", "GOFLAGS=")
			compare(t, all, &packages.Config{Dir: gopath, Env: env}, patterns...)
		})
	}
}

func compare(t *testing.T, all []*analysis.Analyzer, cfg *packages.Config, patterns ...string) {
	load := func(mode packages.LoadMode) []*packages.Package {
		cfg := *cfg
		cfg.Mode = mode
		pkgs, err := packages.Load(&cfg, patterns...)
		if err != nil {
			t.Fatal(err)
		}
		return pkgs
	}
	describe := func(a *analysis.Analyzer, pkg *packages.Package, ds []analysis.Diagnostic, err error, into map[string]bool) {
		for _, d := range ds {
			into[fmt.Sprintf("%s %s: %s", a.Name, pkg.Fset.Position(d.Pos), d.Message)] = true
		}
		if err != nil {
			into[fmt.Sprintf("%s %s: error %v", a.Name, pkg.ID, err)] = true
		}
	}

	want := make(map[string]bool)
	cg, err := checker.Analyze(all, load(packages.LoadAllSyntax|packages.NeedModule), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, act := range cg.Roots {
		describe(act.Analyzer, act.Package, act.Diagnostics, act.Err, want)
	}
	if len(want) < 5 {
		t.Fatalf("the checker found only %d diagnostics in the fixtures", len(want))
	}

	got := make(map[string]bool)
	// The runner parses and type-checks the packages itself.
	if loadmode.For(all) != loadmode.Metadata {
		t.Fatal("the analyzers need no facts: the runner would not type-check")
	}
	rg, err := runner.Run(all, load(loadmode.Metadata), runner.Options{ReleasePackages: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, act := range rg.Roots {
		describe(act.Analyzer, act.Package, act.Diagnostics, act.Err, got)
	}
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if !got[k] {
			t.Errorf("the runner misses %s", k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(got)) {
		if !want[k] {
			t.Errorf("the runner adds %s", k)
		}
	}
}
