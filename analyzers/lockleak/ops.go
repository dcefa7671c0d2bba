package lockleak

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/golint-conc/golint-conc/internal/code"
)

// A lockKey names a lock as a function sees it: an access path such as
// c.mu, and the side of it, since RLock pairs with RUnlock only.
type lockKey struct {
	path code.Path
	read bool
}

// A method is what a sync method does to its lock.
type method uint8

const (
	mLock    = method(code.Lock)
	mUnlock  = method(code.Unlock)
	mTryLock = method(code.TryLock)
)

// A lockCall is a call of Lock, Unlock, TryLock or their read variants
// on a sync.Mutex, sync.RWMutex or sync.Locker named by an access path.
type lockCall struct {
	key    lockKey
	method method
	sel    *ast.SelectorExpr // mu.Lock in mu.Lock()
}

// lockCallOf recognises call as a lockCall.
func lockCallOf(info *types.Info, call *ast.CallExpr) (lockCall, bool) {
	lc, ok := code.LockCallOf(info, call)
	if !ok {
		return lockCall{}, false
	}
	return lockCall{key: lockKey{path: lc.Path, read: lc.Read}, method: method(lc.Method), sel: lc.Sel}, true
}

// An opKind says what a step of a function does to a lock.
type opKind uint8

const (
	opLock      opKind = iota // Lock, RLock
	opUnlock                  // Unlock, RUnlock, or a call of a helper that unlocks
	opHandOff                 // the lock goes to code that unlocks it later: a closure, a method value, its address
	opTry                     // a TryLock whose result is not branched on: maybe locked
	opDefer                   // a deferred unlock
	opDeferLock               // defer mu.Lock()
	opCall                    // a call of a helper that locks the lock and releases it again
)

// An op is one step of a function that changes what it holds.
type op struct {
	kind opKind
	key  lockKey
	pos  token.Pos         // the call, or the defer statement
	stmt *ast.DeferStmt    // opDeferLock: the statement
	sel  *ast.SelectorExpr // opDeferLock: mu.Lock
	typ  string            // opLock, opCall: "sync.Mutex" or "sync.RWMutex", "" for a sync.Locker
	call *ast.CallExpr     // opCall: the call
	at   token.Pos         // opCall: the Lock the callee takes
	// escapes marks an opHandOff after which other code may release the
	// lock any number of times: an Unlock method value or the address of
	// the lock given to code this analysis does not see.
	escapes bool
}

// A tryCond is the condition of a branch that tests a TryLock: the lock
// is held on the true edge when onTrue is set, else on the false edge.
type tryCond struct {
	key    lockKey
	onTrue bool
	pos    token.Pos
}

// A scanner turns the nodes of one function's graph into ops.
type scanner struct {
	c     *checker
	info  *types.Info
	tries map[*types.Var]lockCall // ok := mu.TryLock()
	names map[lockKey]string      // how the function spells each lock
	full  map[lockKey]string      // the same with the embedded fields a method is promoted from
	// closures are the local variables bound once to a function literal,
	// such as reject := func(err error) { mu.Unlock(); ... }, so that a
	// call of the variable does what the literal's body does.
	closures map[*types.Var]*ast.FuncLit
}

func (c *checker) newScanner(body *ast.BlockStmt) *scanner {
	s := &scanner{c: c, info: c.pass.TypesInfo, tries: make(map[*types.Var]lockCall), names: make(map[lockKey]string), full: make(map[lockKey]string)}
	bindings := make(map[*types.Var]int)
	bind := func(lhs ast.Expr, rhs ast.Expr) {
		id, ok := lhs.(*ast.Ident)
		if !ok {
			return
		}
		v, ok := s.info.ObjectOf(id).(*types.Var)
		if !ok {
			return
		}
		bindings[v]++
		if lit, ok := rhs.(*ast.FuncLit); ok && bindings[v] == 1 {
			if s.closures == nil {
				s.closures = make(map[*types.Var]*ast.FuncLit)
			}
			s.closures[v] = lit
		} else {
			delete(s.closures, v) // rebound: which literal runs is unknown
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if len(n.Lhs) == len(n.Rhs) {
					bind(lhs, n.Rhs[i])
				} else {
					bind(lhs, nil)
				}
			}
			if len(n.Lhs) != 1 || len(n.Rhs) != 1 {
				return true
			}
			if v := s.tryLockVar(n.Lhs[0], n.Rhs[0]); v != nil {
				s.tries[v], _ = lockCallOf(s.info, n.Rhs[0].(*ast.CallExpr))
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if len(n.Names) == len(n.Values) {
					bind(name, n.Values[i])
				}
			}
			if len(n.Names) == 1 && len(n.Values) == 1 {
				if v := s.tryLockVar(n.Names[0], n.Values[0]); v != nil {
					s.tries[v], _ = lockCallOf(s.info, n.Values[0].(*ast.CallExpr))
				}
			}
		}
		return true
	})
	return s
}

