package chanops

import (
	"cmp"
	"go/ast"
	"go/token"
	"slices"

	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/passes/funcs"
)

// FewestOnPath returns the fewest of marks that a path through g passes
// on its way from start to a return: how many of them are sure to run
// once start has run, before the function returns. A path that ends in a
// call that never returns (panic, os.Exit) gives no answer, as the
// function does not return there. A mark that is a select case's
// communication counts only on the paths that take that case; a mark
// inside a function literal or the right operand of && or || counts on
// no path, as it may not run. ok is false when start is not in g or no
// return is reachable from it.
func FewestOnPath(g *cfg.CFG, start ast.Node, marks []ast.Node) (n int, ok bool) {
	sb, si := funcs.LocateOp(g, start)
	if sb == nil {
		return 0, false
	}
	weight := make([]int, len(g.Blocks))
	tail := 0 // the marks in sb at or after start
	for _, m := range marks {
		b, i := funcs.LocateOp(g, m)
		if b == nil || !sure(b, i, m) {
			continue
		}
		weight[b.Index]++
		if b == sb && i >= si {
			tail++
		}
	}
	const none = int(^uint(0) >> 1)
	best := none
	// passed[b] is the fewest marks passed on entering b.
	passed := make([]int, len(g.Blocks))
	for i := range passed {
		passed[i] = none
	}
	var work []*cfg.Block
	leave := func(b *cfg.Block, n int) {
		if b.Return() != nil {
			best = min(best, n)
		}
		for _, s := range b.Succs {
			if n < passed[s.Index] {
				passed[s.Index] = n
				work = append(work, s)
			}
		}
	}
	leave(sb, tail)
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		leave(b, passed[b.Index]+weight[b.Index])
	}
	return best, best != none
}

// sure reports whether m, held by node i of b, runs whenever that node
// does: it is not in a function literal or behind && or ||.
func sure(b *cfg.Block, i int, m ast.Node) bool {
	if i < 0 {
		return true
	}
	ok := true
	ast.Inspect(b.Nodes[i], func(n ast.Node) bool {
		if !ok || n == nil || !within(n, m) || n == m {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			ok = false
		case *ast.BinaryExpr:
			if (n.Op == token.LAND || n.Op == token.LOR) && within(n.Y, m) {
				ok = false
			}
		}
		return ok
	})
	return ok
}

func within(outer, inner ast.Node) bool {
	return outer.Pos() <= inner.Pos() && inner.End() <= outer.End()
}

// A Backlog is what one path of a MostPending walk leaves behind.
type Backlog struct {
	Pending int      // values sent and not received when the path leaves
	Sent    int      // senders started on the path
	Exit    ast.Node // where the path leaves: a return, a call ends accepts, or start
}

// MostPending counts, along each path of g from start, the values pending
// on a channel: each of sends (the start of a goroutine that sends once)
// adds one, each of recvs takes one away if one is pending. A receive with
// none pending waits for a sender the walk does not see, and banks
// nothing. It returns the path that leaves the most pending: by a return,
// by a call ends reports (runtime.Goexit ends the goroutine while the
// senders live on), or by coming back to start, which makes a fresh
// channel. A path that ends in another call that never returns (panic,
// os.Exit) ends the process and leaves no one blocked. Marks are found
// and counted as by FewestOnPath; counts stop growing at len(sends), so
// that a walk around a loop ends. ok is false when start or a send is not
// in g, a send may not run where it sits, or no way out is reachable.
func MostPending(g *cfg.CFG, start ast.Node, sends, recvs []ast.Node, ends func(*ast.CallExpr) bool) (worst Backlog, ok bool) {
	sb, si := funcs.LocateOp(g, start)
	if sb == nil {
		return Backlog{}, false
	}
	events := make([][]event, len(g.Blocks))
	for _, m := range sends {
		b, i := funcs.LocateOp(g, m)
		if b == nil || !sure(b, i, m) {
			return Backlog{}, false
		}
		events[b.Index] = append(events[b.Index], event{i, +1})
	}
	for _, m := range recvs {
		if b, i := funcs.LocateOp(g, m); b != nil && sure(b, i, m) {
			events[b.Index] = append(events[b.Index], event{i, -1})
		}
	}
	for _, evs := range events {
		// In one node, such as go f(<-ch), the receive comes first.
		slices.SortFunc(evs, func(a, b event) int { return cmp.Or(a.at-b.at, a.delta-b.delta) })
	}
	w := pendingWalk{events: events, limit: len(sends), ends: ends, start: start, sb: sb, si: si}
	w.seen = make([]bool, len(g.Blocks)*(w.limit+1)*(w.limit+1))
	w.leave(sb, w.apply(sb, si, len(sb.Nodes), Backlog{}))
	for len(w.work) > 0 {
		s := w.work[len(w.work)-1]
		w.work = w.work[:len(w.work)-1]
		if s.b == sb {
			// Back at the make: the channel is dropped for a fresh one.
			w.exit(w.apply(sb, -1, si, s.left), start)
			continue
		}
		w.leave(s.b, w.apply(s.b, -1, len(s.b.Nodes), s.left))
	}
	return w.worst, w.found
}

