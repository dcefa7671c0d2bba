package safe_test

import (
	"bytes"
	"errors"
	"go/ast"
	"go/types"
	"os"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/golint-conc/golint-conc/internal/driver"
	"github.com/golint-conc/golint-conc/internal/safe"
	"github.com/golint-conc/golint-conc/internal/testmod"
	"github.com/golint-conc/golint-conc/internal/vettool"
)

// vettoolEnv makes the test binary serve go vet's -vettool protocol with
// the test analyzers, so that go vet can run them without a separate
// command.
const vettoolEnv = "GOLINT_CONC_SAFE_TEST_VETTOOL"

func TestMain(m *testing.M) {
	if os.Getenv(vettoolEnv) != "" {
		// go vet prints only the first error of a package, taken from a
		// map, so dependent's "failed prerequisites" would hide the panic
		// half the time; it is left out.
		vettool.Main(wrapAll(newAnalyzers()[1:]), nil) // exits
	}
	os.Exit(m.Run())
}

// newAnalyzers returns fresh test analyzers: "exploder" and the pass
// "explodingpass" panic on a package named app and are quiet elsewhere,
// "dependent" needs explodingpass's result, and "mainfunc" reports func
// main and every function named Bad.
//
// A driver runs a required analyzer as it is, not a wrapped copy, so
// explodingpass recovers by itself, as the shared passes do.
func newAnalyzers() []*analysis.Analyzer {
	exploder := &analysis.Analyzer{
		Name: "exploder",
		Doc:  "panic on package app",
		Run: func(pass *analysis.Pass) (any, error) {
			if pass.Pkg.Name() == "app" {
				explode()
			}
			return nil, nil
		},
	}
	explodingpass := &analysis.Analyzer{
		Name: "explodingpass",
		Doc:  "panic on package app, recovering",
		Run: func(pass *analysis.Pass) (_ any, err error) {
			defer safe.Recover(pass, &err)
			if pass.Pkg.Name() == "app" {
				explode()
			}
			return nil, nil
		},
	}
	dependent := &analysis.Analyzer{
		Name:     "dependent",
		Doc:      "require explodingpass",
		Requires: []*analysis.Analyzer{explodingpass},
		Run:      func(*analysis.Pass) (any, error) { return nil, nil },
	}
	mainfunc := &analysis.Analyzer{
		Name: "mainfunc",
		Doc:  "report func main and functions named Bad",
		Run: func(pass *analysis.Pass) (any, error) {
			for _, f := range pass.Files {
				for _, d := range f.Decls {
					if fn, ok := d.(*ast.FuncDecl); ok && (fn.Name.Name == "main" || fn.Name.Name == "Bad") {
						pass.ReportRangef(fn.Name, "func %s", fn.Name.Name)
					}
				}
			}
			return nil, nil
		},
	}
	return []*analysis.Analyzer{dependent, exploder, mainfunc}
}

func wrapAll(as []*analysis.Analyzer) []*analysis.Analyzer {
	for i, a := range as {
		as[i] = safe.Wrap(a)
	}
	return as
}

func explode() { panic("boom") }

// indexOutOfRange panics with a runtime error, whose stack starts with
// more runtime frames than a plain panic's.
func indexOutOfRange(s []int, i int) int { return s[i] }

func fakePass(name string) *analysis.Pass {
	return &analysis.Pass{
		Analyzer: &analysis.Analyzer{Name: name},
		Pkg:      types.NewPackage("example.com/m/app", "app"),
	}
}

func TestWrapTurnsPanicIntoError(t *testing.T) {
	a := safe.Wrap(&analysis.Analyzer{Name: "exploder", Run: func(*analysis.Pass) (any, error) {
		explode()
		return "unreachable", nil
	}})
	res, err := a.Run(fakePass("exploder"))
	var pe *safe.PanicError
	if res != nil || !errors.As(err, &pe) {
		t.Fatalf("Run returned %v, %v; want nil and a *PanicError", res, err)
	}
	wantMsg := "internal error in analyzer exploder on package example.com/m/app: panic: boom (please report it with the code that caused it)\n"
	if !strings.HasPrefix(err.Error(), wantMsg) {
		t.Errorf("message:\n%s\nwant prefix:\n%s", err, wantMsg)
	}
	checkStack(t, pe.Stack, "safe_test.explode")
}

