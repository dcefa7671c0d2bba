package condwait

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/code"
)

// returnsToRetry reports whether the loop that re-checks w's condition
// is in the callers: w's function returns right after the Wait without
// using the state its guard tested, and every use of the function in the
// package is a call that a loop of its caller runs again, testing what
// the call returned, as in
//
//	for n == 0 { n = p.readOrBlock(b) }
//
// Each wakeup then ends in the caller's test and, when nothing has
// changed, in another call that checks the guard again. Exported
// functions and function literals may have callers the pass cannot see.
func (c *checker) returnsToRetry(w *wait, keys map[types.Object]bool) bool {
	decl, ok := w.fn.(*ast.FuncDecl)
	if !ok {
		return false
	}
	fn, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if !ok || fn.Exported() || fn.Signature().Results().Len() == 0 {
		return false // without a result, the caller has nothing to test
	}
	return c.returnsAfter(w, keys) && c.callersRetry(fn)
}

// returnsAfter reports whether every path from w leads to a return of
// its own, one that no path skipping the Wait shares, and none of them
// reads keys.
func (c *checker) returnsAfter(w *wait, keys map[types.Object]bool) bool {
	after := reachable(w.block.Succs, nil)
	for b := range reachable(w.g.Blocks[:1], w.block) {
		if after[b] {
			return false // the path that waited rejoins the one that did not
		}
	}
	nodes := w.block.Nodes
	for i, n := range nodes {
		if n.Pos() <= w.call.Pos() && w.call.End() <= n.End() {
			nodes = nodes[i+1:]
			break
		}
	}
	for b := range after {
		nodes = append(nodes[:len(nodes):len(nodes)], b.Nodes...)
	}
	for _, n := range nodes {
		for o := range c.stateKeys(w, n) {
			if keys[o] {
				return false
			}
		}
	}
	return true
}

// reachable returns the blocks reachable from roots, the roots included,
// without passing through avoid.
func reachable(roots []*cfg.Block, avoid *cfg.Block) map[*cfg.Block]bool {
	seen := make(map[*cfg.Block]bool)
	work := append([]*cfg.Block(nil), roots...)
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if b == avoid || seen[b] {
			continue
		}
		seen[b] = true
		work = append(work, b.Succs...)
	}
	return seen
}

// callersRetry reports whether fn is used in the package only in calls
// that retry, and at least once.
func (c *checker) callersRetry(fn *types.Func) bool {
	if r, ok := c.retried[fn]; ok {
		return r
	}
	r := c.allCallsRetry(fn)
	if c.retried == nil {
		c.retried = make(map[*types.Func]bool)
	}
	c.retried[fn] = r
	return r
}

func (c *checker) allCallsRetry(fn *types.Func) bool {
	info := c.pass.TypesInfo
	uses := 0
	for _, obj := range info.Uses {
		if f, ok := obj.(*types.Func); ok && f.Origin() == fn {
			uses++
		}
	}
	calls := 0
	for cur := range c.root.Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		if f := code.Callee(info, call); f == nil || f.Origin() != fn {
			continue
		}
		if !c.retries(cur, call) {
			return false
		}
		calls++
	}
	return calls > 0 && calls == uses
}

// retries reports whether a loop of the function around call runs it
// again and tests its result on the way: the call is in a condition of
// the loop, or its result goes to a local that a condition of the loop
// reads.
func (c *checker) retries(cur inspector.Cursor, call *ast.CallExpr) bool {
	var g *cfg.CFG
up:
	for p := cur.Parent(); p.Node() != nil; p = p.Parent() {
		switch n := p.Node().(type) {
		case *ast.GoStmt, *ast.DeferStmt:
			return false
		case *ast.FuncDecl:
			g = c.cfgs.FuncDecl(n)
			break up
		case *ast.FuncLit:
			g = c.cfgs.FuncLit(n)
			break up
		}
	}
	if g == nil {
		return false
	}
	b := blockOf(g, call)
	if b == nil || !reaches(b, b) {
		return false // called once
	}
	results := c.resultVars(b, call)
	for _, cb := range g.Blocks {
		if len(cb.Succs) != 2 || len(cb.Nodes) == 0 || !(cb == b || reaches(b, cb) && reaches(cb, b)) {
			continue // not a condition of the loop
		}
		tested := false
		ast.Inspect(cb.Nodes[len(cb.Nodes)-1], func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				tested = tested || n == call
			case *ast.Ident:
				v, ok := c.pass.TypesInfo.Uses[n].(*types.Var)
				tested = tested || ok && results[v]
			}
			return !tested
		})
		if tested {
			return true
		}
	}
	return false
}

// resultVars returns the variables that the node of b holding call
// assigns the call's results to: n in n = p.readOrBlock(b).
func (c *checker) resultVars(b *cfg.Block, call *ast.CallExpr) map[*types.Var]bool {
	vars := make(map[*types.Var]bool)
	for _, n := range b.Nodes {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 || ast.Unparen(as.Rhs[0]) != call {
			continue
		}
		for _, lhs := range as.Lhs {
			if id, ok := lhs.(*ast.Ident); ok {
				v, _ := c.pass.TypesInfo.Defs[id].(*types.Var)
				if v == nil {
					v, _ = c.pass.TypesInfo.Uses[id].(*types.Var)
				}
				if v != nil && !v.IsField() {
					vars[v] = true
				}
			}
		}
	}
	return vars
}