// An event is a mark at node at of its block (-1: on entry to a select
// case), adding or taking one pending value.
type event struct{ at, delta int }

type pendingWalk struct {
	events [][]event
	limit  int
	ends   func(*ast.CallExpr) bool
	start  ast.Node
	sb     *cfg.Block
	si     int
	seen   []bool // by block, pending and sent
	work   []walkState
	worst  Backlog
	found  bool
}

type walkState struct {
	b    *cfg.Block
	left Backlog
}

// apply returns left after the events of b at nodes from to to, from
// included when it is a node, to excluded.
func (w *pendingWalk) apply(b *cfg.Block, from, to int, left Backlog) Backlog {
	for _, e := range w.events[b.Index] {
		if e.at < from || e.at >= to && e.at >= 0 {
			continue
		}
		if e.delta > 0 {
			left.Pending = min(left.Pending+1, w.limit)
			left.Sent = min(left.Sent+1, w.limit)
		} else if left.Pending > 0 {
			left.Pending--
		}
	}
	return left
}

// leave follows the path out of b, which leaves left pending.
func (w *pendingWalk) leave(b *cfg.Block, left Backlog) {
	if ret := b.Return(); ret != nil {
		w.exit(left, ret)
		return
	}
	if len(b.Succs) == 0 && len(b.Nodes) > 0 {
		if s, ok := b.Nodes[len(b.Nodes)-1].(*ast.ExprStmt); ok {
			if call, ok := s.X.(*ast.CallExpr); ok && w.ends(call) {
				w.exit(left, s)
			}
		}
		return
	}
	for _, s := range b.Succs {
		k := (int(s.Index)*(w.limit+1)+left.Pending)*(w.limit+1) + left.Sent
		if !w.seen[k] {
			w.seen[k] = true
			w.work = append(w.work, walkState{s, left})
		}
	}
}

func (w *pendingWalk) exit(left Backlog, at ast.Node) {
	left.Exit = at
	if !w.found || left.Pending > w.worst.Pending || left.Pending == w.worst.Pending && left.Sent > w.worst.Sent {
		w.worst, w.found = left, true
	}
}

// Reaches reports whether some path of g leads from start, once it has
// run, to one of marks: a later node of start's block, or any block
// reachable from it, start's own block included when a loop comes back
// to it. It answers "may this happen again": Reaches(g, send, sends)
// false means the function sends at most once after that send. ok is
// false when start or a mark is not in g, or a mark may not run where it
// sits (inside a function literal, or behind && or ||), which leaves
// when it runs unknown.
func Reaches(g *cfg.CFG, start ast.Node, marks []ast.Node) (reached, ok bool) {
	sb, si := funcs.LocateOp(g, start)
	if sb == nil {
		return false, false
	}
	has := make([]bool, len(g.Blocks))
	for _, m := range marks {
		b, i := funcs.LocateOp(g, m)
		if b == nil || !sure(b, i, m) {
			return false, false
		}
		has[b.Index] = true
		if b == sb && (i > si || i == si && m != start) {
			reached = true
		}
	}
	seen := make([]bool, len(g.Blocks))
	work := slices.Clone(sb.Succs)
	for len(work) > 0 && !reached {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[b.Index] {
			continue
		}
		seen[b.Index] = true
		reached = has[b.Index]
		work = append(work, b.Succs...)
	}
	return reached, true
}
