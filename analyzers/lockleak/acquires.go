package lockleak

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/golint-conc/golint-conc/internal/code"
)

// An acquire is a lock that a function of the package takes on every
// path through its start, before it can return, named from the
// function's side as a release is: calling the function with that lock
// held deadlocks.
type acquire struct {
	release
	typ string    // "sync.Mutex" or "sync.RWMutex"
	at  token.Pos // the Lock, in this function or in a callee
}

// A taken lock is an acquire named from the caller's side.
type taken struct {
	key lockKey
	typ string
	at  token.Pos
}

// acquired returns the locks that the function call calls takes at the
// start of its body, named from the caller's side.
func (h *helpers) acquired(call *ast.CallExpr) []taken {
	fn := code.Callee(h.info, call)
	if fn == nil {
		return nil
	}
	acqs := h.acquires(fn.Origin())
	if len(acqs) == 0 {
		return nil
	}
	sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	var out []taken
	for _, a := range acqs {
		if k, ok := h.callerKey(a.release, sel, call.Args); ok {
			out = append(out, taken{k, a.typ, a.at})
		}
	}
	return out
}

// acquires returns the locks that fn, a function of this package, takes
// unconditionally: by a Lock or RLock statement at the top level of its
// body, or by a call at the top level of a function that does, before
// any statement that may return and before anything else touches the
// lock. Functions whose name or documentation describes a locking
// protocol (flushLocked, "c.mu must be held") take nothing, and a lock
// whose root variable the function assigns is not followed.
func (h *helpers) acquires(fn *types.Func) []acquire {
	if acqs, ok := h.takes[fn]; ok {
		return acqs
	}
	decl, ok := h.decls[fn]
	if !ok || lockHelper(decl.Name.Name, decl.Doc) {
		return nil
	}
	h.takes[fn] = nil // a recursive call takes nothing more
	params := h.params(fn, decl)
	assigned := assignedPaths(h.info, decl.Body)
	touched := make(map[release]bool)
	var acqs []acquire
	// touch reports whether k is touched for the first time, and marks
	// it touched on either side of an RWMutex.
	touch := func(k lockKey) (release, bool) {
		r, ok := h.ref(k, params)
		if !ok {
			return release{}, false
		}
		side := r
		side.read = false
		first := !touched[side]
		touched[side] = true
		return r, first && !assigned.covers(k.path)
	}
	for _, stmt := range decl.Body.List {
		call, last := topCall(stmt)
		if call == nil {
			if code.MayLeave(stmt) {
				break
			}
			for _, k := range h.touches(stmt) {
				touch(k)
			}
			continue
		}
		if lc, ok := lockCallOf(h.info, call); ok {
			typ := mutexType(h.info, call)
			if r, first := touch(lc.key); first && lc.method == mLock && typ != "" {
				acqs = append(acqs, acquire{r, typ, call.Pos()})
			}
		} else {
			for _, k := range h.touches(stmt) {
				touch(k) // an unlocking helper, or locks in the arguments
			}
			for _, t := range h.acquired(call) {
				if r, first := touch(t.key); first {
					acqs = append(acqs, acquire{r, t.typ, t.at})
				}
			}
		}
		if last {
			break
		}
	}
	h.takes[fn] = acqs
	return acqs
}

// touches returns the locks that a statement locks or unlocks, directly
// or through a helper, other than in the call topCall finds, in
// goroutines and in deferred calls.
func (h *helpers) touches(stmt ast.Stmt) []lockKey {
	top, _ := topCall(stmt)
	var keys []lockKey
	ast.Inspect(stmt, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			return false
		case *ast.CallExpr:
			if lc, ok := lockCallOf(h.info, n); ok {
				keys = append(keys, lc.key)
				return false
			}
			if n != top {
				keys = append(keys, h.released(n)...)
				for _, t := range h.acquired(n) {
					keys = append(keys, t.key)
				}
			}
		}
		return true
	})
	return keys
}

// topCall returns the call a statement makes at its top level, as in
// mu.Lock(), v, err := c.load(key) and return c.get(key); last is set for
// a return.
func topCall(stmt ast.Stmt) (call *ast.CallExpr, last bool) {
	var e ast.Expr
	switch s := stmt.(type) {
	case *ast.ExprStmt:
		e = s.X
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			e = s.Rhs[0]
		}
	case *ast.ReturnStmt:
		if len(s.Results) == 1 {
			e = s.Results[0]
		}
		last = true
	}
	call, _ = ast.Unparen(e).(*ast.CallExpr)
	return call, last
}

// mutexType returns the type of lock a lock call acts on: "sync.Mutex"
// or "sync.RWMutex", or "" for a sync.Locker, which may be reentrant.
func mutexType(info *types.Info, call *ast.CallExpr) string {
	fn := code.Callee(info, call)
	if fn == nil {
		return ""
	}
	recv := fn.Signature().Recv()
	switch {
	case recv == nil:
		return ""
	case code.IsNamed(recv.Type(), "sync", "Mutex"):
		return "sync.Mutex"
	case code.IsNamed(recv.Type(), "sync", "RWMutex"):
		return "sync.RWMutex"
	}
	return ""
}

// A pathSet holds the access paths that may name different locks at
// different points of a function, or a lock that other code releases:
// the paths it assigns, other than by declaring them.
type pathSet []code.Path

// assignedPaths returns the paths body assigns, in closures too.
func assignedPaths(info *types.Info, body *ast.BlockStmt) pathSet {
	var out pathSet
	add := func(e ast.Expr) {
		if p, ok := code.AccessPath(info, e); ok {
			if id, isIdent := ast.Unparen(e).(*ast.Ident); !isIdent || info.Defs[id] == nil {
				out = append(out, p)
			}
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				add(l)
			}
		case *ast.IncDecStmt:
			add(n.X)
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN {
				if n.Key != nil {
					add(n.Key)
				}
				if n.Value != nil {
					add(n.Value)
				}
			}
		case *ast.UnaryExpr:
			// &c lets other code reassign c, but &c.mu only locks it
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
				if v, ok := info.Uses[id].(*types.Var); ok && !code.IsLock(v.Type()) {
					out = append(out, code.Path{Root: v})
				}
			}
		}
		return true
	})
	return out
}

// covers reports whether the function assigns p or a path p goes
// through, so that p may name different locks at different points.
func (a pathSet) covers(p code.Path) bool {
	for _, q := range a {
		if q.Root == p.Root && (q.Fields == p.Fields || len(q.Fields) < len(p.Fields) &&
			p.Fields[:len(q.Fields)] == q.Fields && p.Fields[len(q.Fields)] == '.') {
			return true
		}
	}
	return false
}
