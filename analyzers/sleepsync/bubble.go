package sleepsync

import (
	"go/ast"
	"go/types"

	"github.com/golint-conc/golint-conc/internal/code"
)

// In a synctest bubble, time.Sleep returns only once every other goroutine
// of the bubble is durably blocked, so a sleep there does synchronise.
// Tests often reach synctest.Test through helpers of their own, such as
//
//	func synctestSubtest(t *testing.T, name string, f func(testing.TB)) {
//		t.Run(name, func(t *testing.T) { synctest.Test(t, func(t *testing.T) { f(t) }) })
//	}
//
// so findBubbles follows function parameters through such helpers.

var synctestPaths = []string{"testing/synctest", "internal/synctest"}

func isSynctest(fn *types.Func, names ...string) bool {
	for _, path := range synctestPaths {
		for _, name := range names {
			if code.IsFunc(fn, path, name) {
				return true
			}
		}
	}
	return false
}

// findBubbles returns the function literals and declarations of the
// package that run in a synctest bubble: those passed to synctest.Test or
// synctest.Run, or to a function of the package that hands its function
// parameter on to them.
func (c *checker) findBubbles() map[ast.Node]bool {
	bubbles := make(map[ast.Node]bool)
	if !code.Imports(c.pass.Pkg, "testing/synctest") && !code.Imports(c.pass.Pkg, "internal/synctest") {
		return bubbles
	}
	runners := c.findRunners()
	for _, decl := range c.decls {
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || !c.runsInBubble(call, runners) {
				return true
			}
			for _, arg := range call.Args {
				switch arg := ast.Unparen(arg).(type) {
				case *ast.FuncLit:
					bubbles[arg] = true
				case *ast.Ident:
					if fn, ok := c.pass.TypesInfo.Uses[arg].(*types.Func); ok && c.decls[fn] != nil {
						bubbles[c.decls[fn]] = true
					}
				}
			}
			return true
		})
	}
	return bubbles
}

// runsInBubble reports whether call runs its function arguments in a
// bubble.
func (c *checker) runsInBubble(call *ast.CallExpr, runners map[*types.Func]bool) bool {
	fn := code.Callee(c.pass.TypesInfo, call)
	return isSynctest(fn, "Test", "Run") || fn != nil && runners[fn.Origin()]
}

// findRunners returns the functions of the package that pass one of their
// parameters, or a literal calling it, to synctest.Test, synctest.Run or
// another such function.
func (c *checker) findRunners() map[*types.Func]bool {
	runners := make(map[*types.Func]bool)
	for changed := true; changed; {
		changed = false
		for fn, decl := range c.decls {
			if !runners[fn] && c.handsOnParam(fn, decl, runners) {
				runners[fn] = true
				changed = true
			}
		}
	}
	return runners
}

func (c *checker) handsOnParam(fn *types.Func, decl *ast.FuncDecl, runners map[*types.Func]bool) bool {
	params := fn.Signature().Params()
	isParam := func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return false
		}
		v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
		if !ok {
			return false
		}
		for i := range params.Len() {
			if params.At(i) == v {
				return true
			}
		}
		return false
	}
	found := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if found || !ok || !c.runsInBubble(call, runners) {
			return !found
		}
		for _, arg := range call.Args {
			arg = ast.Unparen(arg)
			if _, ok := arg.(*ast.FuncLit); ok {
				ast.Inspect(arg, func(n ast.Node) bool {
					found = found || isParam(n)
					return !found
				})
			} else if isParam(arg) {
				found = true
			}
		}
		return !found
	})
	return found
}
