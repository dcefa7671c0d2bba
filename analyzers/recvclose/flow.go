package recvclose

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/chanops"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

// A pathAnswer is what the closer's control-flow graph says about the
// close: whether every path to it (to each return after it, for a
// deferred close) first passes a point after which no sender can send on
// the channel any more, once the sender has been started. Known is false
// when the graph cannot answer; Lone is set when a single goroutine,
// started once, sends at most once, so that the receive of its send is
// such a point and a path without one is a race.
type pathAnswer struct {
	Known, Joined, Lone bool
}

// pathsToClose asks the graph. Joins are a Wait, a receive from a channel
// the sender signals on once it is done sending, and, for a lone sender,
// the receive of its send. The graph cannot answer when the closer is not
// a function body, the close is in a closure it does not run in place or
// in a callee, the maker sends, or senders are started in a loop, whose
// joins are counted loops of receives or Waits it cannot count.
func (ck *checker) pathsToClose(c *chanops.Chan, body ast.Node, cl *chanops.Op, recvs, senders []*chanops.Op) pathAnswer {
	graph := ck.cfgOf(body)
	if graph == nil || cl.ViaCall != nil {
		return pathAnswer{}
	}
	var sites []*spawnsites.Site
	for _, s := range senders {
		if s.Goroutine == nil || s.ViaCall != nil || s.Goroutine.Func != body || startedInLoop(c, s.Goroutine) {
			return pathAnswer{}
		}
		if !containsSite(sites, s.Goroutine) {
			sites = append(sites, s.Goroutine)
		}
	}
	target, ok := ck.closeNode(graph, body, cl)
	if !ok {
		return pathAnswer{}
	}
	lone := len(sites) == 1 && ck.sendsOnce(c, sites[0])
	for _, r := range recvs {
		if r.ViaCall != nil || r.Func != body {
			lone = false // a receive the graph does not show may be the join
		}
	}
	w := &pathWalk{graph: graph, target: target, deferred: cl.Deferred, comms: code.SelectComms(body)}
	for _, s := range sites {
		w.spawn = s.Node
		w.isJoin = func(n ast.Node) bool { return ck.joins(n, c, s, lone) }
		w.rangeJoins = func(rs *ast.RangeStmt) bool { return lone && ck.chanOf(rs.X) == c }
		if w.reachesUnjoined() {
			return pathAnswer{Known: true, Lone: lone}
		}
	}
	return pathAnswer{Known: true, Joined: true, Lone: lone}
}

func (ck *checker) cfgOf(body ast.Node) *cfg.CFG { return code.Graph(ck.cfgs, body) }

func containsSite(sites []*spawnsites.Site, s *spawnsites.Site) bool {
	for _, t := range sites {
		if t == s {
			return true
		}
	}
	return false
}

// closeNode returns the graph node that performs cl: its statement, or
// the defer statement of the deferred literal holding it. A close inside
// any other literal runs whenever that literal is called, which the
// graph does not show.
func (ck *checker) closeNode(graph *cfg.CFG, body ast.Node, cl *chanops.Op) (ast.Node, bool) {
	lit := ck.enclosingLit(cl.Node, body)
	for _, b := range graph.Blocks {
		if !b.Live {
			continue
		}
		for _, n := range b.Nodes {
			if !contains(n, cl.Node) {
				continue
			}
			if lit == nil {
				return n, true
			}
			if d, ok := n.(*ast.DeferStmt); ok && ast.Unparen(d.Call.Fun) == lit {
				return n, true
			}
			return nil, false
		}
	}
	return nil, false
}

// enclosingLit returns the innermost function literal between n and body,
// or nil.
func (ck *checker) enclosingLit(n, body ast.Node) *ast.FuncLit {
	cur, ok := ck.root.FindNode(n)
	if !ok {
		return nil
	}
	for cur = cur.Parent(); cur.Node() != nil && cur.Node() != body; cur = cur.Parent() {
		if lit, ok := cur.Node().(*ast.FuncLit); ok {
			return lit
		}
	}
	return nil
}

// A pathWalk looks for a path of the closer that starts the sender at
// spawn and then reaches the close (a return after the defer statement,
// for a deferred close) without passing a join.
type pathWalk struct {
	graph      *cfg.CFG
	target     ast.Node
	deferred   bool
	comms      map[ast.Node]bool
	spawn      ast.Node
	isJoin     func(ast.Node) bool
	rangeJoins func(*ast.RangeStmt) bool
}

func (w *pathWalk) reachesUnjoined() bool {
	type point struct {
		b                 *cfg.Block
		spawned, deferSet bool
	}
	seen := make(map[point]bool)
	work := []point{{b: w.graph.Blocks[0]}}
	for len(work) > 0 {
		p := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[p] || !p.b.Live {
			continue
		}
		seen[p] = true
		if p.spawned && w.entryJoins(p.b) {
			continue
		}
		joined := false
		for _, n := range p.b.Nodes {
			if p.spawned && !w.comms[n] && w.isJoin(n) {
				joined = true
				break
			}
			if contains(n, w.spawn) {
				p.spawned = true
			}
			if n == w.target {
				if !w.deferred && p.spawned {
					return true
				}
				p.deferSet = true
			}
		}
		if joined {
			continue
		}
		if p.spawned && p.deferSet && p.b.Return() != nil {
			return true
		}
		for _, s := range p.b.Succs {
			work = append(work, point{s, p.spawned, p.deferSet})
		}
	}
	return false
}

