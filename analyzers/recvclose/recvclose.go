package recvclose

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/golint-conc/golint-conc/internal/analysisdoc"
	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/chanops"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "recvclose",
	Doc:      analysisdoc.MustExtract(doc, "recvclose"),
	URL:      "https://github.com/golint-conc/golint-conc/blob/main/docs/recvclose.md",
	Requires: []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer, chanops.Analyzer, spawnsites.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	spawns := pass.ResultOf[spawnsites.Analyzer].(*spawnsites.Result)
	if len(spawns.Sites) == 0 {
		return nil, nil // one goroutine cannot race with itself
	}
	ck := &checker{
		pass:   pass,
		chans:  pass.ResultOf[chanops.Analyzer].(*chanops.Result),
		cfgs:   pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		root:   pass.ResultOf[inspect.Analyzer].(*inspector.Inspector).Root(),
		goLits: make(map[*ast.FuncLit]bool),
	}
	for _, s := range spawns.Sites {
		if s.Lit != nil {
			ck.goLits[s.Lit] = true
		}
	}
	for _, c := range ck.chans.Chans {
		if c.Escapes || c.Make == nil || unknownSender(c) {
			continue
		}
		for _, cl := range c.OpsOf(chanops.Close) {
			ck.check(c, cl)
		}
	}
	return nil, nil
}

type checker struct {
	pass  *analysis.Pass
	chans *chanops.Result
	cfgs  *ctrlflow.CFGs
	root  inspector.Cursor
	// goLits are the function literals that run as goroutines: what they
	// do is not ordered with the code around them.
	goLits map[*ast.FuncLit]bool
}

// check reports cl when the goroutine that performs it also receives from
// c, does not send on it, and another goroutine may send after the close.
func (ck *checker) check(c *chanops.Chan, cl *chanops.Op) {
	if async(cl) {
		return // which goroutine of the callee closes is unknown
	}
	g := cl.Goroutine
	var recvs, senders []*chanops.Op
	for _, op := range c.Ops {
		if async(op) {
			continue
		}
		switch {
		case op.Kind == chanops.Send && op.Goroutine == g:
			return // the closer sends too: it may well be the last sender
		case op.Kind == chanops.Send:
			senders = append(senders, op)
		case (op.Kind == chanops.Recv || op.Kind == chanops.Range) && op.Goroutine == g:
			recvs = append(recvs, op)
		}
	}
	if cl.ViaCall != nil {
		if cl.Use&(chanops.Receives|chanops.Ranges) == 0 {
			return
		}
		recvs = append(recvs, cl)
	}
	if len(recvs) == 0 || len(senders) == 0 {
		return
	}
	body := ck.body(c, g)
	if body == nil {
		return
	}
	at := cl.Node.Pos()
	if cl.Deferred {
		at = body.End() // a deferred close runs when the function returns
	}
	paths := ck.pathsToClose(c, body, cl, recvs, senders)
	if ck.joined(c, g, body, at, senders, paths) {
		return
	}
	sender := ck.racingSender(c, cl, body, recvs, senders)
	if sender == nil && paths.Known && paths.Lone {
		// A path closes before the only send was received or its
		// goroutine finished: the send may come after the close.
		sender = senders[0]
	}
	if sender == nil || closesToo(c, sender.Goroutine) {
		return
	}
	what := "receiver closes " + c.Var.Name()
	if cl.ViaCall != nil {
		what = cl.ViaCall.Name() + " receives from and closes " + c.Var.Name()
	}
	ck.pass.ReportRangef(cl.Node, "%s while %s may still send on it (panic: send on closed channel): let the sender close %s, or signal the senders to stop with a separate done channel",
		what, ck.describe(sender), c.Var.Name())
}

// closesToo reports whether goroutine g, a sender, also closes c: the
// two closes are a double close, which closedchan reports, and one
// diagnostic for the line is enough.
func closesToo(c *chanops.Chan, g *spawnsites.Site) bool {
	if g == nil {
		return false
	}
	for _, op := range c.OpsOf(chanops.Close) {
		if op.Goroutine == g && op.ViaCall == nil {
			return true
		}
	}
	return false
}

// async reports whether op is inferred from a call whose callee performs
// it in a goroutine of its own: the pass cannot tell which.
func async(op *chanops.Op) bool {
	return op.ViaCall != nil && op.Goroutine == nil && op.Use&chanops.InGoroutine != 0
}

// unknownSender reports whether some send on c happens in a goroutine a
// callee starts, which the pass cannot tell apart from the caller's.
func unknownSender(c *chanops.Chan) bool {
	for _, op := range c.Ops {
		if async(op) && op.Use&chanops.Sends != 0 {
			return true
		}
	}
	return false
}

