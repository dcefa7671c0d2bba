package locks

import (
	"go/ast"
	"go/token"
	"go/types"
	"math/bits"

	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/internal/ref"
	"github.com/golint-conc/golint-conc/passes/funcs"
)

// function is the lock model of one function: its operations, the
// effects of its CFG nodes on the locks, numbered by first appearance,
// and the state at each block's entry.
type function struct {
	g       *cfg.CFG
	ops     []*Op
	locks   []ref.Ref
	read    []bool // locks[i] is taken with RLock or TryRLock
	index   map[ref.Ref]int
	effects map[ast.Node][]effect
	branch  map[*cfg.Block][]int // locks a condition's TryLock holds on the true edge
	entry   []state
	expects []int // locks released without being held first
}

type effectKind uint8

const (
	acquire effectKind = iota
	release
	deferAcquire
	deferRelease
	tryAcquire // may hold: a TryLock whose result is not a condition
	stop       // a call that never returns
)

type effect struct {
	kind effectKind
	lock int
}

func (f *function) lock(r ref.Ref, read bool) int {
	i, ok := f.index[r]
	if !ok {
		i = len(f.locks)
		f.index[r] = i
		f.locks = append(f.locks, r)
		f.read = append(f.read, false)
	}
	f.read[i] = f.read[i] || read
	return i
}

func (f *function) addEffect(n ast.Node, e effect) {
	if f.effects == nil {
		f.effects = make(map[ast.Node][]effect)
	}
	f.effects[n] = append(f.effects[n], e)
}

func (f *function) addOp(n ast.Node, op *Op, cond bool) {
	if op.Lock.Root == nil {
		return
	}
	i := f.lock(op.Lock, op.Read && op.Method != code.Unlock)
	switch {
	case op.Method == code.TryLock && cond && isCondCall(n, op.Call):
		if f.branch == nil {
			f.branch = make(map[*cfg.Block][]int)
		}
		b, _ := funcs.Locate(f.g, n)
		f.branch[b] = append(f.branch[b], i)
	case op.Method == code.TryLock:
		f.addEffect(n, effect{kind: tryAcquire, lock: i})
	case op.Method == code.Lock:
		f.addEffect(n, effect{kind: pick(op.Deferred, deferAcquire, acquire), lock: i})
	case op.Method == code.Unlock:
		f.addEffect(n, effect{kind: pick(op.Deferred, deferRelease, release), lock: i})
	}
}

// isCondCall reports whether cond is call, possibly negated: the true
// edge of mu.TryLock() holds the lock; for !mu.TryLock() cfg still puts
// the negation in one node, so the branch is the false edge then.
func isCondCall(cond ast.Node, call *ast.CallExpr) bool {
	e, _ := cond.(ast.Expr)
	return ast.Unparen(e) == call || negated(cond, call)
}

func negated(cond ast.Node, call *ast.CallExpr) bool {
	u, ok := ast.Unparen(cond.(ast.Expr)).(*ast.UnaryExpr)
	return ok && u.Op == token.NOT && ast.Unparen(u.X) == call
}

func pick(deferred bool, d, now effectKind) effectKind {
	if deferred {
		return d
	}
	return now
}

// addCall applies the summary s of callee, called at call, to the
// arguments' locks.
func (f *function) addCall(n ast.Node, info *types.Info, call *ast.CallExpr, callee *types.Func, s *Summary, deferred bool) {
	for _, e := range s.Acquires {
		if r, ok := ref.Resolve(info, call, callee, e.Lock); ok {
			f.addEffect(n, effect{kind: pick(deferred, deferAcquire, acquire), lock: f.lock(r, e.Read)})
		}
	}
	for _, e := range s.Releases {
		if r, ok := ref.Resolve(info, call, callee, e.Lock); ok {
			f.addEffect(n, effect{kind: pick(deferred, deferRelease, release), lock: f.lock(r, e.Read)})
		}
	}
}

// A state is what holds on entry to a point: the locks held on every
// path (must) or some path (may), and the deferred calls pending, which
// take effect at a return. A state that is not live is on no path.
type state struct {
	live                      bool
	must, may                 set
	deferRelMust, deferRelMay set
	deferAcqMust, deferAcqMay set
}

func (f *function) newState() state {
	n := (len(f.locks) + 63) / 64
	return state{must: make(set, n), may: make(set, n), deferRelMust: make(set, n), deferRelMay: make(set, n),
		deferAcqMust: make(set, n), deferAcqMay: make(set, n)}
}

func (s state) clone() state {
	return state{s.live, s.must.clone(), s.may.clone(), s.deferRelMust.clone(), s.deferRelMay.clone(),
		s.deferAcqMust.clone(), s.deferAcqMay.clone()}
}

// join merges src into dst, reporting whether dst changed.
func (dst *state) join(src state) bool {
	if !src.live {
		return false
	}
	if !dst.live {
		*dst = src.clone()
		return true
	}
	c := dst.must.and(src.must)
	c = dst.may.or(src.may) || c
	c = dst.deferRelMust.and(src.deferRelMust) || c
	c = dst.deferRelMay.or(src.deferRelMay) || c
	c = dst.deferAcqMust.and(src.deferAcqMust) || c
	c = dst.deferAcqMay.or(src.deferAcqMay) || c
	return c
}

