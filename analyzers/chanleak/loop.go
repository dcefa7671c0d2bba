package chanleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"github.com/golint-conc/golint-conc/passes/chanops"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

// earlyExit reports senders left blocked when the maker receives in a
// counted loop, one value per sender, but leaves the loop early: for
// range urls { if err := <-errc; err != nil { return err } }.
func (chk *checker) earlyExit(p *pattern) {
	c := p.c
	if len(p.recvs) > 0 || !(p.many && c.Cap == 0 || !p.many && c.Cap < len(p.senders)-1) {
		return // more receives than the loop's, or a buffer that may hold the rest
	}
	loop := recvLoop(c.Func, c.Make, p.looped[0].Node)
	if loop == nil || countExpr(chk.pass.TypesInfo, loop) == "" {
		return // not a counted loop: it may receive until every sender is done
	}
	for _, op := range p.looped[1:] {
		if recvLoop(c.Func, c.Make, op.Node) != loop {
			return
		}
	}
	for _, site := range p.senders {
		if encloses(loop, site.Node) {
			return // one sender per iteration, received in the same iteration
		}
	}
	exit, what := loopExit(loop)
	if exit == nil || !chk.eachSendsOnce(p) {
		return
	}
	name := c.Var.Name()
	chk.pass.ReportRangef(p.sends[0].Node, "%s block forever sending on %s (%s): the %s on line %d of %s leaves the other senders blocked; give %s a buffer of %s",
		chk.senderDesc(p), name, bufDesc(c.Cap), what, chk.line(exit), funcName(c.Func), name, chk.slotsFor(p))
}

func (chk *checker) senderDesc(p *pattern) string {
	if p.many {
		return "goroutines started in a loop"
	}
	return fmt.Sprintf("%d goroutines", len(p.senders))
}

// recvLoop returns the innermost for or range statement of fn that holds
// recv but not the make, looking through no function literal.
func recvLoop(fn ast.Node, mk, recv ast.Node) ast.Stmt {
	var loop ast.Stmt
	ast.Inspect(fn, func(n ast.Node) bool {
		if n == nil || !encloses(n, recv) {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return n == fn
		case *ast.ForStmt:
			if !encloses(n, mk) {
				loop = n
			}
		case *ast.RangeStmt:
			if !encloses(n, mk) {
				loop = n
			}
		}
		return true
	})
	return loop
}

// loopExit returns the first return in loop's body, or a break that
// leaves loop, and what it is.
func loopExit(loop ast.Stmt) (ast.Node, string) {
	var body *ast.BlockStmt
	switch l := loop.(type) {
	case *ast.ForStmt:
		body = l.Body
	case *ast.RangeStmt:
		body = l.Body
	}
	var exit ast.Node
	var what string
	var walk func(n ast.Node, inner bool)
	walk = func(n ast.Node, inner bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			if exit != nil || m == nil || m == n {
				return exit == nil
			}
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				exit, what = m, "early return"
			case *ast.BranchStmt:
				if m.Tok == token.BREAK && m.Label == nil && !inner {
					exit, what = m, "break"
				}
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				walk(m, true) // an unlabelled break there leaves only m
				return false
			}
			return true
		})
	}
	walk(body, false)
	return exit, what
}

// countExpr returns the number of iterations of a counted loop as source
// text, len(urls) for range urls, n for range n or for i := 0; i < n; i++,
// or "" when loop is not one.
func countExpr(info *types.Info, loop ast.Stmt) string {
	switch l := loop.(type) {
	case *ast.RangeStmt:
		t := info.TypeOf(l.X)
		if t == nil {
			return ""
		}
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		switch u := t.Underlying().(type) {
		case *types.Basic:
			if u.Info()&types.IsInteger != 0 {
				return types.ExprString(l.X)
			}
			if u.Info()&types.IsString != 0 {
				return "" // runes, not bytes
			}
		case *types.Slice, *types.Array, *types.Map:
			return "len(" + types.ExprString(l.X) + ")"
		}
	case *ast.ForStmt:
		init, ok := l.Init.(*ast.AssignStmt)
		cond, ok2 := l.Cond.(*ast.BinaryExpr)
		post, ok3 := l.Post.(*ast.IncDecStmt)
		if !ok || !ok2 || !ok3 || len(init.Lhs) != 1 || len(init.Rhs) != 1 || cond.Op != token.LSS || post.Tok != token.INC {
			return ""
		}
		i, ok := init.Lhs[0].(*ast.Ident)
		zero, ok2 := init.Rhs[0].(*ast.BasicLit)
		x, ok3 := cond.X.(*ast.Ident)
		y, ok4 := post.X.(*ast.Ident)
		if !ok || !ok2 || !ok3 || !ok4 || zero.Value != "0" || info.ObjectOf(i) == nil ||
			info.ObjectOf(x) != info.ObjectOf(i) || info.ObjectOf(y) != info.ObjectOf(i) {
			return ""
		}
		return types.ExprString(cond.Y)
	}
	return ""
}