// closure returns the function literal that call calls through a local
// variable bound to it once, or nil.
func (s *scanner) closure(call *ast.CallExpr) *ast.FuncLit {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := s.info.Uses[id].(*types.Var)
	if !ok {
		return nil
	}
	return s.closures[v]
}

// tryLockVar returns the local variable lhs when rhs is a TryLock call.
func (s *scanner) tryLockVar(lhs, rhs ast.Expr) *types.Var {
	call, ok := ast.Unparen(rhs).(*ast.CallExpr)
	if !ok {
		return nil
	}
	lc, ok := lockCallOf(s.info, call)
	id, isIdent := lhs.(*ast.Ident)
	if !ok || lc.method != mTryLock || !isIdent {
		return nil
	}
	v, _ := s.info.ObjectOf(id).(*types.Var)
	return v
}

// cond returns the TryLock a branch condition tests, if it does.
func (s *scanner) cond(e ast.Expr) (tryCond, bool) {
	onTrue := true
	for {
		u, ok := ast.Unparen(e).(*ast.UnaryExpr)
		if !ok || u.Op != token.NOT {
			break
		}
		onTrue = !onTrue
		e = u.X
	}
	var lc lockCall
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		var ok bool
		if lc, ok = lockCallOf(s.info, e); !ok || lc.method != mTryLock {
			return tryCond{}, false
		}
	case *ast.Ident:
		v, _ := s.info.Uses[e].(*types.Var)
		var ok bool
		if lc, ok = s.tries[v]; !ok {
			return tryCond{}, false
		}
	default:
		return tryCond{}, false
	}
	s.name(lc)
	return tryCond{key: lc.key, onTrue: onTrue, pos: lc.sel.Pos()}, true
}

func (s *scanner) name(lc lockCall) {
	if _, ok := s.names[lc.key]; ok {
		return
	}
	s.names[lc.key] = types.ExprString(lc.sel.X)
	s.full[lc.key] = s.names[lc.key]
	// c.Lock() on a struct embedding sync.Mutex locks c.Mutex
	if p, ok := code.AccessPath(s.info, lc.sel.X); ok && strings.HasPrefix(lc.key.path.Fields, p.Fields) {
		s.full[lc.key] += lc.key.path.Fields[len(p.Fields):]
	}
}

// scan returns the ops of one node of the graph, in evaluation order
// as far as it matters here.
func (s *scanner) scan(n ast.Node) []op {
	var ops []op
	if d, ok := n.(*ast.DeferStmt); ok {
		return s.deferred(d)
	}
	_, spawn := n.(*ast.GoStmt)
	// called holds the names of the functions called here, so that a
	// function value that is not called can be told apart: it escapes.
	// followed holds the arguments &mu given to a function of the
	// package, which the helpers follow, unlike unknown code.
	called := make(map[*ast.Ident]bool)
	followed := make(map[ast.Expr]bool)
	if a, ok := n.(*ast.AssignStmt); ok && len(a.Lhs) == 1 && len(a.Rhs) == 1 && s.tryLockVar(a.Lhs[0], a.Rhs[0]) != nil {
		return nil // the lock is taken on the branch that tests the variable
	}
	if v, ok := n.(*ast.ValueSpec); ok && len(v.Names) == 1 && len(v.Values) == 1 && s.tryLockVar(v.Names[0], v.Values[0]) != nil {
		return nil
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			for _, k := range s.releases(n.Body) {
				ops = append(ops, op{kind: opHandOff, key: k, pos: n.Pos()})
			}
			return false
		case *ast.CallExpr:
			if lc, ok := lockCallOf(s.info, n); ok {
				s.name(lc)
				kind := map[method]opKind{mLock: opLock, mUnlock: opUnlock, mTryLock: opTry}[lc.method]
				ops = append(ops, op{kind: kind, key: lc.key, pos: n.Pos(), typ: mutexType(s.info, n)})
				return false
			}
			if id := calledName(n.Fun); id != nil {
				called[id] = true
			}
			if fn := code.Callee(s.info, n); fn != nil && s.c.helpers.decls[fn.Origin()] != nil {
				for _, a := range n.Args {
					followed[ast.Unparen(a)] = true
				}
			}
			if !spawn {
				// the callee locks and unlocks: the lock stays as it was
				for _, a := range s.c.helpers.acquired(n) {
					ops = append(ops, op{kind: opCall, key: a.key, pos: n.Pos(), typ: a.typ, call: n, at: a.at})
				}
			}
			for _, k := range s.c.helpers.released(n) {
				ops = append(ops, op{kind: opUnlock, key: k, pos: n.Pos()})
			}
			if lit := s.closure(n); lit != nil {
				for _, k := range s.releases(lit.Body) {
					ops = append(ops, op{kind: opUnlock, key: k, pos: n.Pos()})
				}
			}
			if fn := code.Callee(s.info, n); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "sync" {
				return false // sync.NewCond(&mu) does not unlock mu
			}
		case *ast.SelectorExpr:
			// a method value such as return c.mu.Unlock or
			// return tx.unlockRelease: whoever calls it unlocks
			fn, ok := s.info.Uses[n.Sel].(*types.Func)
			if !ok {
				return true
			}
			if fn.Name() == "Unlock" || fn.Name() == "RUnlock" {
				if recv := fn.Signature().Recv(); recv != nil && code.IsLock(recv.Type()) {
					if p, ok := code.ReceiverPath(s.info, n); ok {
						ops = append(ops, op{kind: opHandOff, key: lockKey{p, fn.Name() == "RUnlock"}, pos: n.Pos(), escapes: true})
					}
					return true
				}
			}
			for _, k := range s.c.helpers.releasedBy(fn, n, nil) {
				ops = append(ops, op{kind: opHandOff, key: k, pos: n.Pos(), escapes: !called[n.Sel]})
			}
		case *ast.Ident:
			// a function value such as return unlockAll
			if fn, ok := s.info.Uses[n].(*types.Func); ok {
				for _, k := range s.c.helpers.releasedBy(fn, nil, nil) {
					ops = append(ops, op{kind: opHandOff, key: k, pos: n.Pos(), escapes: !called[n]})
				}
			}
		case *ast.UnaryExpr:
			// &c.mu passed on or stored: whoever gets it may unlock it
			if p, ok := s.address(n); ok {
				ops = append(ops, op{kind: opHandOff, key: lockKey{p, false}, pos: n.Pos(), escapes: !followed[n]},
					op{kind: opHandOff, key: lockKey{p, true}, pos: n.Pos(), escapes: !followed[n]})
				return false
			}
		}
		return true
	})
	return ops
}