// body returns the function whose body goroutine g runs: the literal of
// its go statement, or the function that makes c when g is nil.
func (ck *checker) body(c *chanops.Chan, g *spawnsites.Site) ast.Node {
	if g == nil {
		return c.Func
	}
	if g.Lit != nil {
		return g.Lit
	}
	return g.Node // go consume(c): only the call is visible
}

// racingSender returns a send that may run after cl, judging by where cl
// sits among the closer's receives, or nil.
func (ck *checker) racingSender(c *chanops.Chan, cl *chanops.Op, body ast.Node, recvs, senders []*chanops.Op) *chanops.Op {
	if cl.ViaCall != nil {
		// The callee's shape is not visible: only a stream of sends
		// surely outlasts its receives.
		return firstOf(senders, ck.streams(c))
	}
	encl := ck.enclosing(cl.Node, body, c.Make)
	switch {
	case encl.gaveUp(recvs):
		// The close runs when another select case beat the receive:
		// any sender may still be on its way.
		return senders[0]
	case encl.quitLoop(recvs):
		// The close stops a receiving loop early.
		return firstOf(senders, many)
	case cl.Deferred && ck.returnsInsteadOfReceiving(body, recvs):
		return senders[0]
	case cl.Deferred && rangesAndLeaves(recvs):
		return firstOf(senders, many)
	case !ck.receivesInLoop(body, c, recvs):
		// The closer takes a fixed number of values and closes: a loop
		// of sends or several senders may still have more.
		return firstOf(senders, many)
	}
	return nil // a counted receive loop may well drain every send
}

func firstOf(ops []*chanops.Op, pred func(*chanops.Op) bool) *chanops.Op {
	for _, op := range ops {
		if pred(op) {
			return op
		}
	}
	return nil
}

// many reports whether op may send more than once.
func many(op *chanops.Op) bool {
	return op.InLoop || op.ViaCall != nil && op.Use&chanops.InLoop != 0
}

// streams returns a predicate for sends that repeat within one sending
// goroutine, not merely because the goroutine is started in a loop.
func (ck *checker) streams(c *chanops.Chan) func(*chanops.Op) bool {
	return func(op *chanops.Op) bool {
		switch {
		case op.ViaCall != nil:
			return op.Use&chanops.InLoop != 0
		case op.Goroutine == nil:
			return op.InLoop
		case op.Goroutine.Lit != nil:
			return ck.enclosing(op.Node, op.Goroutine.Lit, c.Make).loops != nil
		}
		return false
	}
}

func (ck *checker) describe(op *chanops.Op) string {
	if op.Goroutine != nil {
		return fmt.Sprintf("the goroutine started at line %d", ck.line(op.Goroutine.Node))
	}
	if op.ViaCall != nil {
		return fmt.Sprintf("the call of %s at line %d", op.ViaCall.Name(), ck.line(op.Node))
	}
	return fmt.Sprintf("the send at line %d", ck.line(op.Node))
}

func (ck *checker) line(n ast.Node) int { return ck.pass.Fset.Position(n.Pos()).Line }

// enclosure is what lies between an operation and the body of the
// goroutine that performs it.
type enclosure struct {
	loops   []ast.Stmt        // loops that do not also enclose the make
	clauses []*ast.CommClause // select cases the operation is in
	selects []*ast.SelectStmt // their selects, in the same order
}

func (ck *checker) enclosing(n, body ast.Node, mk *ast.CallExpr) enclosure {
	var e enclosure
	cur, ok := ck.root.FindNode(n)
	if !ok {
		return e
	}
	for cur = cur.Parent(); cur.Node() != nil && cur.Node() != body; cur = cur.Parent() {
		switch s := cur.Node().(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if !contains(s, mk) {
				e.loops = append(e.loops, s.(ast.Stmt))
			}
		case *ast.CommClause:
			if sel, ok := cur.Parent().Parent().Node().(*ast.SelectStmt); ok {
				e.clauses = append(e.clauses, s)
				e.selects = append(e.selects, sel)
			}
		case *ast.FuncDecl:
			return e
		}
	}
	return e
}

// gaveUp reports whether the close sits in a select case other than the
// one receiving from the channel: a timeout or cancellation won.
func (e enclosure) gaveUp(recvs []*chanops.Op) bool {
	for i, cc := range e.clauses {
		for _, r := range recvs {
			if r.Select == e.selects[i] && !contains(cc, r.Node) {
				return true
			}
		}
	}
	return false
}

