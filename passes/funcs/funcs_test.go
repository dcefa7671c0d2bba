package funcs_test

import (
	"fmt"
	"go/ast"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/passes/funcs"
)

// describe reports each function ("func NAME" or "lit in PATH"), each
// select communication with the function it is in, and each statement
// call that never returns, and checks Enclosing, Func, Graph and the
// Locate functions against each other as it goes.
var describe = &analysis.Analyzer{
	Name:     "describe",
	Doc:      "report the funcs index for testing",
	Requires: []*analysis.Analyzer{inspect.Analyzer, funcs.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[funcs.Analyzer].(*funcs.Result)
		for i, f := range res.Funcs {
			if i > 0 && res.Funcs[i-1].Node.Pos() >= f.Node.Pos() {
				return nil, fmt.Errorf("Funcs not in source order at %s", name(f))
			}
			if res.Func(f.Node) != f || res.Enclosing(f.Node) != f.Node {
				return nil, fmt.Errorf("Func or Enclosing wrong for %s", name(f))
			}
			if f.Body != nil && res.Enclosing(f.Body) != f.Node {
				return nil, fmt.Errorf("Enclosing(body) wrong for %s", name(f))
			}
			if f.Outer == nil {
				pass.Reportf(f.Node.Pos(), "func %s", name(f))
			} else {
				pass.Reportf(f.Node.Pos(), "lit in %s", name(f.Outer))
			}
			g := res.Graph(f.Node)
			if g == nil {
				continue
			}
			for comm := range res.SelectComms(f.Node) {
				if b, i := funcs.LocateOp(g, comm); b == nil || i != -1 || b.Kind != cfg.KindSelectCaseBody {
					return nil, fmt.Errorf("LocateOp(%s comm) = %v, %d", name(f), b, i)
				}
				if b, _ := funcs.Locate(g, comm); b == nil || b.Kind == cfg.KindSelectCaseBody {
					return nil, fmt.Errorf("Locate(%s comm) = %v", name(f), b)
				}
				pass.Reportf(comm.Pos(), "comm in %s", name(f))
			}
		}
		insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		for cur := range insp.Root().Preorder((*ast.ExprStmt)(nil)) {
			s := cur.Node().(*ast.ExprStmt)
			var want ast.Node
			for fn := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
				want = fn.Node()
				break
			}
			if got := res.Enclosing(s); got != want {
				return nil, fmt.Errorf("Enclosing(%v) = %v, want %v", pass.Fset.Position(s.Pos()), got, want)
			}
			if g := res.Graph(want); g != nil {
				if b, i := funcs.Locate(g, s.X); b == nil || b.Nodes[i] != s {
					return nil, fmt.Errorf("Locate(%v) = %v, %d", pass.Fset.Position(s.Pos()), b, i)
				}
			}
			if call, ok := s.X.(*ast.CallExpr); ok && res.NeverReturns(call) {
				pass.Reportf(call.Pos(), "never returns")
			}
		}
		return nil, nil
	},
}

// name is a function's name, or for a literal the path of the functions
// around it: Start.lit.lit.
func name(f *funcs.Func) string {
	var parts []string
	for ; f != nil; f = f.Outer {
		if f.Obj != nil {
			parts = append(parts, f.Obj.Name())
		} else {
			parts = append(parts, "lit")
		}
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, ".")
}

func TestFuncs(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), describe, "funcs", "suite")
}