// address returns the access path of the lock whose address u takes.
func (s *scanner) address(u *ast.UnaryExpr) (code.Path, bool) {
	if u.Op != token.AND || !code.IsLock(s.info.TypeOf(u.X)) {
		return code.Path{}, false
	}
	return code.AccessPath(s.info, u.X)
}

// deferred returns the ops of a defer statement: a deferred Unlock, a
// deferred closure or helper that unlocks, and the deferred Lock that
// was meant to be an Unlock.
func (s *scanner) deferred(d *ast.DeferStmt) []op {
	var keys []lockKey
	call := d.Call
	if lc, ok := lockCallOf(s.info, call); ok {
		s.name(lc)
		switch lc.method {
		case mUnlock:
			return []op{{kind: opDefer, key: lc.key, pos: d.Pos()}}
		case mLock:
			return []op{{kind: opDeferLock, key: lc.key, pos: d.Pos(), stmt: d, sel: lc.sel}}
		}
		return nil
	}
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		keys = s.releases(lit.Body)
	}
	keys = append(keys, s.c.helpers.released(call)...)
	for _, arg := range call.Args {
		if u, ok := ast.Unparen(arg).(*ast.UnaryExpr); ok {
			if p, ok := s.address(u); ok {
				keys = append(keys, lockKey{p, false}, lockKey{p, true})
			}
		}
	}
	var ops []op
	for _, k := range keys {
		ops = append(ops, op{kind: opDefer, key: k, pos: d.Pos()})
	}
	return ops
}

// releases returns the locks that code nested in a function, such as a
// closure or a deferred function, unlocks without locking them again.
func (s *scanner) releases(body ast.Node) []lockKey {
	unlocked := make(map[lockKey]bool)
	var order []lockKey
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if lc, ok := lockCallOf(s.info, call); ok {
			if _, seen := unlocked[lc.key]; !seen {
				order = append(order, lc.key)
			}
			switch {
			case lc.method == mUnlock && !hasFalse(unlocked, lc.key):
				unlocked[lc.key] = true
			case lc.method != mUnlock:
				unlocked[lc.key] = false // locks it too: the closure balances itself
			}
			return false
		}
		for _, k := range s.c.helpers.released(call) {
			if _, seen := unlocked[k]; !seen {
				order = append(order, k)
				unlocked[k] = true
			}
		}
		return true
	})
	var keys []lockKey
	for _, k := range order {
		if unlocked[k] {
			keys = append(keys, k)
		}
	}
	return keys
}

func hasFalse(m map[lockKey]bool, k lockKey) bool {
	v, ok := m[k]
	return ok && !v
}
