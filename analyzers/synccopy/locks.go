package synccopy

import (
	"go/types"
	"slices"
)

// lockNames returns the types of package pkgPath, sync or sync/atomic,
// whose documentation says a value must not be copied after first use.
// They are named in messages as they are, not by the unexported fields
// that give them away (sync.WaitGroup's noCopy).
func lockNames(pkgPath string) []string {
	switch pkgPath {
	case "sync":
		return []string{"Cond", "Map", "Mutex", "Once", "Pool", "RWMutex", "WaitGroup"}
	case "sync/atomic":
		return []string{"Bool", "Int32", "Int64", "Pointer", "Uint32", "Uint64", "Uintptr", "Value"}
	}
	return nil
}

// A lockLoc says where in a value of some type a lock lives.
type lockLoc struct {
	// path selects the lock from the value: "" when the value is the
	// lock, ".mu", ".stats.mu" or ".shards[i].mu" otherwise.
	path string
	// lock names the lock's type: "sync.Mutex", "atomic.Pointer[Config]".
	lock string
	// noCopy is set when the lock is a type that opts into the check
	// with a marker field, such as Conn in
	// type Conn struct { noCopy noCopy; ... }.
	noCopy bool
	// marker is set for a type that is only such a marker: an empty
	// struct with pointer Lock and Unlock methods, or a zero-length array
	// of locks (protobuf's DoNotCopy). The struct holding it is blamed.
	marker bool
}

// copied describes the lock a copy of the value called name duplicates:
// "its sync.WaitGroup", "c.mu (sync.Mutex)" or "its noCopy-marked Conn".
func (l *lockLoc) copied(name string) string {
	lock := l.lock
	if l.noCopy {
		lock = "noCopy-marked " + lock
	}
	if l.path == "" {
		return "its " + lock
	}
	return name + l.path + " (" + lock + ")"
}

// locks finds the locks held by value in types, remembering each answer.
type locks struct {
	qual types.Qualifier
	memo map[types.Type]*lockLoc
}

func newLocks(pkg *types.Package) *locks {
	// Qualify by package name, as Go code does: atomic.Value, not
	// sync/atomic.Value.
	qual := func(p *types.Package) string {
		if p == pkg {
			return ""
		}
		return p.Name()
	}
	return &locks{qual: qual, memo: make(map[types.Type]*lockLoc)}
}

// in returns where a value of type t holds a lock, or nil if copying it
// copies none: locks behind pointers, slices, maps, channels, interfaces
// and functions are shared by the copy, not duplicated.
func (ls *locks) in(t types.Type) *lockLoc {
	if t == nil {
		return nil
	}
	if loc, ok := ls.memo[t]; ok {
		return loc
	}
	ls.memo[t] = nil // an invalid recursive type (type R struct{ r R }) ends here
	loc := ls.search(t)
	ls.memo[t] = loc
	return loc
}

func (ls *locks) search(t types.Type) *lockLoc {
	t = types.Unalias(t)
	switch t := t.(type) {
	case *types.TypeParam:
		// A type parameter holds a lock if some type in its type set does:
		// func f[M ~sync.Mutex](m M) still copies a mutex.
		if iface, ok := t.Constraint().Underlying().(*types.Interface); ok {
			return ls.inTerms(iface)
		}
		return nil
	case *types.Tuple:
		// v, ok := m[k], <-ch or x.(T): the value is the first element.
		if t.Len() > 0 {
			return ls.in(t.At(0).Type())
		}
		return nil
	case *types.Named:
		if obj := t.Origin().Obj(); obj.Pkg() != nil && slices.Contains(lockNames(obj.Pkg().Path()), obj.Name()) {
			return &lockLoc{lock: types.TypeString(t, ls.qual)}
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Array:
		inner := ls.in(u.Elem())
		switch {
		case inner == nil:
		case u.Len() == 0:
			return &lockLoc{lock: inner.lock, marker: true}
		default:
			return &lockLoc{path: "[i]" + inner.path, lock: inner.lock, noCopy: inner.noCopy}
		}
	case *types.Struct:
		return ls.inStruct(t, u)
	case *types.Interface:
		return ls.inTerms(u) // constraint interfaces only; others have no terms
	}
	return nil
}

// inStruct searches the fields of t, whose underlying type is s, and
// falls back to the noCopy convention: a struct whose pointer has Lock and
// Unlock methods but whose value does not (a custom spin lock, noCopy).
func (ls *locks) inStruct(t types.Type, s *types.Struct) *lockLoc {
	for f := range s.Fields() {
		inner := ls.in(f.Type())
		if inner == nil {
			continue
		}
		if inner.marker || f.Name() == "_" {
			// The field cannot be named in a message, or is only a
			// marker: blame the struct that holds it.
			if base := ls.definedOver(s); base != "" {
				return &lockLoc{lock: types.TypeString(t, ls.qual) + ", defined as " + base}
			}
			return &lockLoc{lock: types.TypeString(t, ls.qual), noCopy: true}
		}
		return &lockLoc{path: "." + f.Name() + inner.path, lock: inner.lock, noCopy: inner.noCopy}
	}
	if pointerOnlyLocker(t) {
		return &lockLoc{lock: types.TypeString(t, ls.qual), marker: s.NumFields() == 0}
	}
	return nil
}

// definedOver returns "sync.Mutex" if s, the underlying type of a type
// outside package sync, is that of sync.Mutex or another lock type of
// sync and sync/atomic: type LocalMutex sync.Mutex.
func (ls *locks) definedOver(s *types.Struct) string {
	if s.NumFields() == 0 || s.Field(0).Pkg() == nil {
		return ""
	}
	pkg := s.Field(0).Pkg() // the package declaring the struct's fields
	for _, name := range lockNames(pkg.Path()) {
		if tn, ok := pkg.Scope().Lookup(name).(*types.TypeName); ok && types.Identical(tn.Type().Underlying(), s) {
			return types.TypeString(tn.Type(), ls.qual)
		}
	}
	return ""
}

// inTerms searches the types of a constraint's type set: the terms of its
// unions and the types and constraints it embeds.
func (ls *locks) inTerms(iface *types.Interface) *lockLoc {
	for e := range iface.EmbeddedTypes() {
		if u, ok := types.Unalias(e).(*types.Union); ok {
			for term := range u.Terms() {
				if loc := ls.in(term.Type()); loc != nil {
					return loc
				}
			}
			continue
		}
		if loc := ls.in(e); loc != nil {
			return loc
		}
	}
	return nil
}

// pointerOnlyLocker reports whether *t has Lock and Unlock methods but t
// does not. A struct embedding a *sync.Mutex or a sync.Locker has them on
// the value too, and copying it shares the lock.
func pointerOnlyLocker(t types.Type) bool {
	if named, ok := t.(*types.Named); ok && named.TypeParams().Len() > named.TypeArgs().Len() {
		return false // uninstantiated generic type: method sets are not defined
	}
	return hasLocker(t, true) && !hasLocker(t, false)
}

// hasLocker reports whether a value of type t, addressable or not, has
// the methods Lock() and Unlock().
func hasLocker(t types.Type, addressable bool) bool {
	for _, name := range [...]string{"Lock", "Unlock"} {
		obj, _, _ := types.LookupFieldOrMethod(t, addressable, nil, name)
		fn, ok := obj.(*types.Func)
		if !ok {
			return false
		}
		sig := fn.Signature()
		if sig.Params().Len() != 0 || sig.Results().Len() != 0 {
			return false
		}
	}
	return true
}
