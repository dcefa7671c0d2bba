package analysisbench_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/golint-conc/golint-conc/internal/analysisbench"
	"github.com/golint-conc/golint-conc/passes/chanops"
)

// TestRunSeesThePackage checks that a prepared analyzer runs on the loaded
// package with its requirements' results: chanops must find the local
// channels os/exec makes, and none in strings, which makes none.
func TestRunSeesThePackage(t *testing.T) {
	pkgs := analysisbench.Load(t, "os/exec", "strings")
	counts := make(map[string]int)
	for _, pkg := range pkgs {
		p, err := analysisbench.Prepare(chanops.Analyzer, pkg)
		if err != nil {
			t.Fatal(err)
		}
		res, _, err := p.Run()
		if err != nil {
			t.Fatal(err)
		}
		counts[pkg.PkgPath] = len(res.(*chanops.Result).Chans)
	}
	if counts["strings"] != 0 {
		t.Errorf("chanops found %d channels in strings, want 0", counts["strings"])
	}
	if counts["os/exec"] == 0 {
		t.Errorf("chanops found no channels in os/exec")
	}
}

func TestPrepareRunsRequirements(t *testing.T) {
	pkg := analysisbench.Load(t, "strings")[0]
	p, err := analysisbench.Prepare(inspect.Analyzer, pkg)
	if err != nil {
		t.Fatal(err)
	}
	res, diags, err := p.Run()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := res.(*inspector.Inspector); !ok || diags != 0 {
		t.Errorf("inspect returned %T with %d diagnostics", res, diags)
	}
}

// TestRunAllSkipsAsDriversDo checks RunAll on an ill-typed package: an
// analyzer that runs despite errors runs, one that does not is skipped,
// and one that requires a skipped analyzer fails; all three are reported.
func TestRunAllSkipsAsDriversDo(t *testing.T) {
	pkg := analysisbench.Load(t, "strings")[0]
	ill := *pkg
	ill.IllTyped = true
	outcomes := analysisbench.RunAll(&ill, []*analysis.Analyzer{chanops.Analyzer}, nil)
	var got []string
	for _, o := range outcomes {
		got = append(got, fmt.Sprintf("%s: %v", o.Analyzer.Name, o.Err))
	}
	want := []string{
		"inspect: <nil>",
		"spawnsites: analysis skipped due to errors in package",
		"chanops: failed prerequisites: [spawnsites]",
	}
	if !slices.Equal(got, want) {
		t.Errorf("RunAll outcomes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	outcomes = analysisbench.RunAll(pkg, []*analysis.Analyzer{chanops.Analyzer}, nil)
	if last := outcomes[len(outcomes)-1]; last.Analyzer != chanops.Analyzer || last.Err != nil {
		t.Errorf("on a well-typed package, chanops: %v", last.Err)
	}
}
