package tickerleak

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/code"
)

// checkAfter reports time.After received from by a select inside a loop
// when another case of the select (or its default) goes round the loop
// again: each round starts a timer, and before Go 1.23 every one the
// select abandons stays in memory until it fires. When every other case
// leaves the loop (the retry backoff select { case <-ctx.Done(): return;
// case <-time.After(d): }), the timers the loop abandons are at most one.
func (c *checker) checkAfter(call *ast.CallExpr, fn ast.Node, stack []ast.Node) {
	loop := loopAround(stack, fn, call)
	if loop == nil || c.fewIterations(loop) || c.firesAtOnce(call) {
		return
	}
	if sel, clause := selectOf(stack); sel != nil {
		if c.goesRound(sel, clause, labelOf(stack, loop)) {
			c.pass.ReportRangef(call, "time.After in a loop's select starts a new timer on every iteration and, before Go 1.23, each one the select does not pick stays in memory until it fires; make one time.NewTimer (or context.WithTimeout) before the loop, or Reset one timer for a per-iteration timeout")
		}
		return
	}
	v, stmt := c.boundLocal(call, fn, stack)
	if v == nil || stmt == nil {
		return
	}
	if sel, _ := c.selectOn(v, loop); sel == nil || !c.replacedUnreceived(fn, loop, stmt, v) {
		return // re-armed only once its last timer has fired, as in case <-t: t = time.After(d)
	}
	c.pass.ReportRangef(call, "time.After in a loop's select starts a new timer for %s before the select has received from the last one and, before Go 1.23, each one replaced stays in memory until it fires; make one time.NewTimer (or context.WithTimeout) before the loop, or Reset one timer for a per-iteration timeout", v.Name())
}

// firesAtOnce reports whether call, a time.After, has a constant duration
// of zero or less: its timer fires at once, so abandoning it keeps nothing
// in memory.
func (c *checker) firesAtOnce(call *ast.CallExpr) bool {
	if len(call.Args) != 1 {
		return false
	}
	d, ok := intConst(c.pass.TypesInfo, call.Args[0])
	return ok && d <= 0
}

// replacedUnreceived reports whether, after stmt assigns a new timer's
// channel to v, some path inside loop assigns v again (stmt itself on a
// later iteration, or another assignment) before receiving from it: the
// timer stmt started is then abandoned unfired. A select case receiving
// from v counts only on the paths that take it; the cfg evaluates every
// case's communication before the select, which says nothing about which
// one completes.
func (c *checker) replacedUnreceived(fn ast.Node, loop, stmt ast.Stmt, v *types.Var) bool {
	g := c.graph(fn)
	if g == nil {
		return false
	}
	b, i := locate(g, stmt)
	if b == nil {
		return false
	}
	comms := commsIn(loop)
	seen := make(map[*cfg.Block]bool)
	nodes := b.Nodes[i+1:]
	var queue []*cfg.Block
	for {
		stop := false
		for _, n := range nodes {
			if comms[n] {
				continue
			}
			if c.assigns(n, v) {
				return true
			}
			if c.receives(n, v) {
				stop = true // the timer has fired; what follows starts afresh
				break
			}
		}
		if !stop {
			queue = append(queue, b.Succs...)
		}
		for {
			if len(queue) == 0 {
				return false
			}
			b, queue = queue[0], queue[1:]
			if !seen[b] && inLoop(b, loop) && !c.receivingCase(b, v) {
				break
			}
			seen[b] = true
		}
		seen[b] = true
		nodes = b.Nodes
	}
}

// commsIn returns the communications of the select cases in loop.
func commsIn(loop ast.Stmt) map[ast.Node]bool {
	comms := make(map[ast.Node]bool)
	ast.Inspect(loop, func(n ast.Node) bool {
		if cc, ok := n.(*ast.CommClause); ok && cc.Comm != nil {
			comms[cc.Comm] = true
		}
		return true
	})
	return comms
}

// inLoop reports whether b runs inside loop's body, condition or post
// statement, not after the loop ends.
func inLoop(b *cfg.Block, loop ast.Stmt) bool {
	if len(b.Nodes) > 0 {
		return within(b.Nodes[0], loop)
	}
	if b.Stmt == nil {
		return true
	}
	if b.Stmt == loop {
		return b.Kind != cfg.KindForDone && b.Kind != cfg.KindRangeDone
	}
	return within(b.Stmt, loop)
}

// receivingCase reports whether b is the body of a select case that
// receives from v.
func (c *checker) receivingCase(b *cfg.Block, v *types.Var) bool {
	cc, ok := b.Stmt.(*ast.CommClause)
	return ok && b.Kind == cfg.KindSelectCaseBody && cc.Comm != nil && c.receivesFrom(cc.Comm, v)
}

// assigns reports whether n, a cfg node, assigns or declares v.
func (c *checker) assigns(n ast.Node, v *types.Var) bool {
	info := c.pass.TypesInfo
	switch n := n.(type) {
	case *ast.AssignStmt:
		for _, lhs := range n.Lhs {
			if id, ok := ast.Unparen(lhs).(*ast.Ident); ok && info.ObjectOf(id) == v {
				return true
			}
		}
	case *ast.DeclStmt:
		found := false
		ast.Inspect(n, func(m ast.Node) bool {
			if id, ok := m.(*ast.Ident); ok && info.Defs[id] == v {
				found = true
			}
			return !found
		})
		return found
	}
	return false
}

