package ctxdone

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/chanops"
)

// checkSelect reports a select in a loop that nothing but its data
// channels can wake: no default, no stop signal, no case that leaves the
// loop. With a send case it blocks forever once the receiver leaves on
// cancellation; with only receive cases it is reported only in an
// endless loop, where it keeps the goroutine alive for good.
func (c *checker) checkSelect(sel *ast.SelectStmt, stack []ast.Node) {
	if len(sel.Body.List) == 0 {
		return // select {} blocks forever on purpose
	}
	f, l, ctx, ok := c.inLoop(sel.Pos())
	if !ok {
		return
	}
	info := c.pass.TypesInfo
	sends := false
	for _, stmt := range sel.Body.List {
		cc, ok := stmt.(*ast.CommClause)
		if !ok || cc.Comm == nil {
			return // default: the select never blocks
		}
		if _, ok := cc.Comm.(*ast.SendStmt); ok {
			sends = true
			continue
		}
		if x := code.RecvCase(cc.Comm); x != nil && cancelSignal(info, x) || commaOK(cc.Comm) {
			return
		}
		if (exitFinder{info, l}).leaves(&ast.BlockStmt{List: cc.Body}, 1) || assignsCondVar(info, l.stmt, cc.Body) {
			return // a timeout or error case ends the loop
		}
	}
	if !sends && (!endless(l.stmt) || c.loopExits(l)) {
		return // receives that end when their senders stop, or collect a count
	}
	d := analysis.Diagnostic{
		Pos:     sel.Select,
		End:     sel.Select + token.Pos(len("select")),
		Message: "select in a loop has no case <-" + ctx.Name() + ".Done(), so it " + selectHarm(sends) + " after " + ctx.Name() + " is cancelled; add a case <-" + ctx.Name() + ".Done() that returns",
	}
	if fix, ok := c.selectFix(sel, f, l, ctx, stack); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.pass.Report(d)
}

func selectHarm(sends bool) string {
	if sends {
		return "blocks forever once the receiver stops"
	}
	return "keeps this endless loop waiting forever"
}

// checkSend reports a plain send in a loop: a pipeline stage or worker
// whose consumer stops on cancellation leaves it blocked forever.
func (c *checker) checkSend(send *ast.SendStmt, stack []ast.Node) {
	if len(stack) >= 2 {
		if cc, ok := stack[len(stack)-2].(*ast.CommClause); ok && cc.Comm == send {
			return
		}
	}
	f, l, ctx, ok := c.inLoop(send.Pos())
	if !ok || c.signalChan(send.Chan) || c.localNeverBlocks(send.Chan) || c.drainedByCallers(f, send.Chan) || c.unrelatedContext(f, send) || c.testHook(send, stack) || c.takesFrom(f.fn, send.Chan) || c.freshEachRound(send.Chan, l) || c.sentOnceAndTaken(send) {
		return
	}
	ch := truncate(types.ExprString(send.Chan))
	c.pass.ReportRangef(send, "send on %s in a loop ignores %s: it blocks forever once the receiver stops after %s is cancelled; send in a select with a case <-%s.Done() that returns",
		ch, ctx.Name(), ctx.Name(), ctx.Name())
}

// checkRecv reports a plain receive in an endless loop with no way out:
// the goroutine lives as long as the channel's senders, whatever ctx says.
func (c *checker) checkRecv(u *ast.UnaryExpr, stack []ast.Node) {
	if len(stack) >= 3 {
		if cc, ok := stack[len(stack)-3].(*ast.CommClause); ok && cc.Comm == stack[len(stack)-2] {
			return
		}
	}
	if len(stack) >= 2 {
		if as, ok := stack[len(stack)-2].(*ast.AssignStmt); ok && len(as.Lhs) == 2 {
			return // v, ok := <-ch handles the close
		}
	}
	_, l, ctx, ok := c.inLoop(u.Pos())
	if !ok || !endless(l.stmt) || c.loopExits(l) || cancelSignal(c.pass.TypesInfo, u.X) {
		return
	}
	ch := truncate(types.ExprString(u.X))
	c.pass.ReportRangef(u, "receive from %s in an endless loop ignores %s: the goroutine can never stop after %s is cancelled; receive in a select with a case <-%s.Done() that returns",
		ch, ctx.Name(), ctx.Name(), ctx.Name())
}

