package chanleak

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/analysisdoc"
	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/chanops"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:      "chanleak",
	Doc:       analysisdoc.MustExtract(doc, "chanleak"),
	URL:       "https://github.com/golint-conc/golint-conc/blob/main/docs/chanleak.md",
	Requires:  []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer, chanops.Analyzer, spawnsites.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(SendsOnceFact)},
}

func run(pass *analysis.Pass) (any, error) {
	exportSendsOnce(pass)
	chans := pass.ResultOf[chanops.Analyzer].(*chanops.Result)
	chk := &checker{pass: pass, chans: chans, cfgs: pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)}
	chk.nilChans()
	for _, c := range chans.Chans {
		if c.Escapes || c.Make == nil {
			continue // code the pass does not see may use it
		}
		if chk.selfBlock(c) || chk.mirrored(c) || chk.starved(c) {
			continue
		}
		if p, ok := chk.newPattern(c); ok {
			chk.check(p)
		}
	}
	return nil, nil
}

type checker struct {
	pass  *analysis.Pass
	chans *chanops.Result
	cfgs  *ctrlflow.CFGs
}

// A pattern is a channel that only goroutines started by its maker send
// on, with plain sends, and only its maker receives from.
type pattern struct {
	c       *chanops.Chan
	sends   []*chanops.Op
	senders []*spawnsites.Site
	many    bool          // some sending goroutine is started in a loop
	recvs   []*chanops.Op // the maker's receives outside loops
	looped  []*chanops.Op // the maker's receives inside a loop
}

func (chk *checker) newPattern(c *chanops.Chan) (*pattern, bool) {
	if c.Cap < 0 {
		// make(chan T, len(urls)) for one sender per url covers every
		// sender (see coversSenders); any other variable capacity is
		// unknown. Either way there is nothing to report.
		return nil, false
	}
	p := &pattern{c: c}
	for _, op := range c.Ops {
		switch op.Kind {
		case chanops.Send:
			if !chk.plainSender(c, op) {
				return nil, false
			}
			// With no loop in the goroutine, InLoop means a loop around
			// the go statement that does not also make a fresh channel.
			p.many = p.many || op.InLoop
			p.sends = append(p.sends, op)
			if !slices.Contains(p.senders, op.Goroutine) {
				p.senders = append(p.senders, op.Goroutine)
			}
		case chanops.Recv:
			if op.ViaCall != nil || op.Goroutine != nil || op.Deferred {
				return nil, false
			}
			if op.InLoop {
				p.looped = append(p.looped, op)
			} else {
				p.recvs = append(p.recvs, op)
			}
		default:
			return nil, false
		}
	}
	if len(p.sends) == 0 || len(p.recvs)+len(p.looped) == 0 {
		return nil, false
	}
	return p, true
}

// plainSender reports whether op is a plain send, made by a goroutine the
// channel's maker starts, that cannot give up: not a select case, not in a
// loop of the goroutine (a stream of values, not one reply), not deferred.
// A send inferred from a call, go fetch(url, ch), qualifies when the
// callee's summary says it only sends, with a plain send, outside loops.
func (chk *checker) plainSender(c *chanops.Chan, op *chanops.Op) bool {
	site := op.Goroutine
	if site == nil || site.Func != c.Func || op.Select != nil || op.Deferred {
		return false
	}
	if op.ViaCall != nil {
		const want = chanops.Sends | chanops.PlainSend
		const reject = chanops.Receives | chanops.Ranges | chanops.Closes | chanops.Escapes | chanops.InLoop | chanops.InGoroutine
		if op.Use&want != want || op.Use&reject != 0 {
			return false
		}
	}
	return site.Lit == nil || !inLoop(site.Lit.Body, op.Node)
}

// inLoop reports whether n sits in a for or range statement inside body.
func inLoop(body *ast.BlockStmt, n ast.Node) bool {
	found := false
	ast.Inspect(body, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.FuncLit:
			return encloses(m, n)
		case *ast.ForStmt:
			found = found || encloses(m.Body, n)
		case *ast.RangeStmt:
			found = found || encloses(m.Body, n)
		}
		return !found
	})
	return found
}

func encloses(n, inner ast.Node) bool {
	return n.Pos() <= inner.Pos() && inner.End() <= n.End()
}