// quitLoop reports whether the close sits in a loop that receives from
// the channel.
func (e enclosure) quitLoop(recvs []*chanops.Op) bool {
	for _, l := range e.loops {
		for _, r := range recvs {
			if contains(l, r.Node) {
				return true
			}
		}
	}
	return false
}

// receivesInLoop reports whether the closer receives from c in a loop,
// possibly counting the values it expects.
func (ck *checker) receivesInLoop(body ast.Node, c *chanops.Chan, recvs []*chanops.Op) bool {
	for _, r := range recvs {
		if r.ViaCall != nil && r.Use&chanops.InLoop != 0 || ck.enclosing(r.Node, body, c.Make).loops != nil {
			return true
		}
	}
	return false
}

// returnsInsteadOfReceiving reports whether a select that receives from
// the channel has another case that returns: the deferred close then runs
// while senders may still be on their way.
func (ck *checker) returnsInsteadOfReceiving(body ast.Node, recvs []*chanops.Op) bool {
	for _, r := range recvs {
		if r.Select == nil {
			continue
		}
		for _, stmt := range r.Select.Body.List {
			cc, ok := stmt.(*ast.CommClause)
			if ok && cc.Comm != nil && !contains(cc, r.Node) && hasReturn(cc) {
				return true
			}
		}
	}
	return false
}

// rangesAndLeaves reports whether the closer ranges over the channel and
// may leave the loop early.
func rangesAndLeaves(recvs []*chanops.Op) bool {
	for _, r := range recvs {
		if rs, ok := r.Node.(*ast.RangeStmt); ok && r.ViaCall == nil && (hasReturn(rs.Body) || hasBreak(rs.Body)) {
			return true
		}
	}
	return false
}

func hasReturn(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.ReturnStmt:
			found = true
		case *ast.FuncLit:
			return false
		}
		return !found
	})
	return found
}

// hasBreak reports whether body has a break that leaves the loop it is
// the body of: unlabelled outside nested loops, switches and selects, or
// labelled (taken to name an enclosing loop).
func hasBreak(body *ast.BlockStmt) bool {
	found := false
	var visit func(n ast.Node, nested bool)
	visit = func(n ast.Node, nested bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			if found || m == nil {
				return false
			}
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.BranchStmt:
				found = m.Tok == token.BREAK && (m.Label != nil || !nested) || m.Tok == token.GOTO
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				if m != n {
					visit(m, true)
					return false
				}
			}
			return true
		})
	}
	visit(body, false)
	return found
}

func contains(outer, inner ast.Node) bool {
	return inner != nil && outer.Pos() <= inner.Pos() && inner.End() <= outer.End()
}

// joined reports whether, before at in body, the closer waits for the
// senders or tells them to stop in a way that makes the close safe:
// a WaitGroup or errgroup Wait, a receive from a channel each sender
// sends on or closes, or the receive of a lone sender's only send, on
// every path to the close; or (when every send is a select case that can
// give up) a close of another channel or a context cancellation.
func (ck *checker) joined(c *chanops.Chan, g *spawnsites.Site, body ast.Node, at token.Pos, senders []*chanops.Op, paths pathAnswer) bool {
	if _, ok := body.(*ast.GoStmt); ok {
		return false
	}
	waits, stops := false, false
	var locks []ast.Expr
	ck.ordered(body, at, func(call *ast.CallExpr) {
		fn := code.Callee(ck.pass.TypesInfo, call)
		if mu := lockOf(ck.pass.TypesInfo, call); mu != nil {
			locks = append(locks, mu)
		}
		switch {
		case code.IsMethod(fn, "sync", "WaitGroup", "Wait"),
			code.IsMethod(fn, "golang.org/x/sync/errgroup", "Group", "Wait"):
			waits = true
		case code.IsNamed(ck.pass.TypesInfo.TypeOf(call.Fun), "context", "CancelFunc"),
			code.IsNamed(ck.pass.TypesInfo.TypeOf(call.Fun), "context", "CancelCauseFunc"):
			stops = true
		case ck.closesOther(call, c):
			stops = true
		}
	})
	settled := paths.Joined
	if !paths.Known {
		settled = waits || ck.signalled(c, g, body, at, senders)
	}
	if settled || ck.locked(c, locks, senders) {
		return true
	}
	return stops && allGiveUp(senders)
}

// ordered calls f for each call in body before at, outside goroutines
// body starts (which are not ordered with it).
func (ck *checker) ordered(body ast.Node, at token.Pos, f func(*ast.CallExpr)) {
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return n == body || !ck.goLits[n]
		case *ast.CallExpr:
			if n.Pos() < at {
				f(n)
			}
		}
		return true
	})
}

