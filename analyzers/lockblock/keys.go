package lockblock

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/golint-conc/golint-conc/internal/code"
)

// A key names a mutex, WaitGroup or channel the same way in every
// function of the package: a field of a named struct type (the events
// field of Server, whichever *Server a method runs on), or a variable
// (a package-level one, or a local that closures capture).
type key struct {
	v     *types.Var
	owner *types.TypeName
	field string // the field name in owner, or the field path from v
}

// A ref is one function's access to a key: for a field key, inst is the
// struct it is a field of, such as s in s.events.
type ref struct {
	key  key
	inst code.Path
}

// related reports whether two refs of one function are on the same
// instance: s.events and s.mu are, s.events and other.mu are not. The
// analyzer only pairs a channel or WaitGroup with a mutex that is
// provably a field of the same struct value, or a variable.
func (r ref) related(o ref) bool {
	return r.key.owner == nil || o.key.owner == nil || r.inst == o.inst
}

// refOf returns the ref of expr, which must be an access path.
func (c *checker) refOf(expr ast.Expr) (ref, bool) {
	p, ok := code.AccessPath(c.info, expr)
	if !ok {
		return ref{}, false
	}
	return c.refOfPath(p)
}

func (c *checker) refOfPath(p code.Path) (ref, bool) {
	v := p.Root
	if v == nil {
		return ref{}, false
	}
	if v.Pkg() != c.pass.Pkg || v.Parent() == c.pass.Pkg.Scope() {
		return ref{key: key{v: v, field: p.Fields}}, true
	}
	if p.Fields == "" {
		if ch := c.chans.ChanOf(v); ch != nil {
			v = ch.Var // a copy or a literal's parameter holding a local channel
		}
		return ref{key: key{v: v}}, true
	}
	i := strings.LastIndex(p.Fields, ".")
	inst := code.Path{Root: v, Fields: p.Fields[:i]}
	if owner := c.ownerOf(v.Type(), inst.Fields); owner != nil {
		return ref{key: key{owner: owner, field: p.Fields[i+1:]}, inst: inst}, true
	}
	return ref{key: key{v: v, field: p.Fields}}, true // a field of an unnamed struct
}

// ownerOf returns the named struct type reached from t through fields,
// a path such as ".hub" or "".
func (c *checker) ownerOf(t types.Type, fields string) *types.TypeName {
	for _, name := range strings.Split(fields, ".")[1:] {
		obj, _, _ := types.LookupFieldOrMethod(t, true, c.pass.Pkg, name)
		f, ok := obj.(*types.Var)
		if !ok {
			return nil
		}
		t = f.Type()
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return nil
	}
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return nil
	}
	return n.Origin().Obj()
}

// A lockCall is a call of Lock, RLock, Unlock or RUnlock on a
// sync.Mutex, sync.RWMutex or sync.Locker named by an access path.
type lockCall struct {
	path   code.Path
	read   bool
	unlock bool
	recv   ast.Expr // mu in mu.Lock()
}

// lockCallOf recognises call as a lockCall. TryLock never blocks and is
// not one.
func (c *checker) lockCallOf(call *ast.CallExpr) (lockCall, bool) {
	lc, ok := code.LockCallOf(c.info, call)
	if !ok || lc.Method == code.TryLock {
		return lockCall{}, false
	}
	return lockCall{path: lc.Path, read: lc.Read, unlock: lc.Method == code.Unlock, recv: lc.Sel.X}, true
}

// lockAddr returns the lock whose address n takes: &mu passed on or
// stored may be unlocked by whoever gets it.
func (c *checker) lockAddr(n ast.Node) (code.Path, bool) {
	u, ok := n.(*ast.UnaryExpr)
	if !ok || u.Op != token.AND || !code.IsLock(c.info.TypeOf(u.X)) {
		return code.Path{}, false
	}
	return code.AccessPath(c.info, u.X)
}
