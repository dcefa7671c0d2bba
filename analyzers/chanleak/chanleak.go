package chanleak

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/golint-conc/golint-conc/internal/analysisdoc"
	"github.com/golint-conc/golint-conc/passes/chanops"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "chanleak",
	Doc:      analysisdoc.MustExtract(doc, "chanleak"),
	URL:      "https://github.com/golint-conc/golint-conc/blob/main/docs/chanleak.md",
	Requires: []*analysis.Analyzer{chanops.Analyzer, spawnsites.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	if len(pass.ResultOf[spawnsites.Analyzer].(*spawnsites.Result).Sites) == 0 {
		return nil, nil
	}
	chans := pass.ResultOf[chanops.Analyzer].(*chanops.Result)
	for _, c := range chans.Chans {
		if p, ok := newPattern(c); ok {
			check(pass, chans, p)
		}
	}
	return nil, nil
}

// A pattern is a channel that only goroutines started by its maker send
// on, with plain sends, and only its maker receives from, outside loops.
type pattern struct {
	c       *chanops.Chan
	sends   []*chanops.Op
	senders []*spawnsites.Site
	many    bool // some sending goroutine is started in a loop
	recvs   []*chanops.Op
}

func newPattern(c *chanops.Chan) (*pattern, bool) {
	if c.Escapes || c.Cap < 0 || c.Make == nil {
		return nil, false
	}
	p := &pattern{c: c}
	for _, op := range c.Ops {
		if op.ViaCall != nil {
			return nil, false // followed into a callee: keep to what we see
		}
		switch op.Kind {
		case chanops.Send:
			site := op.Goroutine
			if site == nil || site.Func != c.Func || site.Lit == nil || op.Select != nil || op.Deferred {
				return nil, false
			}
			if sendLoops(site.Lit, op.Node) {
				return nil, false // a stream of values, not one reply
			}
			// With no loop in the literal, InLoop means a loop around
			// the go statement that does not also make a fresh channel.
			p.many = p.many || op.InLoop
			p.sends = append(p.sends, op)
			if !slices.Contains(p.senders, site) {
				p.senders = append(p.senders, site)
			}
		case chanops.Recv:
			if op.Goroutine != nil || op.InLoop || op.Deferred {
				return nil, false
			}
			p.recvs = append(p.recvs, op)
		case chanops.Range:
			return nil, false
		}
	}
	if len(p.sends) == 0 || len(p.recvs) == 0 {
		return nil, false
	}
	if !p.many && c.Cap >= len(p.senders) || p.many && c.Cap > 0 {
		return nil, false // the buffer holds every reply
	}
	return p, true
}

// sendLoops reports whether send sits in a loop inside the goroutine's
// function literal lit.
func sendLoops(lit *ast.FuncLit, send ast.Node) bool {
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ForStmt:
			found = found || encloses(n.Body, send)
		case *ast.RangeStmt:
			found = found || encloses(n.Body, send)
		}
		return !found
	})
	return found
}

// conditional reports whether some send runs only under an if, switch or
// select inside its goroutine, so that perhaps only one sender sends.
func (p *pattern) conditional() bool {
	for _, op := range p.sends {
		found := false
		ast.Inspect(op.Goroutine.Lit.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.IfStmt, *ast.CaseClause, *ast.CommClause:
				found = found || encloses(n, op.Node)
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
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

func check(pass *analysis.Pass, chans *chanops.Result, p *pattern) {
	name := p.c.Var.Name()
	fn := funcName(p.c.Func)
	if p.many || len(p.senders) > 1 && p.receives() < len(p.senders) {
		if p.many && p.receives() > 1 || p.conditional() {
			return // the loop may be as short as the receives, or one sender wins a race to send
		}
		count := fmt.Sprintf("%d goroutines", len(p.senders))
		if p.many {
			count = "goroutines started in a loop"
		}
		pass.ReportRangef(p.sends[0].Node, "%s send on %s (%s), but %s receives from it only %s: the other senders block forever; give %s a buffer of one slot per sender",
			count, name, bufDesc(p.c.Cap), fn, onceOrTimes(p.receives()), name)
		return
	}
	// Each receive must be a select case that another case can beat.
	var sel *ast.SelectStmt
	var alt string
	for _, op := range p.recvs {
		if op.Select == nil {
			return
		}
		a, ok := alternative(pass, chans, p, op.Select)
		if !ok {
			return
		}
		if sel == nil {
			sel, alt = op.Select, a
		}
	}
	line := pass.Fset.Position(sel.Pos()).Line
	for _, send := range p.sends {
		d := analysis.Diagnostic{
			Pos: send.Node.Pos(),
			End: send.Node.End(),
			Message: fmt.Sprintf("goroutine blocks forever sending on %s (%s) when %s stops waiting at the select on line %d (%s): give %s a buffer of %d so the send always completes",
				name, bufDesc(p.c.Cap), fn, line, alt, name, len(p.senders)),
		}
		if fix, ok := bufferFix(pass, p); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
		pass.Report(d)
	}
}

// alternative returns a description of a case of sel that can fire
// instead of receiving from the pattern's channel, if there is one.
func alternative(pass *analysis.Pass, chans *chanops.Result, p *pattern, sel *ast.SelectStmt) (string, bool) {
	for _, stmt := range sel.Body.List {
		cc, ok := stmt.(*ast.CommClause)
		if !ok {
			continue
		}
		if cc.Comm == nil {
			return "default case", true
		}
		if p.receivesIn(cc.Comm) {
			continue
		}
		if x := recvChan(cc.Comm); x != nil && signalledBySender(pass, chans, p, x) {
			continue
		}
		return "case " + truncate(types.ExprString(commExpr(cc.Comm))), true
	}
	return "", false
}

func (p *pattern) receivesIn(comm ast.Stmt) bool {
	for _, op := range p.recvs {
		if encloses(comm, op.Node) {
			return true
		}
	}
	return false
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

// recvChan returns the channel operand of a receive case.
func recvChan(comm ast.Stmt) ast.Expr {
	u, ok := ast.Unparen(commExpr(comm)).(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return nil
	}
	return ast.Unparen(u.X)
}

// signalledBySender reports whether x is a local channel that one of the
// pattern's sending goroutines closes or sends on: a case on it cannot
// fire while that goroutine is still blocked on its send (unless it
// signals before sending, which is rare enough to accept).
func signalledBySender(pass *analysis.Pass, chans *chanops.Result, p *pattern, x ast.Expr) bool {
	id, ok := x.(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := pass.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return false
	}
	other := chans.ChanOf(v)
	if other == nil {
		return false
	}
	for _, op := range other.Ops {
		if (op.Kind == chanops.Send || op.Kind == chanops.Close) && slices.Contains(p.senders, op.Goroutine) {
			return true
		}
	}
	return false
}

// bufferFix rewrites make(chan T) to make(chan T, 1) when one goroutine
// sends once: then the send can never block.
func bufferFix(pass *analysis.Pass, p *pattern) (analysis.SuggestedFix, bool) {
	mk := p.c.Make
	if len(p.sends) != 1 || p.many || p.c.Cap != 0 || len(mk.Args) != 1 {
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{
		Message: fmt.Sprintf("give %s a buffer of 1", p.c.Var.Name()),
		TextEdits: []analysis.TextEdit{{
			Pos:     mk.Args[0].End(),
			End:     mk.Args[0].End(),
			NewText: []byte(", 1"),
		}},
	}, true
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
