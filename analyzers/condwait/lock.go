package condwait

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/code"
)

// A binding ties a Cond to its lock: c := sync.NewCond(&mu),
// q.cond = sync.NewCond(&q.mu), c := &sync.Cond{L: &mu} or p.c.L = &p.mu.
type binding struct {
	cond, lock path
}

// lockState is what is known, at a point of a function, about whether
// the function holds a Cond's lock.
type lockState uint8

const (
	unvisited lockState = iota
	unknown
	held
	notHeld
)

func (s lockState) meet(t lockState) lockState {
	switch {
	case s == unvisited:
		return t
	case t == unvisited || s == t:
		return s
	}
	return unknown
}

// checkLock reports w when its function reaches it, on every path,
// without holding the Cond's lock. Wait unlocks the lock first, so it
// panics (or, for a lock held by another goroutine, unlocks it for them).
//
// Only locking the function does itself counts, through the Cond's L or
// the lock the package's NewCond calls bind it to, on the same access
// path. The function must be known not to hold the lock on entry: it
// locks it first thing, at its top level, before any unlock. A function
// that Wait's callers lock for, or that locks through a helper or an
// alias, is left alone.
func (c *checker) checkLock(w *wait) {
	if !w.cond.valid() {
		return
	}
	locks := []path{w.cond.field("L")}
	if l, ok := c.boundLock(w.cond); ok {
		locks = append(locks, l)
	}
	lk := &lockFlow{info: c.pass.TypesInfo, w: w, locks: locks}
	if !lk.lockedFirst() {
		return
	}
	if lk.run() == notHeld {
		c.pass.ReportRangef(w.call, "%s.Wait called without holding %s: Wait unlocks the Cond's lock first, so it panics when the lock is not held; lock %s before waiting", w.text, locks[len(locks)-1], locks[len(locks)-1])
	}
}

// boundLock returns the lock the package binds cond to, if all its
// bindings agree.
func (c *checker) boundLock(cond path) (path, bool) {
	if !c.bindDone {
		c.binds = c.bindings()
		c.bindDone = true
	}
	var lock path
	for _, b := range c.binds {
		l, ok := rebase(b.cond, b.lock, cond)
		if !ok {
			continue
		}
		if lock.valid() && (lock.root != l.root || lock.fields != l.fields) {
			return path{}, false
		}
		lock = l
	}
	return lock, lock.valid()
}

// bindings returns the package's bindings of Conds to locks.
func (c *checker) bindings() []binding {
	info := c.pass.TypesInfo
	var binds []binding
	bind := func(lhs, rhs ast.Expr) {
		if b, ok := bindingOf(info, lhs, rhs); ok {
			binds = append(binds, b)
		}
	}
	for _, f := range c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i := range n.Lhs {
						bind(n.Lhs[i], n.Rhs[i])
					}
				}
			case *ast.ValueSpec:
				if len(n.Names) == len(n.Values) {
					for i := range n.Names {
						bind(n.Names[i], n.Values[i])
					}
				}
			}
			return true
		})
	}
	return binds
}

// bindingOf returns the binding made by assigning rhs to lhs, if any.
func bindingOf(info *types.Info, lhs, rhs ast.Expr) (binding, bool) {
	var b binding
	if se, ok := ast.Unparen(lhs).(*ast.SelectorExpr); ok && se.Sel.Name == "L" && code.IsNamed(info.TypeOf(se.X), "sync", "Cond") {
		b = binding{cond: pathOf(info, se.X), lock: pathOf(info, rhs)} // p.c.L = &p.mu
	} else {
		b = binding{cond: pathOf(info, lhs), lock: pathOf(info, lockArg(info, rhs))}
	}
	return b, b.cond.valid() && b.lock.valid()
}

// lockArg returns the lock a new Cond is made with in e, sync.NewCond(l)
// or sync.Cond{L: l}, or nil.
func lockArg(info *types.Info, e ast.Expr) ast.Expr {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok {
		e = ast.Unparen(u.X)
	}
	switch e := e.(type) {
	case *ast.CallExpr:
		if code.IsFunc(code.Callee(info, e), "sync", "NewCond") && len(e.Args) == 1 {
			return e.Args[0]
		}
	case *ast.CompositeLit:
		if !code.IsNamed(info.TypeOf(e), "sync", "Cond") {
			return nil
		}
		for _, elt := range e.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "L" {
					return kv.Value
				}
			}
		}
	}
	return nil
}

