package lockblock

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/code"
)

// A buffered channel used as a lock holds one token per slot: receiving
// takes a token, sending gives it back. A goroutine that gives back the
// token it took sends into the slot its own receive emptied, so the send
// cannot block, whoever else needs the mutex it holds. The same is true
// of the first send after make(chan T, n) with n ≥ 1, while no goroutine
// that could fill the buffer has been started.

// A slotKey is one channel as one function sees it.
type slotKey struct {
	f  *function
	ch ref
}

// slotFree reports whether, on every path of f to send, f received from
// the channel since it last sent on it (and the channel is buffered), or
// made it with a buffer and has neither sent on it nor started a
// goroutine since: a slot of the buffer is then free for this send.
func (c *checker) slotFree(f *function, send *ast.SendStmt) bool {
	r, ok := c.refOf(send.Chan)
	if !ok || f.g == nil {
		return false
	}
	if c.slots == nil {
		c.slots = make(map[slotKey]map[*ast.SendStmt]bool)
	}
	sk := slotKey{f: f, ch: r}
	free, ok := c.slots[sk]
	if !ok {
		free = c.freeSends(f, r)
		c.slots[sk] = free
	}
	return free[send]
}

// freeSends solves "a slot is free" forward over f's graph, on every path
// (an unreached block is unknown, a join holds only what all its
// predecessors hold), and returns the sends on r it holds before.
func (c *checker) freeSends(f *function, r ref) map[*ast.SendStmt]bool {
	const unreached, full, free = 0, 1, 2
	comms := code.SelectComms(f.body)
	flow := func(b *cfg.Block, in bool, visit func(*ast.SendStmt, bool)) bool {
		in = c.freeOnEntry(b, r, in)
		for _, n := range b.Nodes {
			in = c.slotStep(n, r, in, comms, visit)
		}
		return in
	}
	blocks := f.g.Blocks
	in := make([]int8, len(blocks))
	if len(blocks) == 0 {
		return nil
	}
	in[0] = full
	work := []*cfg.Block{blocks[0]}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		out := int8(full)
		if flow(b, in[b.Index] == free, func(*ast.SendStmt, bool) {}) {
			out = free
		}
		for _, s := range b.Succs {
			next := out
			if in[s.Index] != unreached {
				next = min(in[s.Index], out)
			}
			if next != in[s.Index] {
				in[s.Index] = next
				work = append(work, s)
			}
		}
	}
	sends := make(map[*ast.SendStmt]bool)
	for _, b := range blocks {
		if in[b.Index] != unreached {
			flow(b, in[b.Index] == free, func(s *ast.SendStmt, ok bool) { sends[s] = ok })
		}
	}
	return sends
}

// freeOnEntry applies the receive that starts a select case or an
// iteration of a range loop over r.
func (c *checker) freeOnEntry(b *cfg.Block, r ref, in bool) bool {
	switch s := b.Stmt.(type) {
	case *ast.CommClause:
		if b.Kind == cfg.KindSelectCaseBody {
			if x := code.RecvCase(s.Comm); x != nil && c.isRef(x, r) {
				return c.capOf(r.key) >= 1
			}
		}
	case *ast.RangeStmt:
		if b.Kind == cfg.KindRangeBody && c.isRef(s.X, r) {
			return c.capOf(r.key) >= 1
		}
	}
	return in
}

// slotStep applies one node of the graph. The graph evaluates the
// communications of a select before the select chooses, so a receive case
// takes effect in its body only (freeOnEntry); a send case is a send here.
func (c *checker) slotStep(n ast.Node, r ref, free bool, comms map[ast.Node]bool, visit func(*ast.SendStmt, bool)) bool {
	switch n := n.(type) {
	case *ast.GoStmt:
		return false // the goroutine may fill the buffer
	case *ast.SendStmt:
		if c.isRef(n.Chan, r) {
			visit(n, free)
			return false
		}
	}
	if comms[n] {
		return free
	}
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.FuncLit:
			if c.sendKeysIn(m.Body)[r.key] {
				free = false
			}
			return false
		case *ast.UnaryExpr:
			if m.Op == token.ARROW && c.isRef(m.X, r) {
				free = c.capOf(r.key) >= 1
			}
		case *ast.AssignStmt:
			for i, lhs := range m.Lhs {
				if c.isRef(lhs, r) {
					free = len(m.Lhs) == len(m.Rhs) && c.buffered(m.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			for i, name := range m.Names {
				if c.isRef(name, r) {
					free = i < len(m.Values) && len(m.Names) == len(m.Values) && c.buffered(m.Values[i])
				}
			}
		case *ast.CallExpr:
			if fn := code.Callee(c.info, m); fn != nil && c.sendsOn(fn)[r.key] {
				free = false
			}
		}
		return true
	})
	return free
}

// buffered reports whether e is make(chan T, n) with a constant n ≥ 1.
func (c *checker) buffered(e ast.Expr) bool {
	n, ok := c.makeCap(e)
	return ok && n >= 1
}

func (c *checker) isRef(e ast.Expr, r ref) bool {
	o, ok := c.refOf(e)
	return ok && o == r
}

// sendsOn returns the channels fn, a function of this package, sends on,
// itself or through the functions it calls.
func (c *checker) sendsOn(fn *types.Func) map[key]bool {
	fn = fn.Origin()
	if c.sendKeys == nil {
		c.sendKeys = make(map[*types.Func]map[key]bool)
	}
	if s, ok := c.sendKeys[fn]; ok {
		return s
	}
	c.sendKeys[fn] = nil // recursion
	decl := c.decls[fn]
	if decl == nil {
		return nil
	}
	s := c.sendKeysIn(decl.Body)
	c.sendKeys[fn] = s
	return s
}

// sendKeysIn returns the channels n sends on, in the function literals
// it contains and the functions of this package it calls included.
func (c *checker) sendKeysIn(n ast.Node) map[key]bool {
	keys := make(map[key]bool)
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.SendStmt:
			if r, ok := c.refOf(m.Chan); ok {
				keys[r.key] = true
			}
		case *ast.CallExpr:
			if fn := code.Callee(c.info, m); fn != nil {
				for k := range c.sendsOn(fn) {
					keys[k] = true
				}
			}
		}
		return true
	})
	return keys
}
