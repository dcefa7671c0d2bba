package lockleak

import (
	"go/ast"
	"go/token"
	"maps"
	"slices"

	"golang.org/x/tools/go/cfg"
)

// A status is the set of conditions a lock may be in at a point of a
// function, one bit per condition, over all the paths that reach it.
type status uint8

const (
	sInitial         status = 1 << iota // not locked yet by this function
	sFree                               // unlocked after being locked
	sHeld                               // locked
	sInitialDeferred                    // as above, with an unlock deferred
	sFreeDeferred
	sHeldDeferred
	// sEscaped is kept by every transfer: the lock's Unlock, as a method
	// value, or its address went to code that may release it at any later
	// time, such as a started callback of a server, so that neither a
	// Lock of it nor a return can be known to find it held.
	sEscaped

	deferred = sInitialDeferred | sFreeDeferred | sHeldDeferred
)

// Each transfer function maps every condition in a status to the one
// the operation leads to.

func locked(s status) status {
	var t status
	if s&(sInitial|sFree|sHeld) != 0 {
		t |= sHeld
	}
	if s&deferred != 0 {
		t |= sHeldDeferred
	}
	return t | s&sEscaped
}

func unlocked(s status) status {
	var t status
	if s&(sInitial|sFree|sHeld) != 0 {
		t |= sFree
	}
	if s&deferred != 0 {
		t |= sFreeDeferred
	}
	return t | s&sEscaped
}

func deferUnlock(s status) status {
	return s&(deferred|sEscaped) | (s&(sInitial|sFree|sHeld))<<3
}

// A lockState is what is known about one lock at a point.
type lockState struct {
	may status
	at  token.Pos // the Lock (or TryLock) that holds it, the earliest if several
}

// A state maps each lock a function touches to its lockState. A lock
// missing from the map has not been touched: sInitial.
type state map[lockKey]lockState

func (st state) get(k lockKey) lockState {
	if ls, ok := st[k]; ok {
		return ls
	}
	return lockState{may: sInitial}
}

// merge joins src into dst and reports whether dst changed.
func merge(dst, src state) bool {
	changed := false
	for k := range src {
		if _, ok := dst[k]; !ok {
			dst[k] = lockState{may: sInitial}
			changed = true
		}
	}
	for k, d := range dst {
		s := src.get(k)
		n := lockState{may: d.may | s.may, at: d.at}
		if n.at == token.NoPos || s.at != token.NoPos && s.at < n.at {
			n.at = s.at
		}
		if n != d {
			dst[k] = n
			changed = true
		}
	}
	return changed
}

// A flow is the held-locks dataflow problem of one function: its graph,
// the ops of each block and the TryLock each conditional block tests.
type flow struct {
	g     *cfg.CFG
	ops   [][]op
	tries []*tryCond
	rets  []*ast.ReturnStmt
	in    []state
	names map[lockKey]string
	scan  *scanner
}

func (c *checker) newFlow(body *ast.BlockStmt, g *cfg.CFG) *flow {
	s := c.newScanner(body)
	n := len(g.Blocks)
	f := &flow{g: g, ops: make([][]op, n), tries: make([]*tryCond, n), rets: make([]*ast.ReturnStmt, n), in: make([]state, n), names: s.names, scan: s}
	for _, b := range g.Blocks {
		if !b.Live {
			continue
		}
		nodes := b.Nodes
		if len(b.Succs) == 2 && len(nodes) > 0 {
			if e, ok := nodes[len(nodes)-1].(ast.Expr); ok {
				if tc, ok := s.cond(e); ok {
					f.tries[b.Index] = &tc
					nodes = nodes[:len(nodes)-1]
				}
			}
		}
		for _, node := range nodes {
			f.ops[b.Index] = append(f.ops[b.Index], s.scan(node)...)
		}
		if len(b.Succs) == 0 {
			f.rets[b.Index] = b.Return() // nil after panic and other calls that never return
		}
	}
	return f
}

// solve computes the state at the entry of every live block, joining
// over all paths, until nothing changes.
func (f *flow) solve() {
	for i := range f.in {
		f.in[i] = nil
	}
	f.in[0] = make(state)
	processed := make([]bool, len(f.g.Blocks))
	queued := make([]bool, len(f.g.Blocks))
	work := []*cfg.Block{f.g.Blocks[0]}
	queued[0] = true
	for len(work) > 0 {
		b := work[0]
		work = work[1:]
		queued[b.Index] = false
		processed[b.Index] = true
		out := f.transfer(b, nil)
		for i, succ := range b.Succs {
			var changed bool
			if edge := f.edge(b, i, out); f.in[succ.Index] == nil {
				f.in[succ.Index] = maps.Clone(edge) // the first path to reach succ
			} else {
				changed = merge(f.in[succ.Index], edge)
			}
			if (changed || !processed[succ.Index]) && !queued[succ.Index] {
				queued[succ.Index] = true
				work = append(work, succ)
			}
		}
	}
}

// transfer applies the ops of block b to its entry state. Each op is
// also passed to visit, with the lock's state just before it.
func (f *flow) transfer(b *cfg.Block, visit func(op, lockState)) state {
	st := maps.Clone(f.in[b.Index])
	if st == nil {
		st = make(state)
	}
	for _, o := range f.ops[b.Index] {
		if visit != nil {
			visit(o, st.get(o.key))
		}
		st.step(o)
	}
	return st
}

