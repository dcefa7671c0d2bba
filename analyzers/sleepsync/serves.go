package sleepsync

import (
	"go/ast"
	"go/types"
	"slices"

	"github.com/golint-conc/golint-conc/internal/code"
)

// A goroutine that serves, accepts or loops until told to stop never
// finishes on its own: a sleep before using it waits for it to be ready,
// and a WaitGroup's Wait in place of the sleep would block forever. The
// message says so, and advises a ready signal instead.

// runsUntilStopped reports whether some goroutine that spawns start, in
// the function whose flow is fl, does not finish on its own and has not
// been told to stop before sleep.
func (c *checker) runsUntilStopped(fl *flow, spawns []event, sleep event) bool {
	if slices.ContainsFunc(fl.all, func(e event) bool { return e.kind == evStop && fl.reaches(e, sleep) }) {
		return false
	}
	return slices.ContainsFunc(spawns, func(sp event) bool {
		if sp.kind == evCall { // a spawner of this package: look at its own spawns
			inner := c.flow(sp.fn)
			return inner != nil && slices.ContainsFunc(inner.all, func(e event) bool {
				return e.kind == evSpawn && e.fn == nil && c.spawnRunsOn(inner, e, false)
			})
		}
		return sp.fn == nil && c.spawnRunsOn(fl, sp, true)
	})
}

// spawnRunsOn reports whether the goroutine that sp starts does not
// finish on its own. With local set, a channel it ranges over counts as
// closed if fl closes it.
func (c *checker) spawnRunsOn(fl *flow, sp event, local bool) bool {
	info := c.pass.TypesInfo
	var call *ast.CallExpr
	switch n := sp.node.(type) {
	case *ast.GoStmt:
		call = n.Call
	case *ast.CallExpr: // wg.Go(f)
		if len(n.Args) == 1 {
			if lit, ok := ast.Unparen(n.Args[0]).(*ast.FuncLit); ok {
				return c.bodyRunsOn(lit.Body, nil, nil, fl, local)
			}
		}
		return false
	default:
		return false
	}
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		return c.bodyRunsOn(lit.Body, nil, nil, fl, local)
	}
	fn := code.Callee(info, call)
	if fn == nil {
		return false
	}
	if serves(fn) {
		return true // go srv.ListenAndServe()
	}
	if decl := c.decls[fn.Origin()]; decl != nil {
		params, args := decl.Type.Params, call.Args
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && decl.Recv != nil {
			// go p.worker(i): the receiver is the first argument
			params = &ast.FieldList{List: append(slices.Clone(decl.Recv.List), params.List...)}
			args = append([]ast.Expr{sel.X}, args...)
		}
		return c.bodyRunsOn(decl.Body, params, args, fl, local)
	}
	return false
}

// bodyRunsOn reports whether a goroutine's body loops without a
// condition (for { ... }, left only when told to stop), serves, or ranges
// over a channel that nobody in sight closes. params and args map the
// body's parameters to the go statement's arguments.
func (c *checker) bodyRunsOn(body *ast.BlockStmt, params *ast.FieldList, args []ast.Expr, fl *flow, local bool) bool {
	info := c.pass.TypesInfo
	argOf := make(map[*types.Var]ast.Expr)
	if params != nil {
		i := 0
		for _, f := range params.List {
			for _, name := range f.Names {
				if v, ok := info.Defs[name].(*types.Var); ok && i < len(args) {
					argOf[v] = args[i]
				}
				i++
			}
		}
	}
	runs := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt:
			runs = runs || n.Cond == nil
		case *ast.RangeStmt:
			if t := info.TypeOf(n.X); t != nil {
				if ch, isChan := t.Underlying().(*types.Chan); isChan {
					// a ticker's channel is never closed
					runs = runs || code.IsNamed(ch.Elem(), "time", "Time") || !c.closedBy(n.X, argOf, fl, local)
				}
			}
		case *ast.CallExpr:
			runs = runs || serves(code.Callee(info, n))
		}
		return !runs
	})
	return runs
}

// closedBy reports whether the function of fl closes ch, a channel a
// goroutine ranges over.
func (c *checker) closedBy(ch ast.Expr, argOf map[*types.Var]ast.Expr, fl *flow, local bool) bool {
	if !local {
		return true // a spawner's goroutine: its channel is out of sight
	}
	v := code.RootVar(c.pass.TypesInfo, ch)
	if arg, ok := argOf[v]; ok {
		v = code.RootVar(c.pass.TypesInfo, arg)
	}
	return v != nil && fl.closed[v]
}

// serves reports whether fn serves until stopped: a method other than a
// stop of a type that has Shutdown or Serve, such as ListenAndServe.
func serves(fn *types.Func) bool {
	if fn == nil || fn.Signature().Recv() == nil || !isServer(fn.Signature().Recv().Type()) {
		return false
	}
	switch fn.Name() {
	case "Serve", "ListenAndServe", "ListenAndServeTLS", "ServeTLS":
		return true
	}
	return false
}