// checkTickerRange reports for range ticker.C in a function that can see
// a context: a ticker's channel is never closed, so only a check inside
// the body can end the loop.
func (c *checker) checkTickerRange(r *ast.RangeStmt, stack []ast.Node) {
	if !tickerChan(c.pass.TypesInfo, r.X) {
		return
	}
	// The range is not yet on the loop stack: ask about its body as if it were.
	f := c.scope.top()
	if f == nil {
		return
	}
	l := loop{stmt: r}
	if len(stack) >= 2 {
		if ls, ok := stack[len(stack)-2].(*ast.LabeledStmt); ok {
			l.label, _ = c.pass.TypesInfo.Defs[ls.Label].(*types.Label)
		}
	}
	f.loops = append(f.loops, l)
	_, _, ctx, ok := c.inLoop(r.Body.Pos())
	f.loops = f.loops[:len(f.loops)-1]
	if !ok || c.loopExits(l) {
		return
	}
	c.pass.ReportRangef(r.X, "range over %s never ends and ignores %s: the loop runs forever after %s is cancelled; loop on a select with a case <-%s.Done() that returns",
		truncate(types.ExprString(r.X)), ctx.Name(), ctx.Name(), ctx.Name())
}

// tickerChan reports whether x is ticker.C of a *time.Ticker or a call
// of time.Tick.
func tickerChan(info *types.Info, x ast.Expr) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.SelectorExpr:
		return x.Sel.Name == "C" && code.IsNamed(info.TypeOf(x.X), "time", "Ticker")
	case *ast.CallExpr:
		return code.IsFunc(code.Callee(info, x), "time", "Tick")
	}
	return false
}

// signalChan reports whether sends on ch are signals or semaphore
// tokens (chan struct{}) rather than a stream of data.
func (c *checker) signalChan(ch ast.Expr) bool {
	t := c.pass.TypesInfo.TypeOf(ch)
	if t == nil {
		return true
	}
	ct, ok := t.Underlying().(*types.Chan)
	if !ok {
		return true
	}
	s, ok := ct.Elem().Underlying().(*types.Struct)
	return ok && s.NumFields() == 0
}

// takesFrom reports whether fn also receives from ch: a channel used as
// a mutex or token pool, whose sends put back what was taken and find the
// slot free.
func (c *checker) takesFrom(fn ast.Node, ch ast.Expr) bool {
	found := false
	ast.Inspect(fn, func(n ast.Node) bool {
		if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.ARROW && code.SamePath(c.pass.TypesInfo, u.X, ch) {
			found = true
		}
		return !found
	})
	return found
}

// freshEachRound reports whether ch is a variable declared in the loop's
// body: a different channel each round, such as the reply channel of one
// request looked up in a map, which is one send rather than a stream (and
// such channels are usually buffered).
func (c *checker) freshEachRound(ch ast.Expr, l loop) bool {
	id, ok := ast.Unparen(ch).(*ast.Ident)
	if !ok {
		return false
	}
	v, _ := c.pass.TypesInfo.Uses[id].(*types.Var)
	if v == nil {
		return false
	}
	var body *ast.BlockStmt
	switch s := l.stmt.(type) {
	case *ast.ForStmt:
		body = s.Body
	case *ast.RangeStmt:
		body = s.Body
	}
	return body != nil && body.Pos() <= v.Pos() && v.Pos() < body.End()
}

// localNeverBlocks reports whether ch is a channel made in this package
// whose sends cannot block for good: it is buffered (we cannot tell
// whether the buffer covers the loop, so we stay silent), or it does not
// escape and its receivers drain it (see drained).
func (c *checker) localNeverBlocks(ch ast.Expr) bool {
	lc := c.localChan(ch)
	if lc == nil {
		return false
	}
	return lc.Cap != 0 || !lc.Escapes && drained(lc)
}