// slotsFor says how big a buffer holds every sender's value: the sender
// count, or the count of the loop that starts them.
func (chk *checker) slotsFor(p *pattern) string {
	if !p.many {
		return strconv.Itoa(len(p.senders))
	}
	if len(p.senders) == 1 {
		if loops := p.senders[0].Loops(); len(loops) == 1 {
			if n := countExpr(chk.pass.TypesInfo, loops[0]); n != "" {
				return n
			}
		}
	}
	return "one slot per sender"
}

// eachSendsOnce reports whether every sending goroutine sends exactly once
// on every path, so that senders and values can be counted alike.
func (chk *checker) eachSendsOnce(p *pattern) bool {
	for _, site := range p.senders {
		if !chk.siteSendsOnce(p.c, site) {
			return false
		}
	}
	return true
}

func (chk *checker) siteSendsOnce(c *chanops.Chan, site *spawnsites.Site) bool {
	var ops []*chanops.Op
	for _, op := range c.Ops {
		if op.Goroutine == site {
			ops = append(ops, op)
		}
	}
	if site.Lit == nil {
		// go fetch(url, ch): the callee must send once.
		return len(ops) == 1 && chk.callSendsOnce(c, ops[0])
	}
	within := func(n ast.Node) []*chanops.Op {
		var in []*chanops.Op
		for _, op := range ops {
			if encloses(n, op.Node) {
				in = append(in, op)
			}
		}
		return in
	}
	w := onceWalk{
		isSend: func(s ast.Stmt) bool {
			in := within(s)
			if len(in) != 1 || in[0].Kind != chanops.Send {
				return false
			}
			if in[0].ViaCall == nil {
				return in[0].Node == s
			}
			switch s.(type) {
			case *ast.ExprStmt, *ast.ReturnStmt, *ast.AssignStmt:
				return chk.callSendsOnce(c, in[0])
			}
			return false
		},
		mentions: func(n ast.Node) bool { return len(within(n)) > 0 },
	}
	return w.once(site.Lit.Body)
}

// callSendsOnce reports whether the call behind op, an operation inferred
// from a call, passes the channel once to a parameter its callee sends on
// exactly once.
func (chk *checker) callSendsOnce(c *chanops.Chan, op *chanops.Op) bool {
	var call *ast.CallExpr
	switch n := op.Node.(type) {
	case *ast.CallExpr:
		call = n
	case *ast.GoStmt:
		call = n.Call
	}
	if op.ViaCall == nil || call == nil {
		return false
	}
	index := -1
	for i, arg := range call.Args {
		if chk.holds(arg, c) {
			if index >= 0 {
				return false // passed twice
			}
			index = i
		}
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s, ok := chk.pass.TypesInfo.Selections[sel]; ok && s.Kind() == types.MethodExpr {
			index-- // (*T).m(recv, args...)
		}
	}
	return index >= 0 && sendsOnce(chk.pass, op.ViaCall, index)
}

// holds reports whether expr is c's variable or a copy of it, possibly
// parenthesised or converted to another channel direction.
func (chk *checker) holds(expr ast.Expr, c *chanops.Chan) bool {
	info := chk.pass.TypesInfo
	for {
		switch e := ast.Unparen(expr).(type) {
		case *ast.Ident:
			v, ok := info.Uses[e].(*types.Var)
			return ok && chk.chans.ChanOf(v) == c
		case *ast.CallExpr:
			tv, ok := info.Types[e.Fun]
			if !ok || !tv.IsType() || len(e.Args) != 1 {
				return false
			}
			expr = e.Args[0]
		default:
			return false
		}
	}
}
