package locks_test

import (
	"fmt"
	"go/ast"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/funcs"
	"github.com/golint-conc/golint-conc/passes/locks"
)

// describe reports each function's summary, each lock operation, and the locks held at each call
// of here().
var describe = &analysis.Analyzer{
	Name:     "describe",
	Doc:      "report the locks result for testing",
	Requires: []*analysis.Analyzer{inspect.Analyzer, funcs.Analyzer, locks.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		fr := pass.ResultOf[funcs.Analyzer].(*funcs.Result)
		res := pass.ResultOf[locks.Analyzer].(*locks.Result)
		for _, f := range fr.Funcs {
			if f.Obj != nil {
				if s := res.Summary(f.Obj); s != nil {
					pass.Reportf(f.Node.Pos(), "summary %s", &locks.Fact{Summary: *s})
				}
			}
			for _, op := range res.Ops(f.Node) {
				pass.Reportf(op.Pos, "%s", describeOp(op))
			}
		}
		insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		insp.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) {
			call := n.(*ast.CallExpr)
			if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "here" {
				return
			}
			must, may := res.HeldAt(fr.Enclosing(call), call)
			pass.Reportf(call.Pos(), "must %v may %v", must, may)
		})
		return nil, nil
	},
}

func describeOp(op *locks.Op) string {
	var b strings.Builder
	if op.Deferred {
		b.WriteString("deferred ")
	}
	if op.Escape {
		b.WriteString("escape ")
	}
	name := map[code.LockMethod]string{code.Lock: "Lock", code.Unlock: "Unlock", code.TryLock: "TryLock"}[op.Method]
	if op.Read {
		name = strings.Replace("R"+name, "RTryLock", "TryRLock", 1)
	}
	fmt.Fprintf(&b, "%s %s", name, op.Lock)
	return b.String()
}

func TestLocks(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), describe, "cache")
}

// TestFacts checks the facts store exports; cache reads them.
func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), locks.Analyzer, "store")
}
