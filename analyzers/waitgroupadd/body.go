package waitgroupadd

import (
	"go/ast"
	"go/types"

	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

// A wgCall is a call of Add or Done that a goroutine body makes itself.
type wgCall struct {
	call     *ast.CallExpr
	wg       ast.Expr // the WaitGroup: wg in wg.Add(1)
	deferred bool
}

// racyAdds returns the Adds in body, the body of a function run as a
// goroutine, that count the goroutine itself: a Done on the same
// WaitGroup follows (or is deferred), and no goroutine the Add could be
// for is started after it.
func (c *checker) racyAdds(body *ast.BlockStmt) []wgCall {
	adds, dones := c.calls(body)
	var racy []wgCall
	for _, add := range adds {
		if c.pairedWithDone(add, dones) && !c.handsOff(body, add) {
			racy = append(racy, add)
		}
	}
	return racy
}

// calls returns the Add and Done calls body makes itself. Calls in nested
// function literals belong to other goroutines or callbacks, except the
// Dones of a deferred literal, defer func() { ...; wg.Done() }().
// Add with a negative constant is a Done.
func (c *checker) calls(body *ast.BlockStmt) (adds, dones []wgCall) {
	info := c.pass.TypesInfo
	classify := func(call *ast.CallExpr, deferred bool) {
		if wg := code.MethodCall(info, call, "sync", "WaitGroup", "Done"); wg != nil {
			dones = append(dones, wgCall{call, wg, deferred})
			return
		}
		wg := code.MethodCall(info, call, "sync", "WaitGroup", "Add")
		if wg == nil || len(call.Args) != 1 {
			return
		}
		n, isConst := code.ConstInt(info, call.Args[0])
		switch {
		case isConst && n < 0:
			dones = append(dones, wgCall{call, wg, deferred})
		case (!isConst || n > 0) && !deferred:
			adds = append(adds, wgCall{call, wg, deferred})
		}
	}
	var walk func(root ast.Node, deferred bool)
	walk = func(root ast.Node, deferred bool) {
		ast.Inspect(root, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.DeferStmt:
				if lit, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit); ok {
					walk(lit.Body, true)
				} else {
					classify(n.Call, true)
				}
				return false
			case *ast.CallExpr:
				classify(n, deferred)
			}
			return true
		})
	}
	walk(body, false)
	return adds, dones
}

// pairedWithDone reports whether the goroutine calls Done on add's
// WaitGroup after the Add, deferred or not. A goroutine with both a
// deferred Done and a Done after the Add has one Done for itself, so it
// was counted by its spawner, and one for the Add, which then only
// brackets some work inside a count that is already above zero.
func (c *checker) pairedWithDone(add wgCall, dones []wgCall) bool {
	var deferred, after bool
	for _, done := range dones {
		if !code.SamePath(c.pass.TypesInfo, add.wg, done.wg) {
			continue
		}
		if done.deferred {
			deferred = true
		} else if done.call.Pos() > add.call.Pos() {
			after = true
		}
	}
	return deferred != after
}

// handsOff reports whether, after add in body, the goroutine starts a
// child the Add may be for: the nested pattern of golang/go#18022, where
// a goroutine that is itself counted Adds for the goroutines it starts.
func (c *checker) handsOff(body *ast.BlockStmt, add wgCall) bool {
	p, ok := code.AccessPath(c.pass.TypesInfo, add.wg)
	if !ok {
		return true
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found || n == nil || n.End() <= add.call.End() {
			return false
		}
		if n.Pos() < add.call.End() {
			return true // encloses the Add: look at what follows it inside
		}
		switch n := n.(type) {
		case *ast.GoStmt:
			found = c.startsChild(c.sites.Of(n), p)
		case *ast.CallExpr:
			found = c.passesCount(n, p)
		}
		return !found
	})
	return found
}

// startsChild reports whether the goroutine started at site may Done the
// WaitGroup at p: it refers to the WaitGroup or to a value holding it, or
// runs code that cannot be seen.
func (c *checker) startsChild(site *spawnsites.Site, p code.Path) bool {
	if site == nil {
		return false
	}
	info := c.pass.TypesInfo
	if site.Lit != nil && mentions(info, site.Lit, p) {
		return true
	}
	if site.Kind == spawnsites.Dynamic || site.Recv != nil && mentions(info, site.Recv, p) {
		return true
	}
	for _, arg := range site.Args {
		if mentions(info, arg, p) {
			return true
		}
	}
	return site.Lit == nil && code.IsGlobal(p.Root)
}

// passesCount reports whether call, made after an Add on the WaitGroup at
// p, may hand the count to another goroutine: it starts one with wg.Go or
// g.Go, is given the WaitGroup or a function that calls its Done, or calls
// a function that starts goroutines on a value holding the WaitGroup.
func (c *checker) passesCount(call *ast.CallExpr, p code.Path) bool {
	info := c.pass.TypesInfo
	if site := c.sites.Of(call); site != nil {
		return c.startsChild(site, p)
	}
	for _, arg := range call.Args {
		if q, ok := code.AccessPath(info, arg); ok && q == p {
			return true
		}
		if lit, ok := ast.Unparen(arg).(*ast.FuncLit); ok && c.callsDone(lit, p) {
			return true
		}
	}
	var recv ast.Expr
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s, ok := info.Selections[sel]; ok && s.Kind() == types.MethodVal {
			recv = sel.X
		}
	}
	fn := code.Callee(info, call)
	if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "sync" {
		return false // wg.Done, mu.Lock: not a goroutine
	}
	if fn == nil || code.IsInterfaceMethod(fn) {
		// What a dynamic call runs is unknown: trust a method called on
		// the value that holds the WaitGroup.
		return recv != nil && mentions(info, recv, p)
	}
	if !c.sites.Spawns(fn) {
		return false
	}
	if recv != nil && mentions(info, recv, p) || code.IsGlobal(p.Root) {
		return true
	}
	for _, arg := range call.Args {
		if mentions(info, arg, p) {
			return true
		}
	}
	return false
}

// callsDone reports whether lit calls Done on the WaitGroup at p.
func (c *checker) callsDone(lit *ast.FuncLit, p code.Path) bool {
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && !found {
			wg := code.MethodCall(c.pass.TypesInfo, call, "sync", "WaitGroup", "Done")
			found = wg != nil && code.IsPath(c.pass.TypesInfo, wg, p)
		}
		return !found
	})
	return found
}

// mentions reports whether node refers to the WaitGroup at p or to a value
// that leads to it (s for s.wg, but not s.log).
func mentions(info *types.Info, node ast.Node, p code.Path) bool {
	found := false
	ast.Inspect(node, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if sel, ok := info.Selections[n]; ok && sel.Kind() == types.FieldVal {
				if q, ok := code.AccessPath(info, n); ok {
					found = q.Leads(p)
					return false
				}
			}
		case *ast.Ident:
			found = info.Uses[n] == p.Root
		}
		return !found
	})
	return found
}
