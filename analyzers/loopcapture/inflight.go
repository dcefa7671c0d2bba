package loopcapture

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/chanops"
)

// handedBack reports whether the loop l writes v, and starts the
// goroutine esc, only when no goroutine that esc started can still use v.
// That holds for an in-flight gate on a channel ch the goroutine signals:
//
//	if done == nil && len(q) > 0 { b = q; done = make(chan struct{}); go func() { send(b); close(done) }() }
//	select { case <-done: done = nil; ... }
//
// The goroutine's last use of v and of ch is a send on ch or close(ch)
// (finished); the loop writes v and ch only after receiving from ch, which
// completes only once the goroutine has signalled, or under a ch == nil
// test; and it starts the goroutine only after such a receive, or under
// the ch == nil test right after giving ch a new value. Then ch is nil
// only while no goroutine is in flight, and the goroutine is done with v
// whenever the loop changes it. v may be ch itself.
func (c *checker) handedBack(esc *escape, l *loop, v *types.Var) bool {
	if esc.deferred {
		return false
	}
	for ch := range c.signalledChans(esc.lit) {
		if c.handedBackVia(esc, l, v, ch) {
			return true
		}
	}
	return false
}

func (c *checker) handedBackVia(esc *escape, l *loop, v, ch *types.Var) bool {
	if !c.finishesWithSignal(esc.lit, ch, v) {
		return false
	}
	chWrites, ok := c.loopWrites(l, ch)
	if !ok {
		return false
	}
	writes := chWrites
	if v != ch {
		vWrites, ok := c.loopWrites(l, v)
		if !ok {
			return false
		}
		writes = append(vWrites, chWrites...)
	}
	for _, w := range writes {
		if !c.afterReceive(w, l, ch) && c.nilGate(w, l, ch) == nil {
			return false
		}
	}
	if c.afterReceive(esc.cur, l, ch) {
		return true
	}
	// Under the gate, ch must be given its new value before the goroutine
	// starts, or the gate stays open while it runs.
	gate := c.nilGate(esc.cur, l, ch)
	if gate == nil {
		return false
	}
	for _, w := range chWrites {
		if w.Node().Pos() > gate.Body.Pos() && w.Node().Pos() < esc.cur.Node().Pos() {
			return true
		}
	}
	return false
}

// loopWrites returns the identifiers that assign v in the body of l. ok is
// false when v has its address taken there, or is assigned by a function
// literal, where the loop cannot see when it changes.
func (c *checker) loopWrites(l *loop, v *types.Var) (writes []inspector.Cursor, ok bool) {
	ok = true
	visitAccesses(c.pass.TypesInfo, l.body, func(id *ast.Ident, w *types.Var, acc access, nested bool) {
		if w != v || acc&(write|addr) == 0 {
			return
		}
		if acc&addr != 0 || nested {
			ok = false
			return
		}
		if cur, found := l.cur.FindNode(id); found {
			writes = append(writes, cur)
		}
	})
	return writes, ok
}

// afterReceive reports whether x, inside the body of l, runs only after
// this iteration received from v: in the body of a select case that
// receives from v, or after a statement receiving from v in an enclosing
// statement list.
func (c *checker) afterReceive(x inspector.Cursor, l *loop, v *types.Var) bool {
	info := c.pass.TypesInfo
	for ; x != l.cur && x.Node() != nil; x = x.Parent() {
		if x.ParentEdgeKind() == edge.CommClause_Body {
			if cc := x.Parent().Node().(*ast.CommClause); cc.Comm != nil && identVar(info, code.RecvCase(cc.Comm)) == v {
				return true
			}
		}
		if !inList(x) {
			continue
		}
		for sib, ok := x.PrevSibling(); ok; sib, ok = sib.PrevSibling() {
			if s, isStmt := sib.Node().(ast.Stmt); isStmt && identVar(info, code.RecvCase(s)) == v {
				return true
			}
		}
	}
	return false
}

// nilGate returns the if statement inside l whose body holds x and whose
// condition requires v == nil, or nil.
func (c *checker) nilGate(x inspector.Cursor, l *loop, v *types.Var) *ast.IfStmt {
	for ; x != l.cur && x.Node() != nil; x = x.Parent() {
		if x.ParentEdgeKind() != edge.IfStmt_Body {
			continue
		}
		ifs := x.Parent().Node().(*ast.IfStmt)
		if c.requiresNil(ifs.Cond, v) {
			return ifs
		}
	}
	return nil
}

