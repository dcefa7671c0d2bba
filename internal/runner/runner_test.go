package runner

import (
	"fmt"
	"go/ast"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/golint-conc/golint-conc/internal/testmod"
)

// loadModule writes a module of two packages, app importing dep, and
// loads app with syntax for dep too, as drivers do for fact analyzers.
func loadModule(t *testing.T) []*packages.Package {
	t.Helper()
	dir := testmod.Write(t, map[string]string{
		"dep/dep.go": `package dep

func MarkExported() {}
func markHidden()   {}
func Plain()        { markHidden() }
`,
		"app/app.go": `package app

import "example.com/m/dep"

func run() {
	dep.MarkExported()
	dep.Plain()
}
`,
	})
	testmod.Offline(t)
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Dir: dir}, "./app")
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
		t.Fatalf("loading: %v", pkgs)
	}
	return pkgs
}

// funcCount's result is the number of function declarations.
var funcCount = &analysis.Analyzer{
	Name:       "funccount",
	Doc:        "count functions",
	ResultType: reflect.TypeFor[int](),
	Run: func(pass *analysis.Pass) (any, error) {
		n := 0
		for _, f := range pass.Files {
			for _, d := range f.Decls {
				if _, ok := d.(*ast.FuncDecl); ok {
					n++
				}
			}
		}
		return n, nil
	},
}

// reportCount reports funcCount's result; it fails the test's expectations
// if that result was released before it ran.
var reportCount = &analysis.Analyzer{
	Name:     "reportcount",
	Doc:      "report the count",
	Requires: []*analysis.Analyzer{funcCount},
	Run: func(pass *analysis.Pass) (any, error) {
		n := pass.ResultOf[funcCount].(int)
		pass.Reportf(pass.Files[0].Package, "%d functions", n)
		return nil, nil
	},
}

type markFact struct{}

func (*markFact) AFact()         {}
func (*markFact) String() string { return "mark" }

// marks puts a fact on functions named mark*, and reports calls of
// functions with the fact and every fact it can see.
var marks = &analysis.Analyzer{
	Name:      "marks",
	Doc:       "mark functions",
	FactTypes: []analysis.Fact{new(markFact)},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncDecl:
					if strings.HasPrefix(strings.ToLower(n.Name.Name), "mark") {
						pass.ExportObjectFact(pass.TypesInfo.Defs[n.Name], new(markFact))
					}
				case *ast.SelectorExpr:
					if obj := pass.TypesInfo.Uses[n.Sel]; obj != nil && pass.ImportObjectFact(obj, new(markFact)) {
						pass.Reportf(n.Pos(), "call of marked %s", obj.Name())
					}
				}
				return true
			})
		}
		var names []string
		for _, f := range pass.AllObjectFacts() {
			names = append(names, f.Object.Name())
		}
		slices.Sort(names)
		pass.Reportf(pass.Files[0].Package, "facts: %s", strings.Join(names, " "))
		return nil, nil
	},
}

func diagnostics(g *Graph) []string {
	var out []string
	for _, act := range g.Roots {
		if act.Err != nil {
			out = append(out, fmt.Sprintf("%s: error: %v", act, act.Err))
		}
		for _, d := range act.Diagnostics {
			out = append(out, fmt.Sprintf("%s: %s", act, d.Message))
		}
	}
	return out
}

func TestResultsAndFacts(t *testing.T) {
	pkgs := loadModule(t)
	g, err := Run([]*analysis.Analyzer{reportCount, marks}, pkgs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := diagnostics(g)
	want := []string{
		"reportcount@example.com/m/app: 1 functions",
		"marks@example.com/m/app: call of marked MarkExported",
		// markHidden's fact stays in dep: app cannot refer to it.
		"marks@example.com/m/app: facts: MarkExported",
	}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// marks ran on dep for its facts, and saw its own two.
	for act := range g.All() {
		if act.Analyzer == marks && act.Package.PkgPath == "example.com/m/dep" {
			if len(act.Diagnostics) != 1 || act.Diagnostics[0].Message != "facts: MarkExported markHidden" {
				t.Errorf("marks on dep: %v", act.Diagnostics)
			}
		}
	}
}

func TestRelease(t *testing.T) {
	for _, release := range []bool{false, true} {
		pkgs := loadModule(t)
		g, err := Run([]*analysis.Analyzer{reportCount, marks}, pkgs, Options{ReleasePackages: release})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for act := range g.All() {
			n++
			if act.Err != nil {
				t.Errorf("%s: %v", act, act.Err)
			}
			if act.result != nil || act.objectFacts != nil || act.packageFacts != nil {
				t.Errorf("%s: result or facts kept after the run", act)
			}
			if act.readers != 0 || act.waitingFor != 0 {
				t.Errorf("%s: %d readers, %d deps left", act, act.readers, act.waitingFor)
			}
		}
		if n != 4 { // reportcount and funccount on app, marks on app and dep
			t.Errorf("%d actions, want 4", n)
		}
		packages.Visit(pkgs, nil, func(pkg *packages.Package) {
			if pkg.PkgPath != "example.com/m/app" && pkg.PkgPath != "example.com/m/dep" {
				return // no action ran on it
			}
			if released := pkg.Syntax == nil && pkg.TypesInfo == nil; released != release {
				t.Errorf("ReleasePackages=%v: %s released: %v", release, pkg.PkgPath, released)
			}
		})
	}
}

func TestPanicFailsOneAction(t *testing.T) {
	pkgs := loadModule(t)
	boom := &analysis.Analyzer{
		Name:      "boom",
		Doc:       "panics on dep",
		FactTypes: []analysis.Fact{new(markFact)},
		Run: func(pass *analysis.Pass) (any, error) {
			if pass.Pkg.Name() == "dep" {
				var m map[string]int
				m["x"]++
			}
			return nil, nil
		},
	}
	g, err := Run([]*analysis.Analyzer{boom, reportCount}, pkgs, Options{Sequential: true})
	if err != nil {
		t.Fatal(err)
	}
	var depErr error
	for act := range g.All() {
		if act.Analyzer == boom && act.Package.Name == "dep" {
			depErr = act.Err
		}
	}
	if depErr == nil || !strings.Contains(depErr.Error(), "boom panicked on example.com/m/dep: assignment to entry in nil map") {
		t.Errorf("boom on dep: error %v, want the panic, naming analyzer and package", depErr)
	}
	got := diagnostics(g)
	want := []string{
		"boom@example.com/m/app: error: failed prerequisites: boom@example.com/m/dep",
		"reportcount@example.com/m/app: 1 functions",
	}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestCycleFailsInsteadOfHanging(t *testing.T) {
	a := &Action{Analyzer: funcCount, Package: &packages.Package{ID: "a"}}
	b := &Action{Analyzer: funcCount, Package: &packages.Package{ID: "b"}, Deps: []*Action{a}}
	a.Deps = []*Action{b}
	a.dependants, b.dependants = []*Action{b}, []*Action{a}
	a.waitingFor, b.waitingFor = 1, 1
	a.readers, b.readers = 1, 1
	newScheduler([]*Action{a, b}, Options{}).run(2)
	for _, act := range []*Action{a, b} {
		if act.Err == nil || !strings.Contains(act.Err.Error(), "cycle") {
			t.Errorf("%s: error %v, want a cycle", act, act.Err)
		}
	}
}
