package ctxdone

import (
	"go/ast"

	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/chanops"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

// sentOnceAndTaken reports whether the value of send, a send on a local
// unbuffered channel, is sure to be received: every goroutine that sends
// on the channel is started by its maker outside any loop that does not
// also make the channel, and sends on it at most once (no path leads from
// one of its sends to another, as with a send followed by return), and
// the maker's own receives take every value on every path from the make
// to a return or t.Fatal (chanops.MostPending leaves none pending). The
// maker then waits for the value whatever becomes of the context, so the
// send does not block for good. A receive in a select counts only on the
// paths through its case: a maker that may take a case <-ctx.Done()
// instead can abandon the sender.
func (c *checker) sentOnceAndTaken(send *ast.SendStmt) bool {
	lc := c.localChan(send.Chan)
	if lc == nil || lc.Escapes || lc.Make == nil || lc.Cap != 0 {
		return false
	}
	g := c.graph(lc.Func)
	if g == nil {
		return false
	}
	var sites []*spawnsites.Site
	sends := make(map[*spawnsites.Site][]ast.Node)
	var recvs []ast.Node
	for _, op := range lc.Ops {
		switch op.Kind {
		case chanops.Send:
			site := op.Goroutine
			if site == nil || site.Lit == nil || op.Func != site.Lit || op.ViaCall != nil || op.Deferred ||
				site.Func != lc.Func || startedInLoop(site, lc.Make) {
				return false
			}
			if _, seen := sends[site]; !seen {
				sites = append(sites, site)
			}
			sends[site] = append(sends[site], op.Node)
		case chanops.Recv:
			if op.Func == lc.Func && op.Goroutine == nil && op.ViaCall == nil && !op.Deferred {
				recvs = append(recvs, op.Node)
			}
		}
	}
	var spawns []ast.Node
	for _, site := range sites {
		lg := c.cfgs.FuncLit(site.Lit)
		for _, s := range sends[site] {
			if again, ok := chanops.Reaches(lg, s, sends[site]); !ok || again {
				return false
			}
		}
		spawns = append(spawns, site.Node)
	}
	stops := func(call *ast.CallExpr) bool { return code.EndsGoroutine(c.pass.TypesInfo, call) }
	left, ok := chanops.MostPending(g, lc.Make, spawns, recvs, stops)
	return ok && left.Pending == 0
}

// startedInLoop reports whether site runs in a loop that does not also
// enclose mk: more goroutines than its one go statement, on one channel.
func startedInLoop(site *spawnsites.Site, mk *ast.CallExpr) bool {
	for _, l := range site.Loops() {
		if !(l.Pos() <= mk.Pos() && mk.End() <= l.End()) {
			return true
		}
	}
	return false
}

func (c *checker) graph(fn ast.Node) *cfg.CFG { return code.Graph(c.cfgs, fn) }
