package wgdone

import (
	"go/ast"
	"go/types"

	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

// checkAddCounts reports a wg.Add(n) with a constant n followed, in the
// same statement list, by go statements of which k != n call wg.Done. It
// looks only at WaitGroups that are local variables of the spawning
// function and never leave it except to the goroutines counted, so that
// every Add and every Done is in view.
func (c *checker) checkAddCounts() {
	seen := make(map[ast.Node]bool)
	for _, site := range c.sites.Sites {
		if seen[site.Func] {
			continue
		}
		seen[site.Func] = true
		if body := code.FuncBody(site.Func); body != nil {
			c.addsIn(site.Func, body.List, false)
		}
	}
}

// addsIn looks for Adds among stmts, a statement list of fn, and in the
// lists nested in them; inLoop says whether stmts run in a loop of fn.
func (c *checker) addsIn(fn ast.Node, stmts []ast.Stmt, inLoop bool) {
	for i, stmt := range stmts {
		switch s := stmt.(type) {
		case *ast.ExprStmt:
			if call, ok := s.X.(*ast.CallExpr); ok && !inLoop {
				c.checkAdd(fn, stmts, i, call)
			}
		case *ast.BlockStmt:
			c.addsIn(fn, s.List, inLoop)
		case *ast.IfStmt:
			c.addsIn(fn, s.Body.List, inLoop)
			if s.Else != nil {
				c.addsIn(fn, []ast.Stmt{s.Else}, inLoop)
			}
		case *ast.ForStmt:
			c.addsIn(fn, s.Body.List, true)
		case *ast.RangeStmt:
			c.addsIn(fn, s.Body.List, true)
		case *ast.SwitchStmt:
			c.addsIn(fn, s.Body.List, inLoop)
		case *ast.TypeSwitchStmt:
			c.addsIn(fn, s.Body.List, inLoop)
		case *ast.SelectStmt:
			c.addsIn(fn, s.Body.List, inLoop)
		case *ast.CaseClause:
			c.addsIn(fn, s.Body, inLoop)
		case *ast.CommClause:
			c.addsIn(fn, s.Body, inLoop)
		case *ast.LabeledStmt:
			// A label may be the target of a goto that repeats the Add.
			c.addsIn(fn, []ast.Stmt{s.Stmt}, true)
		}
	}
}

// checkAdd checks stmts[i], the call call, if it is Add(n) on a local
// WaitGroup.
func (c *checker) checkAdd(fn ast.Node, stmts []ast.Stmt, i int, call *ast.CallExpr) {
	info := c.pass.TypesInfo
	wg := code.MethodCall(info, call, "sync", "WaitGroup", "Add")
	if wg == nil || len(call.Args) != 1 {
		return
	}
	n, ok := code.ConstInt(info, call.Args[0])
	if !ok || n < 1 {
		return
	}
	id, ok := ast.Unparen(wg).(*ast.Ident)
	if !ok {
		return
	}
	v, _ := info.Uses[id].(*types.Var)
	body := code.FuncBody(fn)
	if v == nil || !declaredIn(v, body) || !isValueWaitGroup(v.Type()) {
		return
	}
	w := code.Path{Root: v}

	// The segment: the statements after the Add up to a Wait on the
	// same WaitGroup in the same list, or to the end of the list.
	var segment []ast.Stmt
	waited := false
	for _, s := range stmts[i+1:] {
		if isWait(info, s, w) {
			waited = true
			break
		}
		segment = append(segment, s)
	}
	k := 0
	for _, s := range segment {
		if g, ok := s.(*ast.GoStmt); ok {
			switch c.goroutineVerdict(c.sites.Of(g), w) {
			case Once:
				k++
			case Never:
			default:
				return
			}
			continue
		}
		if c.mentions(s, w) || callsLocalFunc(info, s) {
			return
		}
	}
	if k == 0 || int64(k) == n {
		return
	}
	var end ast.Node = body // where the segment's count stops mattering
	if waited {
		end = stmts[i+1+len(segment)]
	}
	if !c.confined(fn, body, w, call, segment, end) {
		return
	}
	text := v.Name()
	if int64(k) < n {
		c.pass.ReportRangef(call, "%s.Add(%d) counts %d goroutines but only %d started after it call %s.Done: %s.Wait blocks forever; make the count match, or call %s.Add(1) just before each go statement",
			text, n, n, k, text, text, text)
		return
	}
	c.pass.ReportRangef(call, "%s.Add(%d) counts %d goroutines but %d started after it call %s.Done: the counter goes negative and panics; make the count match, or call %s.Add(1) just before each go statement",
		text, n, n, k, text, text)
}

// confined reports whether the local WaitGroup at w is used in fn only by
// Add and Wait calls and by goroutines: no Done in fn itself, no pointer
// to it stored or passed anywhere but to a goroutine, and after the
// segment of add, up to end, nothing but Waits and goroutines that never
// call Done on it.
func (c *checker) confined(fn ast.Node, body *ast.BlockStmt, w code.Path, add *ast.CallExpr, segment []ast.Stmt, end ast.Node) bool {
	info := c.pass.TypesInfo
	var spawns []*spawnsites.Site
	for _, s := range c.sites.Sites {
		if s.Node.Pos() >= body.Pos() && s.Node.End() <= body.End() {
			spawns = append(spawns, s)
		}
	}
	segEnd := add.End()
	if len(segment) > 0 {
		segEnd = segment[len(segment)-1].End()
	}
	stopAt := end.End()
	if end != ast.Node(body) {
		stopAt = end.Pos()
	}
	ok := true
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		if call, isCall := n.(*ast.CallExpr); isCall && call.Pos() > segEnd && call.Pos() < stopAt {
			ok = !callsLocalFunc(info, call) || enclosingSite(spawns, call) != nil
			return ok
		}
		id, isIdent := n.(*ast.Ident)
		if !isIdent || info.Uses[id] != w.Root {
			return true
		}
		if users := sitesRunning(spawns, id); len(users) > 0 {
			for _, site := range users {
				after := site.Node.Pos() > segEnd && site.Node.Pos() < stopAt
				ok = ok && (!after || c.goroutineVerdict(site, w) == Never)
			}
			return true
		}
		method := calledMethod(info, stack)
		switch {
		case method == "Wait":
		case inLiteral(stack):
			ok = false // a closure may Add, Done or start goroutines when called
		case method == "Add":
			ok = id.Pos() < add.Pos() || id.Pos() == add.Pos() || id.Pos() >= stopAt
		default:
			ok = false // Done, or the WaitGroup escapes
		}
		return true
	})
	return ok
}