// receives counts the separate waits for a value: each plain receive, and
// each select however many of its cases receive from the channel.
func (p *pattern) receives() int {
	var sels []*ast.SelectStmt
	n := 0
	for _, op := range p.recvs {
		if op.Select == nil {
			n++
		} else if !slices.Contains(sels, op.Select) {
			sels = append(sels, op.Select)
			n++
		}
	}
	return n
}

func (chk *checker) check(p *pattern) {
	switch {
	case len(p.looped) > 0:
		chk.earlyExit(p)
	case p.many:
		chk.loopSenders(p)
	default:
		left, ok := chk.mostPending(p)
		if !ok || left.Pending <= p.c.Cap {
			return // no way out, or the buffer holds what any way out leaves
		}
		if len(p.senders) > 1 && p.receives() < len(p.senders) || !p.onlySelects() {
			chk.tooFewReceives(p, left)
		} else {
			chk.abandoned(p, left)
		}
	}
}

// mostPending returns the path of c's maker that leaves the most values
// of p's senders unreceived when the maker returns, or ends its goroutine
// where it gives up waiting for them (case <-time.After(d): t.Fatal(...)):
// a sender started after a receive took the previous value, or on a
// branch that excludes another sender's, adds nothing to the count. A
// t.Fatal on an error before the wait (if err != nil { t.Fatal(err) };
// <-done) is no way out: the test fails for that error, and its sender is
// no timed-out call.
func (chk *checker) mostPending(p *pattern) (chanops.Backlog, bool) {
	g := chk.graph(p.c.Func)
	if g == nil {
		return chanops.Backlog{}, false
	}
	var sends, recvs []ast.Node
	for _, site := range p.senders {
		sends = append(sends, site.Node)
	}
	for _, op := range p.recvs {
		if op.Func != p.c.Func {
			return chanops.Backlog{}, false
		}
		recvs = append(recvs, op.Node)
	}
	giveUps := p.giveUps()
	ends := func(call *ast.CallExpr) bool {
		return code.EndsGoroutine(chk.pass.TypesInfo, call) &&
			slices.ContainsFunc(giveUps, func(cc *ast.CommClause) bool { return encloses(cc, call) })
	}
	return chanops.MostPending(g, p.c.Make, sends, recvs, ends)
}

// giveUps returns the cases of the maker's selects on the channel that
// stop waiting for it: the cases other than its receives.
func (p *pattern) giveUps() []*ast.CommClause {
	var sels []*ast.SelectStmt
	var cases []*ast.CommClause
	for _, op := range p.recvs {
		if op.Select == nil || slices.Contains(sels, op.Select) {
			continue
		}
		sels = append(sels, op.Select)
		for _, stmt := range op.Select.Body.List {
			cc := stmt.(*ast.CommClause)
			if !slices.ContainsFunc(p.recvs, func(op *chanops.Op) bool { return cc.Comm != nil && encloses(cc.Comm, op.Node) }) {
				cases = append(cases, cc)
			}
		}
	}
	return cases
}

// onlySelects reports whether every receive of the maker is a select case.
func (p *pattern) onlySelects() bool {
	return !slices.ContainsFunc(p.recvs, func(op *chanops.Op) bool { return op.Select == nil })
}

// loopSenders reports goroutines started in a loop when the maker
// receives from them once (C2): the loop's count is unknown, so only an
// unbuffered channel is sure to leave some of them blocked.
func (chk *checker) loopSenders(p *pattern) {
	c := p.c
	if c.Cap > 0 || p.receives() > 1 || !chk.eachSendsOnce(p) {
		return // the buffer may hold every reply, or the loop be as short as the receives, or a sender may not send
	}
	name := c.Var.Name()
	chk.pass.ReportRangef(p.sends[0].Node, "goroutines started in a loop send on %s (%s), but %s receives from it only %s: the other senders block forever; give %s a buffer of %s",
		name, bufDesc(c.Cap), funcName(c.Func), onceOrTimes(p.receives()), name, chk.slotsFor(p))
}

