package lockblock

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/golint-conc/golint-conc/internal/code"
)

// A finding is a send that deadlocks with a receive loop: the mutex
// held, as written, and the receiver's Lock.
type finding struct {
	mu   string
	read bool
	loop *recvLoop
	at   token.Pos
}

// checkSend reports a plain send made while holding a lock that every
// receive loop of its channel takes before receiving again.
func (c *checker) checkSend(f *function, send *ast.SendStmt, st heldSet) {
	if fd := c.sendDeadlock(f, send, st); fd != nil {
		c.reportSend(send, fd)
	}
}

// sendDeadlock returns the lock held at send that the channel's
// receivers need, or nil.
func (c *checker) sendDeadlock(f *function, send *ast.SendStmt, st heldSet) *finding {
	ch, ok := c.refOf(send.Chan)
	if !ok || c.capChecked(f, send.Chan) {
		return nil
	}
	if c.sizedAtRunTime(ch) || c.slotFree(f, send) {
		return nil
	}
	loops := c.recvLoops()[ch.key]
	for _, id := range sortedHeld(st) {
		mu, ok := c.refOfPath(id.path)
		if !ok || !mu.related(ch) {
			continue
		}
		var fd *finding
		for _, l := range loops {
			if l.fn == f {
				continue // the sender's own loop: a different bug
			}
			lk := lockOf(l.locks, mu.key, id.read)
			if lk == nil {
				fd = nil // this receiver keeps draining the channel
				break
			}
			if fd == nil {
				fd = &finding{mu: st[id].text, read: id.read, loop: l, at: lk.pos}
			}
		}
		if fd != nil {
			return fd
		}
	}
	return nil
}

// sizedAtRunTime reports whether ch is a local channel made with a
// capacity computed at run time: such a channel is sized to the number
// of values sent on it (make(chan T, len(jobs))), so its sends do not
// block.
func (c *checker) sizedAtRunTime(ch ref) bool {
	if ch.key.v == nil {
		return false
	}
	lc := c.chans.ChanOf(ch.key.v)
	return lc != nil && lc.Cap < 0
}

// capChecked reports whether f tests the length or capacity of the
// channel it sends on: a sender that checks len(ch) < cap(ch) under the
// lock all senders hold knows the send cannot block.
func (c *checker) capChecked(f *function, ch ast.Expr) bool {
	found := false
	ast.Inspect(f.body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if ok && len(call.Args) == 1 {
			b, ok := c.info.Uses[identOf(call.Fun)].(*types.Builtin)
			if ok && (b.Name() == "len" || b.Name() == "cap") && code.SamePath(c.info, call.Args[0], ch) {
				found = true
			}
		}
		return !found
	})
	return found
}

// A selectSend is a send case of a select that has only send cases,
// with the locks held when the select runs.
type selectSend struct {
	sel  *ast.SelectStmt
	send *ast.SendStmt
	held heldSet
}

// selectsOf maps each send case of the selects in body to its select:
// nil for a select that cannot block on its sends alone, one with a
// default or a receive case (ctx.Done(), a quit channel).
func (c *checker) selectsOf(body *ast.BlockStmt) map[*ast.SendStmt]*ast.SelectStmt {
	m := make(map[*ast.SendStmt]*ast.SelectStmt)
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SelectStmt:
			blocking := true
			var sends []*ast.SendStmt
			for _, s := range n.Body.List {
				cc, ok := s.(*ast.CommClause)
				if !ok {
					continue
				}
				if send, ok := cc.Comm.(*ast.SendStmt); ok {
					sends = append(sends, send)
				} else {
					blocking = false
				}
			}
			for _, s := range sends {
				m[s] = nil
				if blocking {
					m[s] = n
				}
			}
		}
		return true
	})
	return m
}

// checkSelects reports a select whose every case is a send that
// deadlocks with its receivers, at its first case.
func (c *checker) checkSelects(f *function, sends []*selectSend) {
	type state struct {
		first *selectSend
		fd    *finding
		n     int
	}
	bySel := make(map[*ast.SelectStmt]*state)
	var order []*ast.SelectStmt
	for _, s := range sends {
		st := bySel[s.sel]
		if st == nil {
			st = &state{}
			bySel[s.sel] = st
			order = append(order, s.sel)
		}
		fd := c.sendDeadlock(f, s.send, s.held)
		if fd == nil {
			st.n = -1 << 30
			continue
		}
		st.n++
		if st.first == nil || s.send.Pos() < st.first.send.Pos() {
			st.first, st.fd = s, fd
		}
	}
	for _, sel := range order {
		st := bySel[sel]
		if st.first != nil && st.n == len(sel.Body.List) {
			c.reportSend(st.first.send, st.fd)
		}
	}
}