// receives reports whether n, a cfg node, receives from v outside its
// function literals.
func (c *checker) receives(n ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(m.X).(*ast.Ident); ok && m.Op == token.ARROW && c.pass.TypesInfo.Uses[id] == v {
				found = true
			}
		}
		return !found
	})
	return found
}

// goesRound reports whether a case of sel other than timeout, or its
// default, can finish without leaving the loop labelled label ("" if
// none), so the loop goes round and starts another timer.
func (c *checker) goesRound(sel *ast.SelectStmt, timeout *ast.CommClause, label string) bool {
	for _, cl := range sel.Body.List {
		cc, ok := cl.(*ast.CommClause)
		if ok && cc != timeout && !c.leaves(cc.Body, label) {
			return true
		}
	}
	return false
}

// leaves reports whether body, a select case's, ends by leaving the loop:
// a return, a break or goto out of it, or a call that does not return.
func (c *checker) leaves(body []ast.Stmt, label string) bool {
	if len(body) == 0 {
		return false
	}
	switch s := body[len(body)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return s.Tok == token.GOTO || s.Tok == token.BREAK && s.Label != nil && s.Label.Name == label
	case *ast.ExprStmt:
		call, ok := ast.Unparen(s.X).(*ast.CallExpr)
		if !ok {
			return false
		}
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" {
			_, builtin := c.pass.TypesInfo.Uses[id].(*types.Builtin)
			return builtin
		}
		fn := code.Callee(c.pass.TypesInfo, call)
		return fn != nil && c.cfgs.NoReturn(fn)
	}
	return false
}

// labelOf returns the label of loop, found on stack, or "".
func labelOf(stack []ast.Node, loop ast.Stmt) string {
	for i := 1; i < len(stack); i++ {
		if stack[i] == loop {
			if l, ok := stack[i-1].(*ast.LabeledStmt); ok {
				return l.Label.Name
			}
			return ""
		}
	}
	return ""
}

// selectOf returns the select statement, and its case, of which the top
// of stack, a call, is the receive operand: case <-time.After(d) or
// case x := <-time.After(d).
func selectOf(stack []ast.Node) (*ast.SelectStmt, *ast.CommClause) {
	n := len(stack)
	if n < 6 {
		return nil, nil
	}
	recv, ok := stack[n-2].(*ast.UnaryExpr)
	if !ok || recv.Op != token.ARROW {
		return nil, nil
	}
	cc, ok := stack[n-4].(*ast.CommClause)
	if !ok || cc.Comm != stack[n-3] {
		return nil, nil
	}
	sel, _ := stack[n-6].(*ast.SelectStmt)
	return sel, cc
}

// selectOn returns a select statement in loop's body, and its case, that
// receives from v, or nil.
func (c *checker) selectOn(v *types.Var, loop ast.Stmt) (*ast.SelectStmt, *ast.CommClause) {
	var body *ast.BlockStmt
	switch l := loop.(type) {
	case *ast.ForStmt:
		body = l.Body
	case *ast.RangeStmt:
		body = l.Body
	}
	var sel *ast.SelectStmt
	var clause *ast.CommClause
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SelectStmt:
			for _, cl := range n.Body.List {
				if cc, ok := cl.(*ast.CommClause); ok && c.receivesFrom(cc.Comm, v) {
					sel, clause = n, cc
				}
			}
		}
		return sel == nil
	})
	return sel, clause
}

// receivesFrom reports whether comm, a select case's communication,
// receives from v.
func (c *checker) receivesFrom(comm ast.Stmt, v *types.Var) bool {
	var x ast.Expr
	switch s := comm.(type) {
	case *ast.ExprStmt:
		x = s.X
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			x = s.Rhs[0]
		}
	}
	recv, ok := ast.Unparen(x).(*ast.UnaryExpr)
	if !ok || recv.Op != token.ARROW {
		return false
	}
	id, ok := ast.Unparen(recv.X).(*ast.Ident)
	return ok && c.pass.TypesInfo.Uses[id] == v
}

// maxFew is the most iterations a loop may have for the timers it starts
// not to matter: for i := 0; i < 2; i++ { select { ... time.After ... } }
// waits for two of several results.
const maxFew = 10

// fewIterations reports whether loop runs at most maxFew times, by its
// constant bounds.
func (c *checker) fewIterations(loop ast.Stmt) bool {
	info := c.pass.TypesInfo
	switch l := loop.(type) {
	case *ast.ForStmt:
		init, ok := l.Init.(*ast.AssignStmt)
		cond, ok2 := l.Cond.(*ast.BinaryExpr)
		if !ok || !ok2 || len(init.Rhs) != 1 {
			return false
		}
		from, ok := intConst(info, init.Rhs[0])
		to, ok2 := intConst(info, cond.Y)
		if !ok || !ok2 {
			return false
		}
		switch cond.Op {
		case token.LSS:
			return to-from <= maxFew
		case token.LEQ:
			return to-from < maxFew
		}
	case *ast.RangeStmt:
		if n, ok := intConst(info, l.X); ok {
			return n <= maxFew
		}
		if lit, ok := ast.Unparen(l.X).(*ast.CompositeLit); ok {
			return len(lit.Elts) <= maxFew
		}
		t := info.TypeOf(l.X)
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if t == nil {
			return false
		}
		if a, ok := t.Underlying().(*types.Array); ok {
			return a.Len() <= maxFew
		}
	}
	return false
}

func intConst(info *types.Info, x ast.Expr) (int64, bool) {
	tv, ok := info.Types[x]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(tv.Value)
}