// lockFlow follows one Cond's lock through a function.
type lockFlow struct {
	info  *types.Info
	w     *wait
	locks []path // the paths that name the lock
}

// lockOp returns the state a call leaves the lock in, or unvisited if
// the call does not lock or unlock it.
func (lk *lockFlow) lockOp(call *ast.CallExpr) lockState {
	fn := code.Callee(lk.info, call)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "sync" {
		return unvisited
	}
	var after lockState
	switch fn.Name() {
	case "Lock":
		after = held
	case "Unlock":
		after = notHeld
	case "TryLock":
		after = unknown
	default:
		return unvisited
	}
	p := recvPath(lk.info, call)
	for _, l := range lk.locks {
		if p.root == l.root && p.fields == l.fields {
			return after
		}
	}
	return unvisited
}

// lockedFirst reports whether the function is known not to hold the
// lock on entry: it locks it in a top-level statement, and no statement
// before that one unlocks it or returns. A caller holding the lock would
// then deadlock. It also fails when the function locks through a local
// variable, which may alias the lock.
func (lk *lockFlow) lockedFirst() bool {
	// first stays unvisited until the top-level Lock, becomes held there,
	// and unknown if an unlock or return comes before it.
	first, aliased := unvisited, false
	spoil := func() {
		if first == unvisited {
			first = unknown
		}
	}
	for _, s := range lk.w.body.List {
		if first == unvisited && isLock(lk, s) {
			first = held
		}
		inspectNode(s, func(n ast.Node) {
			switch n := n.(type) {
			case *ast.ReturnStmt:
				spoil()
			case *ast.CallExpr:
				switch op := lk.lockOp(n); {
				case op == notHeld || op == unknown:
					spoil()
				case op == unvisited && lk.localLock(n):
					aliased = true
				}
			}
		})
	}
	return first == held && !aliased
}

// isLock reports whether s is a call that locks the lock.
func isLock(lk *lockFlow, s ast.Stmt) bool {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := ast.Unparen(es.X).(*ast.CallExpr)
	return ok && lk.lockOp(call) == held
}

// localLock reports whether call locks or unlocks through a variable
// declared in the function, such as l := q.cond.L; l.Lock().
func (lk *lockFlow) localLock(call *ast.CallExpr) bool {
	fn := code.Callee(lk.info, call)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "sync" || (fn.Name() != "Lock" && fn.Name() != "Unlock") {
		return false
	}
	p := recvPath(lk.info, call)
	return !p.valid() || lk.w.fn.Pos() <= p.root.Pos() && p.root.Pos() < lk.w.fn.End() && p.fields == "" && !isSyncValue(p.root.Type())
}

// isSyncValue reports whether t is a sync type itself rather than a
// pointer or interface that could alias another lock.
func isSyncValue(t types.Type) bool {
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "sync" && !types.IsInterface(named)
}

// run computes the lock's state at the Wait on entry to which the
// function, as lockedFirst established, does not hold it.
func (lk *lockFlow) run() lockState {
	g := lk.w.g
	in := make(map[*cfg.Block]lockState, len(g.Blocks))
	in[g.Blocks[0]] = notHeld
	atWait := unvisited
	work := []*cfg.Block{g.Blocks[0]}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		s := in[b]
		for _, n := range b.Nodes {
			inspectNode(n, func(m ast.Node) {
				call, ok := m.(*ast.CallExpr)
				if !ok {
					return
				}
				if call == lk.w.call {
					atWait = atWait.meet(s)
				} else if t := lk.lockOp(call); t != unvisited {
					s = t
				}
			})
		}
		for _, succ := range b.Succs {
			if t := in[succ].meet(s); t != in[succ] {
				in[succ] = t
				work = append(work, succ)
			}
		}
	}
	return atWait
}