func TestRuntimeErrorStackStartsAtSite(t *testing.T) {
	run := func(pass *analysis.Pass) (_ any, err error) {
		defer safe.Recover(pass, &err)
		return indexOutOfRange(nil, 3), nil
	}
	_, err := run(fakePass("indexer"))
	var pe *safe.PanicError
	if !errors.As(err, &pe) || pe.Analyzer != "indexer" {
		t.Fatalf("got %v, want a *PanicError naming indexer", err)
	}
	if !strings.Contains(err.Error(), "panic: runtime error: index out of range [3] with length 0") {
		t.Errorf("message does not carry the runtime error:\n%s", err)
	}
	checkStack(t, pe.Stack, "safe_test.indexOutOfRange")
}

// checkStack checks that stack starts at the function that panicked,
// below the runtime's panic machinery, and is cut short.
func checkStack(t *testing.T, stack, site string) {
	t.Helper()
	lines := strings.Split(stack, "\n")
	if len(lines) < 2 || !strings.HasSuffix(lines[0], site) || !strings.Contains(lines[1], "safe_test.go:") {
		t.Errorf("stack does not start at %s:\n%s", site, stack)
	}
	if len(lines) > 10 || strings.Contains(stack, "runtime.gopanic") {
		t.Errorf("stack is not the first few frames below the panic:\n%s", stack)
	}
}

func TestWrapKeepsAnalyzer(t *testing.T) {
	a := &analysis.Analyzer{Name: "a", Doc: "doc", Run: func(*analysis.Pass) (any, error) { return 1, nil }}
	w := safe.Wrap(a)
	if w == a || w.Name != "a" || w.Doc != "doc" {
		t.Errorf("Wrap returned %+v", w)
	}
	if res, err := w.Run(fakePass("a")); res != 1 || err != nil {
		t.Errorf("wrapped Run returned %v, %v; want 1, nil", res, err)
	}
	if safe.Wrap(nil) != nil {
		t.Error("Wrap(nil) != nil")
	}
}

// module writes a module with package app, where exploder panics, and a
// main package, where it does not; mainfunc reports in both.
func module(t *testing.T) string {
	t.Helper()
	testmod.Offline(t)
	return testmod.Write(t, map[string]string{
		"app/app.go":  "package app\n\nfunc Bad() {}\n",
		"cmd/main.go": "package main\n\nimport _ \"example.com/m/app\"\n\nfunc main() {}\n",
	})
}

const wantPanic = "internal error in analyzer exploder on package example.com/m/app: panic: boom (please report it with the code that caused it)"

// TestDriverReportsPanicAndGoesOn runs the standalone driver: each panic is
// reported once, as a root cause (dependent's "failed prerequisites" is a
// consequence of explodingpass's), and the other analyzers' findings are
// still printed.
func TestDriverReportsPanicAndGoesOn(t *testing.T) {
	dir := module(t)
	var stdout, stderr bytes.Buffer
	p := driver.Program{Analyzers: wrapAll(newAnalyzers()), Dir: dir, Stdout: &stdout, Stderr: &stderr}
	code := p.Main([]string{"./..."})
	out := stderr.String()
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{wantPanic, "safe_test.explode", "app.go:3:6: func Bad (mainfunc)", "main.go:5:6: func main (mainfunc)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, a := range []string{"exploder", "explodingpass"} {
		if n := strings.Count(out, "internal error in analyzer "+a+" "); n != 1 {
			t.Errorf("the panic in %s is reported %d times, want once:\n%s", a, n, out)
		}
	}
	if strings.Contains(out, "failed prerequisites") || strings.Contains(out, "goroutine ") {
		t.Errorf("output shows consequences or a goroutine dump:\n%s", out)
	}
}

// TestVetReportsPanicAndGoesOn runs exploder and mainfunc under go vet.
// go vet stops printing a package's results at its first error, so
// mainfunc's finding in app may or may not show; the one in the main
// package must.
func TestVetReportsPanicAndGoesOn(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet")
	}
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := module(t)
	t.Setenv(vettoolEnv, "1")
	cmd := exec.Command("go", "vet", "-vettool="+bin, "./...")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("go vet: %v, want exit status 1", err)
	}
	for _, want := range []string{wantPanic, "main.go:5:6: func main"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("go vet output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(string(out), "goroutine ") {
		t.Errorf("go vet output has a goroutine dump:\n%s", out)
	}
}