// tooFewReceives reports sending goroutines that can be left blocked
// (C2): each sends once, and left, a path of the maker, returns (or ends
// its goroutine) with more of their values pending than the buffer holds.
// A buffer of left.Pending holds every value no one receives.
func (chk *checker) tooFewReceives(p *pattern, left chanops.Backlog) {
	c := p.c
	if !chk.eachSendsOnce(p) {
		return // a sender may not send
	}
	if !chk.plainReceivesSure(p) && !chk.allSpawnedSure(p) {
		return // the conditions that skip a receive may be those that skip a sender
	}
	name := c.Var.Name()
	who, blocked := "goroutine sends", "it blocks forever"
	if left.Sent > 1 {
		who = fmt.Sprintf("%d goroutines send", left.Sent)
		blocked = sendersBlock(left.Pending - c.Cap)
	}
	received := left.Sent - left.Pending
	how := fmt.Sprintf("receives from it only %s", onceOrTimes(received))
	switch {
	case received == 0:
		how = fmt.Sprintf("may %s without receiving from it", leaving(c, left))
	case received < p.receives():
		how = fmt.Sprintf("may %s after receiving from it only %s", leaving(c, left), onceOrTimes(received))
	}
	d := analysis.Diagnostic{
		Pos: p.sends[0].Node.Pos(),
		End: p.sends[0].Node.End(),
		Message: fmt.Sprintf("%s on %s (%s), but %s %s: %s; give %s a buffer of %d",
			who, name, bufDesc(c.Cap), funcName(c.Func), how, blocked, name, left.Pending),
	}
	if left.Pending == 1 {
		d.SuggestedFixes = bufferFix(c)
	}
	chk.pass.Report(d)
}

// leaving says how the maker leaves c on path left: it returns, ends its
// goroutine (t.Fatal), or loops back to make a new channel.
func leaving(c *chanops.Chan, left chanops.Backlog) string {
	switch exit := left.Exit.(type) {
	case *ast.ExprStmt:
		if call, ok := exit.X.(*ast.CallExpr); ok {
			return "stop at " + truncate(types.ExprString(call.Fun))
		}
	case *ast.CallExpr:
		if exit == c.Make {
			return "make a new " + c.Var.Name()
		}
	}
	return "return"
}

// fewestOnPath returns how many of ops, operations of c's maker, run on
// every path from the make to a return of the maker (a select counts on
// the paths through its case). ok is false when that is unknown: an
// operation sits in a function literal, or the maker cannot return.
func (chk *checker) fewestOnPath(c *chanops.Chan, ops []*chanops.Op) (int, bool) {
	g := chk.graph(c.Func)
	if g == nil {
		return 0, false
	}
	var marks []ast.Node
	for _, op := range ops {
		if op.Func != c.Func {
			return 0, false
		}
		marks = append(marks, op.Node)
	}
	return chanops.FewestOnPath(g, c.Make, marks)
}

// plainReceivesSure reports whether every plain receive of the maker runs
// on every path from the make to a return.
func (chk *checker) plainReceivesSure(p *pattern) bool {
	var plain []*chanops.Op
	for _, op := range p.recvs {
		if op.Select == nil {
			plain = append(plain, op)
		}
	}
	n, ok := chk.fewestOnPath(p.c, plain)
	return ok && n == len(plain)
}

// allSpawnedSure reports whether every sending goroutine is started on
// every path from the make to a return.
func (chk *checker) allSpawnedSure(p *pattern) bool {
	g := chk.graph(p.c.Func)
	if g == nil {
		return false
	}
	for _, site := range p.senders {
		if n, ok := chanops.FewestOnPath(g, p.c.Make, []ast.Node{site.Node}); !ok || n != 1 {
			return false
		}
	}
	return true
}

func (chk *checker) graph(fn ast.Node) *cfg.CFG { return code.Graph(chk.cfgs, fn) }

func sendersBlock(n int) string {
	if n == 1 {
		return "one sender blocks forever"
	}
	return fmt.Sprintf("%d senders block forever", n)
}