func (ck *checker) closesOther(call *ast.CallExpr, c *chanops.Chan) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || id.Name != "close" || len(call.Args) != 1 {
		return false
	}
	if _, ok := ck.pass.TypesInfo.Uses[id].(*types.Builtin); !ok {
		return false
	}
	if v := code.RootVar(ck.pass.TypesInfo, call.Args[0]); v != nil && ck.chans.ChanOf(v) == c {
		return false
	}
	return true
}

// signalled reports whether the closer, before at, receives from another
// channel that every goroutine sending on c sends on or closes.
func (ck *checker) signalled(c *chanops.Chan, g *spawnsites.Site, body ast.Node, at token.Pos, senders []*chanops.Op) bool {
	for _, d := range ck.chans.Chans {
		if d != c && ck.signalsAfterWait(d) && waitsFor(d, g, body, at) {
			return true // a closer goroutine: go func() { wg.Wait(); close(done) }()
		}
	}
	for _, s := range senders {
		found := false
		for _, d := range ck.chans.Chans {
			if d != c && signals(d, s.Goroutine) && waitsFor(d, g, body, at) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func signals(d *chanops.Chan, s *spawnsites.Site) bool {
	for _, op := range d.Ops {
		if op.Goroutine == s && !async(op) && (op.Kind == chanops.Send || op.Kind == chanops.Close) {
			return true
		}
	}
	return false
}

// signalsAfterWait reports whether a goroutine sends on or closes d only
// after waiting for a WaitGroup or errgroup: receiving from d then joins
// the goroutines that group counts, as the senders usually are.
func (ck *checker) signalsAfterWait(d *chanops.Chan) bool {
	for _, op := range d.Ops {
		if op.Kind != chanops.Send && op.Kind != chanops.Close || op.Goroutine == nil || op.Goroutine.Lit == nil || async(op) {
			continue
		}
		waited := false
		ck.ordered(op.Goroutine.Lit, op.Node.Pos(), func(call *ast.CallExpr) {
			fn := code.Callee(ck.pass.TypesInfo, call)
			waited = waited || code.IsMethod(fn, "sync", "WaitGroup", "Wait") ||
				code.IsMethod(fn, "golang.org/x/sync/errgroup", "Group", "Wait")
		})
		if waited {
			return true
		}
	}
	return false
}

func waitsFor(d *chanops.Chan, g *spawnsites.Site, body ast.Node, at token.Pos) bool {
	for _, op := range d.Ops {
		if op.Goroutine == g && !async(op) && (op.Kind == chanops.Recv || op.Kind == chanops.Range) &&
			contains(body, op.Node) && op.Node.Pos() < at {
			return true
		}
	}
	return false
}

// allGiveUp reports whether every send is a select case alongside a
// receive (a done channel or ctx.Done()), or a callee's sends all are.
func allGiveUp(senders []*chanops.Op) bool {
	for _, s := range senders {
		switch {
		case s.ViaCall != nil:
			if s.Use&chanops.PlainSend != 0 {
				return false
			}
		case s.Select == nil || !hasRecvCase(s.Select):
			return false
		}
	}
	return true
}

func hasRecvCase(sel *ast.SelectStmt) bool {
	for _, stmt := range sel.Body.List {
		if cc, ok := stmt.(*ast.CommClause); ok && code.RecvCase(cc.Comm) != nil {
			return true
		}
	}
	return false
}

// lockOf returns the mutex that call locks, or nil.
func lockOf(info *types.Info, call *ast.CallExpr) ast.Expr {
	if mu := code.MethodCall(info, call, "sync", "Mutex", "Lock"); mu != nil {
		return mu
	}
	if mu := code.MethodCall(info, call, "sync", "RWMutex", "Lock"); mu != nil {
		return mu
	}
	return code.MethodCall(info, call, "sync", "RWMutex", "RLock")
}

// locked reports whether the close happens under a mutex that every
// sender also locks before its send: the usual "closed flag under the
// lock" guard, which the analyzer cannot check further.
func (ck *checker) locked(c *chanops.Chan, locks []ast.Expr, senders []*chanops.Op) bool {
	if len(locks) == 0 {
		return false
	}
	for _, s := range senders {
		if s.ViaCall != nil {
			return false
		}
		body := ck.body(c, s.Goroutine)
		found := false
		ck.ordered(body, s.Node.Pos(), func(call *ast.CallExpr) {
			if mu := lockOf(ck.pass.TypesInfo, call); mu != nil {
				for _, l := range locks {
					found = found || code.SamePath(ck.pass.TypesInfo, mu, l)
				}
			}
		})
		if !found {
			return false
		}
	}
	return true
}