// unrelatedContext reports whether no context in sight at send concerns
// either side of its channel: the sending function is a literal that only
// captures the contexts and never mentions them, and the channel is a
// local one whose every use is seen and whose receivers are in functions
// that neither declare nor mention them, nor are handed them by the call
// they receive through. Cancelling such a context stops neither side, so
// it cannot be what leaves the send blocked.
func (c *checker) unrelatedContext(f *frame, send *ast.SendStmt) bool {
	ctxs := c.scope.contextsAt(send.Pos())
	if _, ok := f.fn.(*ast.FuncLit); !ok || concerns(c.pass.TypesInfo, f.fn, ctxs) {
		return false
	}
	lc := c.localChan(send.Chan)
	if lc == nil || lc.Escapes {
		return false
	}
	seen := false
	for _, op := range lc.Ops {
		if op.Kind != chanops.Recv && op.Kind != chanops.Range {
			continue
		}
		seen = true
		if op.ViaCall != nil && concerns(c.pass.TypesInfo, op.Node, ctxs) || op.ViaCall == nil && concerns(c.pass.TypesInfo, op.Func, ctxs) {
			return false
		}
	}
	return seen
}

// concerns reports whether n declares or mentions one of ctxs.
func concerns(info *types.Info, n ast.Node, ctxs []*types.Var) bool {
	found := false
	for _, v := range ctxs {
		found = found || n.Pos() <= v.Pos() && v.Pos() < n.End()
	}
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && !found {
			v, _ := info.Uses[id].(*types.Var)
			found = v != nil && slices.Contains(ctxs, v)
		}
		return !found
	})
	return found
}

// localChan returns the channel made in this package that ch names, or nil.
func (c *checker) localChan(ch ast.Expr) *chanops.Chan {
	id, ok := ast.Unparen(ch).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := c.pass.TypesInfo.Uses[id].(*types.Var)
	if v == nil {
		return nil
	}
	return c.chans.ChanOf(v)
}

// drained reports whether lc's receivers receive until it is closed: each
// ranges over it to the end, itself or in a function it is passed to (see
// chanops.Op.Drains), or a deferred range drains it whatever happened
// before. Such a receiver neither stops early nor abandons the channel on
// cancellation, so a send on lc waits only as long as the receiver takes.
func drained(lc *chanops.Chan) bool {
	seen := false
	for _, op := range lc.Ops {
		if op.Kind != chanops.Recv && op.Kind != chanops.Range {
			continue
		}
		if op.Kind == chanops.Range && op.Drains && op.Deferred {
			return true
		}
		if op.Kind == chanops.Recv || !op.Drains {
			return false
		}
		seen = true
	}
	return seen
}

// drainedByCallers reports whether ch, a channel parameter of the
// function f being checked, is drained at every call: the function is
// unexported and used only in calls, each of which passes a local channel
// in that position that is buffered, or does not escape and is drained.
// Callers in other packages, or a function value, could pass anything.
func (c *checker) drainedByCallers(f *frame, ch ast.Expr) bool {
	decl, ok := f.fn.(*ast.FuncDecl)
	id, isIdent := ast.Unparen(ch).(*ast.Ident)
	if !ok || !isIdent || decl.Recv != nil {
		return false
	}
	fn, _ := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	v, _ := c.pass.TypesInfo.Uses[id].(*types.Var)
	if fn == nil || v == nil || fn.Exported() {
		return false
	}
	index := -1
	params := fn.Signature().Params()
	for i := range params.Len() {
		if params.At(i) == v {
			index = i
		}
	}
	if index < 0 {
		return false
	}
	calls := make(map[ast.Node]bool)
	for _, lc := range c.chans.Chans {
		for _, op := range lc.Ops {
			if op.ViaCall != fn || calls[op.Node] {
				continue
			}
			call, _ := op.Node.(*ast.CallExpr)
			if g, ok := op.Node.(*ast.GoStmt); ok {
				call = g.Call
			}
			if call == nil || index >= len(call.Args) || c.localChan(call.Args[index]) != lc {
				continue
			}
			if lc.Cap == 0 && (lc.Escapes || !drained(lc)) {
				return false
			}
			calls[op.Node] = true
		}
	}
	return len(calls) > 0 && len(calls) == c.uses(fn)
}

// uses counts the references to fn in this package.
func (c *checker) uses(fn *types.Func) int {
	if c.refs == nil {
		c.refs = make(map[types.Object]int)
		for _, obj := range c.pass.TypesInfo.Uses {
			c.refs[obj]++
		}
	}
	return c.refs[fn]
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}