// abandoned reports sends that block once the maker leaves a select
// through another case (C1, and C2 for one channel per sender), which
// left, a path of the maker, does with more values pending than the
// buffer holds. A buffer of left.Pending holds them all.
func (chk *checker) abandoned(p *pattern, left chanops.Backlog) {
	var sel *ast.SelectStmt
	var alt string
	for _, op := range p.recvs {
		if op.Select == nil {
			return
		}
		a, ok := chk.alternative(op.Select, p.recvs, func(op *chanops.Op) bool {
			return (op.Kind == chanops.Send || op.Kind == chanops.Close) && slices.Contains(p.senders, op.Goroutine)
		})
		if !ok {
			return
		}
		if sel == nil {
			sel, alt = op.Select, a
		}
	}
	name := p.c.Var.Name()
	line := chk.pass.Fset.Position(sel.Pos()).Line
	for _, send := range p.sends {
		who := "goroutine"
		if send.ViaCall != nil {
			who = "goroutine running " + send.ViaCall.Name()
		}
		d := analysis.Diagnostic{
			Pos: send.Node.Pos(),
			End: send.Node.End(),
			Message: fmt.Sprintf("%s blocks forever sending on %s (%s) when %s stops waiting at the select on line %d (%s): give %s a buffer of %d so the send always completes",
				who, name, bufDesc(p.c.Cap), funcName(p.c.Func), line, alt, name, left.Pending),
		}
		if len(p.sends) == 1 && !p.many && chk.eachSendsOnce(p) {
			d.SuggestedFixes = bufferFix(p.c)
		}
		chk.pass.Report(d)
	}
}

// alternative returns a description of a case of sel that can fire
// instead of the receives mine, if there is one. A case on a local channel
// that the blocked party itself signals (signals reports its operations)
// cannot fire before the blocked send completes, so it does not count.
func (chk *checker) alternative(sel *ast.SelectStmt, mine []*chanops.Op, signals func(*chanops.Op) bool) (string, bool) {
	for _, stmt := range sel.Body.List {
		cc, ok := stmt.(*ast.CommClause)
		if !ok {
			continue
		}
		if cc.Comm == nil {
			return "default case", true
		}
		if slices.ContainsFunc(mine, func(op *chanops.Op) bool { return encloses(cc.Comm, op.Node) }) {
			continue
		}
		if x := code.RecvCase(cc.Comm); x != nil && chk.signalled(x, signals) {
			continue
		}
		return "case " + truncate(types.ExprString(commExpr(cc.Comm))), true
	}
	return "", false
}

// commExpr returns the expression a select case communicates with.
func commExpr(comm ast.Stmt) ast.Expr {
	switch s := comm.(type) {
	case *ast.ExprStmt:
		return s.X
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			return s.Rhs[0]
		}
	case *ast.SendStmt:
		return &ast.BinaryExpr{X: s.Chan, Op: token.ARROW, Y: s.Value}
	}
	return &ast.BadExpr{}
}

// signalled reports whether x is a local channel with an operation that
// signals accepts: one the blocked party performs. (It might signal before
// sending, which is rare enough to accept.)
func (chk *checker) signalled(x ast.Expr, signals func(*chanops.Op) bool) bool {
	id, ok := x.(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := chk.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return false
	}
	other := chk.chans.ChanOf(v)
	return other != nil && slices.ContainsFunc(other.Ops, signals)
}

// bufferFix rewrites make(chan T) to make(chan T, 1). Callers offer it
// only when one send, made once, is all that may be left without a
// receive: then nothing can block.
func bufferFix(c *chanops.Chan) []analysis.SuggestedFix {
	mk := c.Make
	if c.Cap != 0 || len(mk.Args) != 1 {
		return nil
	}
	return []analysis.SuggestedFix{{
		Message: fmt.Sprintf("give %s a buffer of 1", c.Var.Name()),
		TextEdits: []analysis.TextEdit{{
			Pos:     mk.Args[0].End(),
			End:     mk.Args[0].End(),
			NewText: []byte(", 1"),
		}},
	}}
}

func funcName(fn ast.Node) string {
	if d, ok := fn.(*ast.FuncDecl); ok {
		return d.Name.Name
	}
	return "the function literal"
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}

func onceOrTimes(n int) string {
	if n == 1 {
		return "once"
	}
	return fmt.Sprintf("%d times", n)
}

func bufDesc(capacity int) string {
	if capacity == 0 {
		return "unbuffered"
	}
	return fmt.Sprintf("buffer of %d", capacity)
}

func (chk *checker) line(n ast.Node) int {
	return chk.pass.Fset.Position(n.Pos()).Line
}