// step applies one op to st.
func (st state) step(o op) {
	ls := st.get(o.key)
	switch o.kind {
	case opLock:
		ls = lockState{may: locked(ls.may), at: o.pos}
	case opUnlock, opHandOff:
		ls.may = unlocked(ls.may)
		if o.escapes {
			ls.may |= sEscaped
		}
	case opTry:
		ls.may |= locked(ls.may)
		if ls.at == token.NoPos {
			ls.at = o.pos
		}
	case opDefer:
		ls.may = deferUnlock(ls.may)
	case opDeferLock, opCall:
		return // see results: only a reported deferred Lock counts as an unlock
	}
	st[o.key] = ls
}

// edge returns the state on the i'th edge out of b: a TryLock tested by
// b's condition holds its lock on one of the two edges.
func (f *flow) edge(b *cfg.Block, i int, out state) state {
	tc := f.tries[b.Index]
	if tc == nil || (i == 0) != tc.onTrue {
		return out
	}
	st := maps.Clone(out)
	ls := st.get(tc.key)
	st[tc.key] = lockState{may: locked(ls.may), at: tc.pos}
	return st
}

// A leak is a return that leaves a lock held on every path to it.
type leak struct {
	key lockKey
	ret *ast.ReturnStmt
	at  token.Pos // the Lock
}

// A deferLock is a defer mu.Lock() run while mu is held on every path.
type deferLock struct {
	key  lockKey
	stmt *ast.DeferStmt
	sel  *ast.SelectorExpr
	at   token.Pos
}

type findings struct {
	names      map[lockKey]string
	leaks      []leak
	deferLocks []deferLock
}

// results solves the flow and returns what it finds. A lock is reported
// at a return only if the function releases it on some other return:
// when every return holds it the function is a lock helper, and when the
// function unlocks it before locking it the caller holds it on entry, a
// protocol this intraprocedural view cannot follow.
func (f *flow) results() findings {
	res := findings{names: f.names}
	f.solve()
	for _, b := range f.g.Blocks {
		if f.in[b.Index] == nil {
			continue
		}
		f.transfer(b, func(o op, ls lockState) {
			if o.kind == opDeferLock && ls.may != 0 && ls.may&^(sHeld|sHeldDeferred) == 0 && !f.unlockedAfter(o) {
				res.deferLocks = append(res.deferLocks, deferLock{key: o.key, stmt: o.stmt, sel: o.sel, at: ls.at})
			}
		})
	}
	if len(res.deferLocks) > 0 {
		// What was meant is an unlock: count it as one.
		for _, ops := range f.ops {
			for i, o := range ops {
				if o.kind == opDeferLock && slices.ContainsFunc(res.deferLocks, func(d deferLock) bool { return d.stmt == o.stmt }) {
					ops[i].kind = opDefer
				}
			}
		}
		f.solve()
	}

	enteredHeld := make(map[lockKey]bool)
	releasedAtExit := make(map[lockKey]bool)
	var candidates []leak
	for _, b := range f.g.Blocks {
		if f.in[b.Index] == nil {
			continue
		}
		out := f.transfer(b, func(o op, ls lockState) {
			if o.kind == opUnlock && ls.may&(sInitial|sInitialDeferred) != 0 {
				enteredHeld[o.key] = true
			}
		})
		ret := f.rets[b.Index]
		if ret == nil {
			continue
		}
		for k, ls := range out {
			switch {
			case ls.may == sHeld:
				candidates = append(candidates, leak{key: k, ret: ret, at: ls.at})
			case ls.may&(sFree|deferred) != 0:
				releasedAtExit[k] = true
			}
		}
	}
	for _, l := range candidates {
		if releasedAtExit[l.key] && !enteredHeld[l.key] {
			res.leaks = append(res.leaks, l)
		}
	}
	slices.SortFunc(res.leaks, func(a, b leak) int {
		if a.ret.Pos() != b.ret.Pos() {
			return int(a.ret.Pos() - b.ret.Pos())
		}
		return int(a.at - b.at)
	})
	slices.SortFunc(res.deferLocks, func(a, b deferLock) int { return int(a.stmt.Pos() - b.stmt.Pos()) })
	return res
}

// unlockedAfter reports whether the function unlocks the lock of a
// deferred Lock later in its source: mu.Unlock(); defer mu.Lock() and
// mu.Lock(); defer mu.Lock(); mu.Unlock() hand the lock back on return
// on purpose.
func (f *flow) unlockedAfter(d op) bool {
	for _, ops := range f.ops {
		for _, o := range ops {
			if o.kind == opUnlock && o.key == d.key && o.pos > d.pos {
				return true
			}
		}
	}
	return false
}

// ownReleases returns the returns at which the function itself has
// released k, by an unlock or a deferred unlock, leaving out the locks
// it only handed to other code, which may still hold them when it
// returns, as a goroutine that takes the lock on the caller's behalf
// does. It solves a copy of the flow, leaving f as it was.
func (f *flow) ownReleases(k lockKey) []*ast.ReturnStmt {
	own := *f
	own.ops = make([][]op, len(f.ops))
	for i, ops := range f.ops {
		for _, o := range ops {
			if o.kind != opHandOff {
				own.ops[i] = append(own.ops[i], o)
			}
		}
	}
	own.in = make([]state, len(f.in))
	own.solve()
	var rets []*ast.ReturnStmt
	for _, b := range own.g.Blocks {
		if ret := own.rets[b.Index]; ret != nil && own.in[b.Index] != nil {
			if own.transfer(b, nil).get(k).may&(sFree|deferred) != 0 {
				rets = append(rets, ret)
			}
		}
	}
	return rets
}