// goroutineVerdict says how the goroutine started at site calls Done on
// the WaitGroup at w, a path in the spawner.
func (c *checker) goroutineVerdict(site *spawnsites.Site, w code.Path) Verdict {
	if site == nil {
		return Unknown
	}
	if !c.mentions(site.Node, w) && (site.Lit == nil || !c.mentions(site.Lit, w)) {
		if site.Kind == spawnsites.Dynamic {
			return Unknown
		}
		return Never
	}
	if site.Via != spawnsites.GoStmt {
		return Unknown
	}
	switch {
	case site.Lit != nil:
		inner, ok := c.innerPath(site, w)
		if !ok {
			return Unknown
		}
		if inner.Root == nil {
			return Never
		}
		g := c.cfgs.FuncLit(site.Lit)
		if g == nil {
			return Unknown
		}
		return c.analyze(site.Lit.Body, g, inner).verdict
	case site.Kind == spawnsites.StaticCall:
		call := site.Node.(*ast.GoStmt).Call
		ref, ok := c.refAt(call, site.Callee, w)
		if !ok {
			return Unknown
		}
		return c.verdictOf(site.Callee, ref)
	}
	return Unknown
}

// innerPath maps the WaitGroup at w, a path in the spawner, to the path
// the goroutine's literal names it by: the same path when captured, a
// parameter's when passed. The root is nil when the literal cannot see it.
func (c *checker) innerPath(site *spawnsites.Site, w code.Path) (code.Path, bool) {
	info := c.pass.TypesInfo
	var inner code.Path
	if c.mentions(site.Lit.Body, w) {
		inner = w
	}
	var ps []*types.Var
	for _, field := range site.Lit.Type.Params.List {
		for _, name := range field.Names {
			v, _ := info.Defs[name].(*types.Var)
			ps = append(ps, v)
		}
		if len(field.Names) == 0 {
			ps = append(ps, nil)
		}
	}
	for i, arg := range site.Args {
		if !c.mentions(arg, w) {
			continue
		}
		p, ok := code.AccessPath(info, arg)
		if inner.Root != nil || !ok || !p.Leads(w) || i >= len(ps) || ps[i] == nil {
			return code.Path{}, false
		}
		inner = code.Path{Root: ps[i], Fields: w.Fields[len(p.Fields):]}
	}
	return inner, true
}