// requiresNil reports whether cond is true only when v == nil: the test
// itself or one operand of a chain of &&.
func (c *checker) requiresNil(cond ast.Expr, v *types.Var) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	switch b.Op {
	case token.LAND:
		return c.requiresNil(b.X, v) || c.requiresNil(b.Y, v)
	case token.EQL:
		info := c.pass.TypesInfo
		return identVar(info, b.X) == v && info.Types[b.Y].IsNil() ||
			identVar(info, b.Y) == v && info.Types[b.X].IsNil()
	}
	return false
}

// finishesWithSignal reports whether the goroutine lit is done with ch
// and v once it has sent on ch or closed it: it signals ch at least once,
// and no path of its control flow from a signal reaches another reference
// to either. A deferred signal (defer close(ch)) runs after everything
// else, so it finishes them provided no other deferred call refers to
// them. A reference in a nested literal that is not a deferred signal may
// run at any time.
func (c *checker) finishesWithSignal(lit *ast.FuncLit, ch, v *types.Var) bool {
	info := c.pass.TypesInfo
	g := cfg.New(lit.Body, func(call *ast.CallExpr) bool { return !code.NeverReturns(info, call) })
	signals, deferred := 0, 0
	for _, b := range g.Blocks {
		for i, n := range b.Nodes {
			if d, ok := n.(*ast.DeferStmt); ok {
				switch {
				case c.deferredSignal(d, ch):
					deferred++
				case refersInLit(info, d, ch) || refersInLit(info, d, v):
					return false
				}
				continue
			}
			if refersInLit(info, n, ch) || refersInLit(info, n, v) {
				return false
			}
			if c.isSignal(n, ch) {
				signals++
				if reachesRef(info, b, i, ch) || reachesRef(info, b, i, v) {
					return false
				}
			}
		}
	}
	return signals+deferred > 0 && deferred <= 1
}

// reachesRef reports whether a node after b.Nodes[i], in b or in a block
// reachable from it, refers to v.
func reachesRef(info *types.Info, b *cfg.Block, i int, v *types.Var) bool {
	for _, n := range b.Nodes[i+1:] {
		if refers(info, n, v) {
			return true
		}
	}
	seen := make(map[*cfg.Block]bool)
	stack := append([]*cfg.Block(nil), b.Succs...)
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[b] {
			continue
		}
		seen[b] = true
		for _, n := range b.Nodes {
			if refers(info, n, v) {
				return true
			}
		}
		stack = append(stack, b.Succs...)
	}
	return false
}

// isSignal reports whether n is v <- x or close(v), or a call handing v
// to a function that sends on it or closes it, once per call.
func (c *checker) isSignal(n ast.Node, v *types.Var) bool {
	info := c.pass.TypesInfo
	switch n := n.(type) {
	case *ast.SendStmt:
		return identVar(info, n.Chan) == v
	case *ast.ExprStmt:
		call, ok := ast.Unparen(n.X).(*ast.CallExpr)
		return isClose(info, n.X, v) || ok && c.signalsParam(call, v)
	}
	return false
}

// signalsParam reports whether call passes v to a function that sends on
// that parameter or closes it, at most once per call, and lets it go
// nowhere else.
func (c *checker) signalsParam(call *ast.CallExpr, v *types.Var) bool {
	fn := code.Callee(c.pass.TypesInfo, call)
	for i, arg := range call.Args {
		if identVar(c.pass.TypesInfo, arg) != v {
			continue
		}
		use, ok := c.chans.ParamUse(fn, i)
		if ok && use&(chanops.Sends|chanops.Closes) != 0 && use&(chanops.InLoop|chanops.Escapes) == 0 {
			return true
		}
	}
	return false
}

func isClose(info *types.Info, x ast.Expr, v *types.Var) bool {
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	b, isBuiltin := info.Uses[id].(*types.Builtin)
	return ok && isBuiltin && b.Name() == "close" && identVar(info, call.Args[0]) == v
}

// deferredSignal reports whether d is defer close(v), or defers a literal
// whose last statement signals v and which refers to v nowhere else.
func (c *checker) deferredSignal(d *ast.DeferStmt, v *types.Var) bool {
	info := c.pass.TypesInfo
	if isClose(info, d.Call, v) {
		return true
	}
	lit, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit)
	if !ok || len(lit.Body.List) == 0 {
		return false
	}
	list := lit.Body.List
	for _, s := range list[:len(list)-1] {
		if refers(info, s, v) {
			return false
		}
	}
	return c.isSignal(list[len(list)-1], v)
}

// refers reports whether n mentions v.
func refers(info *types.Info, n ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == v {
			found = true
		}
		return !found
	})
	return found
}

// refersInLit reports whether a function literal inside n mentions v.
func refersInLit(info *types.Info, n ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok && refers(info, lit.Body, v) {
			found = true
		}
		return !found
	})
	return found
}
