package code

import (
	"go/ast"
	"go/types"
)

// A LockMethod is what a call does to a sync lock.
type LockMethod uint8

const (
	Lock    LockMethod = iota + 1 // Lock or RLock
	Unlock                        // Unlock or RUnlock
	TryLock                       // TryLock or TryRLock
)

// A LockCall is a call of Lock, Unlock, TryLock or their read variants on
// a sync.Mutex, sync.RWMutex or sync.Locker named by an access path.
type LockCall struct {
	Method LockMethod
	Read   bool              // RLock, RUnlock or TryRLock
	Sel    *ast.SelectorExpr // mu.Lock in mu.Lock()
	// Path is the lock's access path through the fields the method is
	// promoted from: c.Lock() on a struct embedding sync.Mutex locks
	// c.Mutex, so that it matches c.Mutex.Unlock().
	Path Path
}

// LockCallOf recognises call as a LockCall. It fails for a method
// expression, (*sync.Mutex).Lock(&mu), and for a lock reached through an
// index, a map or a call, which has no access path.
func LockCallOf(info *types.Info, call *ast.CallExpr) (LockCall, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return LockCall{}, false
	}
	m, read, ok := LockMethodOf(info, sel)
	if !ok {
		return LockCall{}, false
	}
	lc := LockCall{Method: m, Read: read, Sel: sel}
	lc.Path, ok = ReceiverPath(info, sel)
	return lc, ok
}

// LockMethodOf recognises sel, called or not, as one of the lock methods
// of a sync.Mutex, sync.RWMutex or sync.Locker, promoted or not, and
// reports whether it is a read variant. A method expression,
// (*sync.Mutex).Lock, is recognised too: the lock is its first argument.
func LockMethodOf(info *types.Info, sel *ast.SelectorExpr) (m LockMethod, read, ok bool) {
	s, ok := info.Selections[sel]
	if !ok || s.Kind() == types.FieldVal {
		return 0, false, false
	}
	fn, _ := s.Obj().(*types.Func)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "sync" {
		return 0, false, false
	}
	recv := fn.Signature().Recv()
	if recv == nil || !IsLock(recv.Type()) {
		return 0, false, false
	}
	switch fn.Name() {
	case "Lock":
		return Lock, false, true
	case "RLock":
		return Lock, true, true
	case "Unlock":
		return Unlock, false, true
	case "RUnlock":
		return Unlock, true, true
	case "TryLock":
		return TryLock, false, true
	case "TryRLock":
		return TryLock, true, true
	}
	return 0, false, false
}

// IsLock reports whether t is sync.Mutex, sync.RWMutex or sync.Locker, or
// a pointer to one.
func IsLock(t types.Type) bool {
	return IsNamed(t, "sync", "Mutex") || IsNamed(t, "sync", "RWMutex") || IsNamed(t, "sync", "Locker")
}

// ReceiverPath returns the access path of the value that the method
// selected by sel runs on, through the embedded fields it is promoted
// from.
func ReceiverPath(info *types.Info, sel *ast.SelectorExpr) (Path, bool) {
	s, ok := info.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return Path{}, false
	}
	p, ok := AccessPath(info, sel.X)
	if !ok {
		return Path{}, false
	}
	t := s.Recv()
	idx := s.Index()
	for _, i := range idx[:len(idx)-1] {
		if ptr, ok := t.Underlying().(*types.Pointer); ok {
			t = ptr.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return Path{}, false
		}
		f := st.Field(i)
		p.Fields += "." + f.Name()
		t = f.Type()
	}
	return p, true
}