// apply runs the effects of node n on s, in place. seen, if not nil, is
// told each lock released while not possibly held.
func (f *function) apply(s *state, n ast.Node, unheld func(int)) {
	for _, e := range f.effects[n] {
		switch e.kind {
		case acquire:
			s.must.add(e.lock)
			s.may.add(e.lock)
		case tryAcquire:
			s.may.add(e.lock)
		case release, deferRelease:
			if unheld != nil && !s.may.has(e.lock) {
				unheld(e.lock)
			}
			if e.kind == deferRelease {
				s.deferRelMust.add(e.lock)
				s.deferRelMay.add(e.lock)
			} else {
				s.must.del(e.lock)
				s.may.del(e.lock)
			}
		case deferAcquire:
			s.deferAcqMust.add(e.lock)
			s.deferAcqMay.add(e.lock)
		case stop:
			s.live = false
		}
	}
}

// solve computes the state at each block's entry, and the locks the
// function releases without holding them.
func (f *function) solve() {
	f.entry = make([]state, len(f.g.Blocks))
	if len(f.g.Blocks) == 0 {
		return
	}
	f.entry[0] = f.newState()
	f.entry[0].live = true
	work := []*cfg.Block{f.g.Blocks[0]}
	queued := make([]bool, len(f.g.Blocks))
	queued[0] = true
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		queued[b.Index] = false
		s := f.exitOf(b, nil)
		for i, succ := range b.Succs {
			out := s
			if held := f.branch[b]; len(held) > 0 && s.live {
				out = s.clone()
				for _, l := range held {
					if (i == 0) != f.negatedBranch(b) {
						out.must.add(l)
						out.may.add(l)
					}
				}
			}
			if f.entry[succ.Index].join(out) && !queued[succ.Index] {
				queued[succ.Index] = true
				work = append(work, succ)
			}
		}
	}
	var expects set = make(set, (len(f.locks)+63)/64)
	for _, b := range f.g.Blocks {
		f.exitOf(b, func(l int) { expects.add(l) })
	}
	f.expects = expects.members()
}

// negatedBranch reports whether b's condition is !mu.TryLock().
func (f *function) negatedBranch(b *cfg.Block) bool {
	u, ok := ast.Unparen(b.Nodes[len(b.Nodes)-1].(ast.Expr)).(*ast.UnaryExpr)
	return ok && u.Op == token.NOT
}

// exitOf returns the state after b's nodes.
func (f *function) exitOf(b *cfg.Block, unheld func(int)) state {
	s := f.entry[b.Index]
	if !s.live {
		return s
	}
	s = s.clone()
	for _, n := range b.Nodes {
		f.apply(&s, n, unheld)
	}
	return s
}

// returns calls yield with the state at each return of the function,
// its deferred calls run.
func (f *function) returns(yield func(s state)) {
	for _, b := range f.g.Blocks {
		if len(b.Succs) != 0 {
			continue
		}
		s := f.exitOf(b, nil)
		if !s.live {
			continue
		}
		s.must.andNot(s.deferRelMay)
		s.may.andNot(s.deferRelMust)
		s.must.or(s.deferAcqMust)
		s.may.or(s.deferAcqMay)
		yield(s)
	}
}

// HeldAt returns the locks held on every path (must) and on some path
// (may) just before the CFG node holding n runs, n in fn, a *ast.FuncDecl
// or *ast.FuncLit. Deferred unlocks pending do not count: they run at the
// return. For a node that no path reaches, both are nil; so they are for
// a function without lock operations or lock effects.
func (r *Result) HeldAt(fn, n ast.Node) (must, may []ref.Ref) {
	f := r.byFn[fn]
	if f == nil {
		return nil, nil
	}
	b, i := funcs.Locate(f.g, n)
	if b == nil || !f.entry[b.Index].live {
		return nil, nil
	}
	s := f.entry[b.Index].clone()
	for _, node := range b.Nodes[:i] {
		f.apply(&s, node, nil)
	}
	if !s.live {
		return nil, nil
	}
	return f.refs(s.must), f.refs(s.may)
}

// EntryOf returns HeldAt for the entry of block b of fn's CFG.
func (r *Result) EntryOf(fn ast.Node, b *cfg.Block) (must, may []ref.Ref) {
	f := r.byFn[fn]
	if f == nil || b.Index >= int32(len(f.entry)) || !f.entry[b.Index].live {
		return nil, nil
	}
	s := f.entry[b.Index]
	return f.refs(s.must), f.refs(s.may)
}

func (f *function) refs(s set) []ref.Ref {
	var rs []ref.Ref
	for _, i := range s.members() {
		rs = append(rs, f.locks[i])
	}
	return rs
}

// A set is a bit set of lock numbers.
type set []uint64

func (s set) has(i int) bool { return s[i/64]&(1<<(i%64)) != 0 }
func (s set) add(i int)      { s[i/64] |= 1 << (i % 64) }
func (s set) del(i int)      { s[i/64] &^= 1 << (i % 64) }
func (s set) clone() set     { return append(set(nil), s...) }

func (s set) and(t set) bool {
	c := false
	for i := range s {
		v := s[i] & t[i]
		c = c || v != s[i]
		s[i] = v
	}
	return c
}

func (s set) or(t set) bool {
	c := false
	for i := range s {
		v := s[i] | t[i]
		c = c || v != s[i]
		s[i] = v
	}
	return c
}

func (s set) andNot(t set) {
	for i := range s {
		s[i] &^= t[i]
	}
}

func (s set) members() []int {
	var m []int
	for w, v := range s {
		for v != 0 {
			b := bits.TrailingZeros64(v)
			m = append(m, w*64+b)
			v &^= 1 << b
		}
	}
	return m
}
