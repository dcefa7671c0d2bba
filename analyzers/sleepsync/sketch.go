package sleepsync

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/golint-conc/golint-conc/internal/code"
)

// A sketch is what one cheap syntactic pass over the package learns about
// its functions, so that flows, which cost a walk of every node and a
// classification of every call, are built only for the few functions
// whose flow can change a result. It over-approximates the flows: it
// looks into every function literal, counts unreachable code, and does
// not tell stops from other calls, so a flow confirms each of its hints.
type sketch struct {
	// callers maps each function of the package to the functions whose
	// bodies call it or name it in a cleanup: every caller that a flow
	// records as an evCall or deferred call, and perhaps more.
	callers map[*types.Func][]*types.Func

	// joining lists the functions that may join directly: their bodies
	// receive from a channel, range over one, or call a Wait method or
	// time.Sleep. spawning lists those that hold a spawn site.
	joining  []*types.Func
	spawning []*types.Func

	// listening lists the functions whose bodies call a function that
	// binds a listener (net.Listen, or an imported function with a
	// listensFact).
	listening []*types.Func
}

// sketchTypes are the nodes from which a flow's events arise.
var sketchTypes = []ast.Node{(*ast.CallExpr)(nil), (*ast.GoStmt)(nil), (*ast.UnaryExpr)(nil), (*ast.RangeStmt)(nil)}

func (c *checker) sketch() *sketch {
	sk := &sketch{callers: make(map[*types.Func][]*types.Func)}
	ins := c.pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for fn, cur := range code.FuncDecls(c.pass.TypesInfo, ins.Root()) {
		if c.decls[fn] != cur.Node() {
			continue
		}
		joins, spawns, listens := false, false, false
		for n := range cur.Preorder(sketchTypes...) {
			switch n := n.Node().(type) {
			case *ast.GoStmt:
				spawns = spawns || c.sites[n]
			case *ast.UnaryExpr:
				joins = joins || n.Op == token.ARROW
			case *ast.RangeStmt:
				if t := c.pass.TypesInfo.TypeOf(n.X); t != nil {
					_, isChan := t.Underlying().(*types.Chan)
					joins = joins || isChan
				}
			case *ast.CallExpr:
				spawns = spawns || c.sites[n]
				joins = c.sketchCall(sk, fn, n) || joins
				listens = listens || c.importedListen(code.Callee(c.pass.TypesInfo, n))
			}
		}
		if joins {
			sk.joining = append(sk.joining, fn)
		}
		if spawns {
			sk.spawning = append(sk.spawning, fn)
		}
		if listens {
			sk.listening = append(sk.listening, fn)
		}
	}
	return sk
}

// sketchCall records the edge from caller to the function that call
// calls, or that a cleanup it registers calls, and reports whether that
// function may make the caller join.
func (c *checker) sketchCall(sk *sketch, caller *types.Func, call *ast.CallExpr) bool {
	fn := code.Callee(c.pass.TypesInfo, call)
	if fn == nil {
		return false
	}
	fn = fn.Origin()
	joins := c.sketchCallee(sk, caller, fn)
	if isCleanup(fn) && len(call.Args) == 1 {
		var id *ast.Ident
		switch f := ast.Unparen(call.Args[0]).(type) {
		case *ast.Ident:
			id = f
		case *ast.SelectorExpr:
			id = f.Sel
		}
		if v, ok := c.pass.TypesInfo.Uses[id].(*types.Func); ok {
			joins = c.sketchCallee(sk, caller, v.Origin()) || joins
		}
	}
	return joins
}

func (c *checker) sketchCallee(sk *sketch, caller, fn *types.Func) bool {
	if fn.Pkg() == c.pass.Pkg && c.decls[fn] != nil {
		if callers := sk.callers[fn]; len(callers) == 0 || callers[len(callers)-1] != caller {
			sk.callers[fn] = append(callers, caller)
		}
	}
	return isWait(fn) || code.IsFunc(fn, "time", "Sleep")
}