// entryJoins reports whether entering b means a join happened: b is the
// body of the select case whose communication joins (the graph evaluates
// every communication before it branches, so only the case body tells
// which one happened), or the body of a range loop whose value joins, or
// the block after it: that loop ends only when the channel is closed,
// which before this close cannot happen, or by a break from the body,
// which comes after the join.
func (w *pathWalk) entryJoins(b *cfg.Block) bool {
	switch st := b.Stmt.(type) {
	case *ast.CommClause:
		return b.Kind == cfg.KindSelectCaseBody && w.isJoin(st.Comm)
	case *ast.RangeStmt:
		return (b.Kind == cfg.KindRangeBody || b.Kind == cfg.KindRangeDone) && w.rangeJoins(st)
	}
	return false
}

// joins reports whether n, a statement of the closer that has run, ends
// the sending of goroutine s on c: a Wait, a receive from a channel s
// signals on after its last send on c, or, when s is the lone sender and
// sends at most once, a receive from c itself.
func (ck *checker) joins(n ast.Node, c *chanops.Chan, s *spawnsites.Site, lone bool) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if found {
			return false
		}
		switch m := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			fn := code.Callee(ck.pass.TypesInfo, m)
			found = code.IsMethod(fn, "sync", "WaitGroup", "Wait") ||
				code.IsMethod(fn, "golang.org/x/sync/errgroup", "Group", "Wait")
		case *ast.UnaryExpr:
			if m.Op != token.ARROW {
				return true
			}
			d := ck.chanOf(m.X)
			switch {
			case d == nil:
			case d == c:
				found = lone
			default:
				found = ck.signalsWhenDone(d, c, s) || ck.signalsAfterWait(d)
			}
		}
		return !found
	})
	return found
}

// signalsWhenDone reports whether goroutine s sends on or closes d only
// where it can no longer send on c: a deferred close, or an operation
// from which no path of s reaches a send on c.
func (ck *checker) signalsWhenDone(d, c *chanops.Chan, s *spawnsites.Site) bool {
	for _, op := range d.Ops {
		if op.Goroutine != s || async(op) || op.Kind != chanops.Send && op.Kind != chanops.Close {
			continue
		}
		if op.Deferred && op.Kind == chanops.Close {
			return true
		}
		if s.Lit != nil && op.Func == s.Lit && !ck.reachesSend(s.Lit, c, op.Node) {
			return true
		}
	}
	return false
}

// startedInLoop reports whether s starts a new goroutine per iteration of
// a loop that reuses c.
func startedInLoop(c *chanops.Chan, s *spawnsites.Site) bool {
	for _, l := range s.Loops() {
		if !contains(l, c.Make) {
			return true
		}
	}
	return false
}

// sendsOnce reports whether goroutine s, started once per channel, sends
// on c at most once: every send is its own, outside closures, and no path
// leads from one send to another.
func (ck *checker) sendsOnce(c *chanops.Chan, s *spawnsites.Site) bool {
	if s.Lit == nil {
		return false
	}
	for _, op := range c.Ops {
		if op.Kind == chanops.Send && op.Goroutine == s && (op.ViaCall != nil || op.Func != s.Lit) {
			return false
		}
	}
	for _, op := range c.Ops {
		if op.Kind == chanops.Send && op.Goroutine == s && ck.reachesSend(s.Lit, c, op.Node) {
			return false
		}
	}
	return true
}

// reachesSend reports whether, in lit, a path leads from the graph node
// holding from to a send on c (from's own node excluded, unless a loop
// brings the path back to it). It answers true when it cannot tell.
func (ck *checker) reachesSend(lit *ast.FuncLit, c *chanops.Chan, from ast.Node) bool {
	graph := ck.cfgs.FuncLit(lit)
	if graph == nil {
		return true
	}
	sends := func(n ast.Node) bool {
		for _, op := range c.Ops {
			if op.Kind == chanops.Send && op.Func == lit && contains(n, op.Node) {
				return true
			}
		}
		return false
	}
	var start *cfg.Block
	at := -1
	for _, b := range graph.Blocks {
		for i, n := range b.Nodes {
			if b.Live && contains(n, from) {
				start, at = b, i
			}
		}
	}
	if start == nil {
		return true
	}
	for _, n := range start.Nodes[at+1:] {
		if sends(n) {
			return true
		}
	}
	seen := make(map[*cfg.Block]bool)
	work := append([]*cfg.Block(nil), start.Succs...)
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[b] {
			continue
		}
		seen[b] = true
		for _, n := range b.Nodes {
			if sends(n) {
				return true
			}
		}
		work = append(work, b.Succs...)
	}
	return false
}

// chanOf returns the local channel expr denotes, or nil.
func (ck *checker) chanOf(expr ast.Expr) *chanops.Chan {
	if v := code.RootVar(ck.pass.TypesInfo, expr); v != nil {
		return ck.chans.ChanOf(v)
	}
	return nil
}