func inLiteral(stack []ast.Node) bool {
	for _, n := range stack[1:] {
		if _, ok := n.(*ast.FuncLit); ok {
			return true
		}
	}
	return false
}

// sitesRunning returns the spawn sites whose goroutine runs the code at n:
// the site n is in, or the sites that start the stored closure n is in.
func sitesRunning(sites []*spawnsites.Site, n ast.Node) []*spawnsites.Site {
	if s := enclosingSite(sites, n); s != nil {
		return []*spawnsites.Site{s}
	}
	var users []*spawnsites.Site
	for _, s := range sites {
		if s.Kind == spawnsites.StoredClosure && s.Lit.Pos() <= n.Pos() && n.End() <= s.Lit.End() {
			users = append(users, s)
		}
	}
	return users
}

func enclosingSite(sites []*spawnsites.Site, n ast.Node) *spawnsites.Site {
	var inner *spawnsites.Site
	for _, s := range sites {
		if s.Node.Pos() <= n.Pos() && n.End() <= s.Node.End() {
			if inner == nil || s.Node.Pos() >= inner.Node.Pos() {
				inner = s
			}
		}
	}
	return inner
}

// calledMethod returns the name of the WaitGroup method called on the
// identifier at the top of stack, or "".
func calledMethod(info *types.Info, stack []ast.Node) string {
	if len(stack) < 3 {
		return ""
	}
	sel, ok := stack[len(stack)-2].(*ast.SelectorExpr)
	if !ok || sel.X != stack[len(stack)-1] {
		return ""
	}
	call, ok := stack[len(stack)-3].(*ast.CallExpr)
	if !ok || call.Fun != sel {
		return ""
	}
	fn := code.Callee(info, call)
	if fn == nil || !code.IsMethod(fn, "sync", "WaitGroup", fn.Name()) {
		return ""
	}
	return fn.Name()
}

// isWait reports whether stmt is w.Wait().
func isWait(info *types.Info, stmt ast.Stmt, w code.Path) bool {
	es, ok := stmt.(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok {
		return false
	}
	wg := code.MethodCall(info, call, "sync", "WaitGroup", "Wait")
	if wg == nil {
		return false
	}
	p, ok := code.AccessPath(info, wg)
	return ok && p == w
}

// callsLocalFunc reports whether n calls a function held in a local
// variable, which may start goroutines that cannot be seen from here.
func callsLocalFunc(info *types.Info, n ast.Node) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		if call, ok := x.(*ast.CallExpr); ok && !found {
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
				if v, ok := info.Uses[id].(*types.Var); ok && !code.IsGlobal(v) {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

func isValueWaitGroup(t types.Type) bool {
	_, isNamed := types.Unalias(t).(*types.Named)
	return isNamed && code.IsNamed(t, "sync", "WaitGroup")
}
