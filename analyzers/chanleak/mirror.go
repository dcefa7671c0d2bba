package chanleak

import (
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/golint-conc/golint-conc/passes/chanops"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

// mirrored reports C1 the other way round: the maker sends once, plainly,
// on an unbuffered channel, and the only receiver is a goroutine it
// started that waits in a select with a timeout or other case. When that
// case fires first, the maker blocks forever on its send.
func (chk *checker) mirrored(c *chanops.Chan) bool {
	if c.Cap != 0 {
		return false
	}
	var send *chanops.Op
	var site *spawnsites.Site
	var recvs []*chanops.Op
	for _, op := range c.Ops {
		if op.ViaCall != nil || op.InLoop || op.Deferred {
			return false
		}
		switch op.Kind {
		case chanops.Send:
			if send != nil || op.Goroutine != nil || op.Select != nil {
				return false
			}
			send = op
		case chanops.Recv:
			g := op.Goroutine
			if g == nil || g.Func != c.Func || g.Lit == nil || site != nil && g != site ||
				op.Select == nil || inLoop(g.Lit.Body, op.Node) {
				return false
			}
			site = g
			recvs = append(recvs, op)
		default:
			return false
		}
	}
	if send == nil || site == nil || send.Node.Pos() < site.Node.End() {
		return false
	}
	sel := recvs[0].Select
	var alt string
	for _, op := range recvs {
		a, ok := chk.alternative(op.Select, recvs, func(op *chanops.Op) bool {
			return (op.Kind == chanops.Send || op.Kind == chanops.Close) && op.Goroutine == nil
		})
		if !ok {
			return false
		}
		if alt == "" {
			alt = a
		}
	}
	name := c.Var.Name()
	chk.pass.Report(analysis.Diagnostic{
		Pos: send.Node.Pos(),
		End: send.Node.End(),
		Message: fmt.Sprintf("%s blocks forever sending on %s (unbuffered) when the goroutine started on line %d stops waiting at the select on line %d (%s): give %s a buffer of 1 so the send always completes",
			funcName(c.Func), name, chk.line(site.Node), chk.line(sel), alt, name),
		SuggestedFixes: bufferFix(c),
	})
	return true
}
