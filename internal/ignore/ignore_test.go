package ignore_test

import (
	"flag"
	"go/ast"
	"go/types"
	"reflect"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/golint-conc/golint-conc/internal/ignore"
)

// fakeconc reports every go statement and every call of a function named
// send: enough findings to show where directives apply.
var fakeconc = &analysis.Analyzer{
	Name:     "fakeconc",
	Doc:      "fakeconc: report go statements and calls of send",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		insp.Preorder([]ast.Node{(*ast.GoStmt)(nil), (*ast.CallExpr)(nil)}, func(n ast.Node) {
			switch n := n.(type) {
			case *ast.GoStmt:
				pass.Reportf(n.Pos(), "go statement")
			case *ast.CallExpr:
				if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "send" {
					pass.Report(analysis.Diagnostic{Pos: n.Pos(), End: n.End(), Message: "call of send"})
				}
			}
		})
		return nil, nil
	},
}

func TestWrapSuppresses(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ignore.Wrap(fakeconc), "pipeline")
}

// TestFixtureFindsSuppressed guards the fixture itself: without the
// wrapper, every line that TestWrapSuppresses expects to be silent must
// be reported, or a silent line would prove nothing.
func TestFixtureFindsSuppressed(t *testing.T) {
	const reported, suppressed = 14, 18
	results := analysistest.Run(discard{}, analysistest.TestData(), fakeconc, "pipeline")
	if len(results) != 1 {
		t.Fatalf("got %d results, want 1", len(results))
	}
	if got := len(results[0].Diagnostics); got != reported+suppressed {
		t.Errorf("unwrapped fakeconc reported %d diagnostics, want %d (%d expected by // want, %d suppressed)",
			got, reported+suppressed, reported, suppressed)
	}
}

// discard is an analysistest.Testing that ignores the unmatched
// diagnostics an unwrapped run produces.
type discard struct{}

func (discard) Errorf(string, ...any) {}

// spawnsFact marks a function whose body has a go statement.
type spawnsFact struct{}

func (*spawnsFact) AFact()         {}
func (*spawnsFact) String() string { return "spawns" }

// spawnfact exports spawnsFact and reports calls of functions carrying it,
// in its own package or an imported one.
var spawnfact = &analysis.Analyzer{
	Name:      "spawnfact",
	Doc:       "spawnfact: report calls of functions that start goroutines",
	FactTypes: []analysis.Fact{new(spawnsFact)},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			for _, decl := range f.Decls {
				fd, ok := decl.(*ast.FuncDecl)
				if !ok || fd.Body == nil || !hasGo(fd.Body) {
					continue
				}
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					pass.ExportObjectFact(fn, new(spawnsFact))
				}
			}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				if fn, ok := pass.TypesInfo.Uses[sel.Sel].(*types.Func); ok && pass.ImportObjectFact(fn, new(spawnsFact)) {
					pass.Reportf(call.Pos(), "call of %s starts goroutines", fn.Name())
				}
				return true
			})
		}
		return nil, nil
	},
}

func hasGo(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		_, isGo := n.(*ast.GoStmt)
		found = found || isGo
		return !found
	})
	return found
}

func TestWrapKeepsFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ignore.Wrap(spawnfact), "workers", "server")
}

func TestWrapKeepsIdentity(t *testing.T) {
	var flags flag.FlagSet
	flags.Bool("strict", false, "report more")
	a := &analysis.Analyzer{
		Name:             "sample",
		Doc:              "sample: a sample",
		URL:              "https://example.com/sample",
		Flags:            flags,
		Requires:         []*analysis.Analyzer{inspect.Analyzer},
		ResultType:       reflect.TypeFor[int](),
		FactTypes:        []analysis.Fact{new(spawnsFact)},
		RunDespiteErrors: true,
		Run:              func(*analysis.Pass) (any, error) { return 42, nil },
	}
	w := ignore.Wrap(a)
	if w == a {
		t.Fatal("Wrap returned its argument; want a copy")
	}
	if w.Name != a.Name || w.Doc != a.Doc || w.URL != a.URL || w.RunDespiteErrors != a.RunDespiteErrors {
		t.Errorf("Wrap changed Name/Doc/URL/RunDespiteErrors: got %+v", w)
	}
	if w.Flags.Lookup("strict") == nil {
		t.Error("Wrap lost the analyzer's flags")
	}
	if !reflect.DeepEqual(w.Requires, a.Requires) || w.ResultType != a.ResultType || !reflect.DeepEqual(w.FactTypes, a.FactTypes) {
		t.Error("Wrap changed Requires, ResultType or FactTypes")
	}
	if err := analysis.Validate([]*analysis.Analyzer{w}); err != nil {
		t.Errorf("wrapped analyzer is invalid: %v", err)
	}
	if res, err := w.Run(&analysis.Pass{Analyzer: w}); res != 42 || err != nil {
		t.Errorf("wrapped Run = %v, %v; want the original's 42, nil", res, err)
	}
	if ignore.Wrap(nil) != nil {
		t.Error("Wrap(nil) != nil")
	}
}
