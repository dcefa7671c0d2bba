// Package ref names the memory location a concurrency primitive lives
// in, so that every analyzer agrees on when two expressions are "the same
// lock", "the same channel" or "the same WaitGroup".
//
// A Ref is a root variable (a local, a parameter, a receiver or a
// package-level variable) and the struct fields selected from it. The
// fields are spelled out in full: the embedded fields through which a
// field or method is promoted are steps of the path, so s.mu and
// s.inner.mu, when S embeds inner, are one Ref. Pointer indirections are
// not steps: p, *p and &*p, s.mu and (*s).mu name the same location, the
// one reached from the root.
//
// What is not a Ref, and why:
//   - an index or map expression, x[i].mu or m[k].mu: x[i] is not one
//     location but one per value of i, and a map element is not
//     addressable at all. Of reports false, even for a constant index,
//     rather than guessing.
//   - a conversion, (*T)(p).mu: the fields that follow would be fields of
//     another type than the root's.
//   - a call result, a type assertion, a composite literal, a method value
//     itself (s.mu.Lock names a function, not a location; see Receiver).
//
// Roots are variables, not what they point to: there is no alias
// analysis, so a receiver s and a local p := s, or c := *s, are different
// roots. The type-level TypeKey is what relates locations across
// functions and instances.
package ref

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// A Ref is a memory location as one function sees it: Root followed by
// the field selections in Fields, such as ".inner.mu". Refs are
// comparable: two Refs are equal when they name the same location.
type Ref struct {
	Root   *types.Var
	Fields string // ".f.g", every embedded step included; "" for the variable itself
}

// Of returns the Ref that expr denotes: wg, &wg, s.mu, (*p).mu,
// s.inner.mu, otherpkg.Mu. It reports false for everything whose
// location cannot be named statically (see the package documentation).
func Of(info *types.Info, expr ast.Expr) (Ref, bool) {
	switch e := ast.Unparen(expr).(type) {
	case *ast.Ident:
		return root(info, e)
	case *ast.SelectorExpr:
		sel, ok := info.Selections[e]
		if !ok {
			return root(info, e.Sel) // a package-qualified variable
		}
		if sel.Kind() != types.FieldVal {
			return Ref{}, false
		}
		base, ok := Of(info, e.X)
		if !ok {
			return Ref{}, false
		}
		return walk(base, sel.Recv(), sel.Index())
	case *ast.StarExpr:
		return Of(info, e.X)
	case *ast.UnaryExpr:
		if e.Op != token.AND {
			return Ref{}, false
		}
		return Of(info, e.X)
	}
	return Ref{}, false
}

// Receiver returns the Ref of the value a method call or method value
// sel is bound to, with the embedded fields the method is promoted
// through: q.Lock(), for a Queue embedding sync.Mutex, is called on
// q.Mutex. It reports false for method expressions such as
// (*sync.Mutex).Lock, whose receiver is their first argument.
func Receiver(info *types.Info, sel *ast.SelectorExpr) (Ref, bool) {
	s, ok := info.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return Ref{}, false
	}
	base, ok := Of(info, sel.X)
	if !ok {
		return Ref{}, false
	}
	return walk(base, s.Recv(), s.Index()[:len(s.Index())-1])
}

// Select returns the Ref reached from root by the field names in fields,
// such as ".db.mu", looked up as a selector expression in pkg would:
// promoted fields are found, and their embedded steps added.
func Select(root *types.Var, pkg *types.Package, fields string) (Ref, bool) {
	r := Ref{Root: root}
	if fields == "" {
		return r, root != nil
	}
	if root == nil || !strings.HasPrefix(fields, ".") {
		return Ref{}, false
	}
	t := root.Type()
	for _, name := range strings.Split(fields[1:], ".") {
		obj, index, _ := types.LookupFieldOrMethod(t, true, pkg, name)
		v, ok := obj.(*types.Var)
		if !ok || !v.IsField() {
			return Ref{}, false
		}
		if r, ok = walk(r, t, index); !ok {
			return Ref{}, false
		}
		t = v.Type()
	}
	return r, true
}

// String spells r as Go source for messages, embedded steps included:
// s.mu, c.pool.mu, q.Mutex.
func (r Ref) String() string {
	if r.Root == nil {
		return "<invalid>"
	}
	return r.Root.Name() + r.Fields
}

// Field returns the Ref of the field name of r's location.
func (r Ref) Field(name string) Ref {
	return Ref{Root: r.Root, Fields: r.Fields + "." + name}
}

// Leads reports whether r is q or a prefix of it: s leads to s.wg and to
// s.pool.wg, but not to s.wgs.
func (r Ref) Leads(q Ref) bool {
	return r.Root == q.Root && (r.Fields == q.Fields || strings.HasPrefix(q.Fields, r.Fields+"."))
}

// Vars returns the fields r selects, in order, each as declared: for an
// instance of a generic type, the generic type's field. It returns nil
// when r's fields do not resolve from its root's type.
func (r Ref) Vars() []*types.Var {
	vars, _ := r.steps()
	return vars
}

// steps resolves r's fields, returning each field and the type it is
// selected from, pointers removed.
func (r Ref) steps() ([]*types.Var, []types.Type) {
	if r.Root == nil || r.Fields == "" {
		return nil, nil
	}
	var vars []*types.Var
	var owners []types.Type
	t := r.Root.Type()
	for _, name := range strings.Split(r.Fields[1:], ".") {
		st, ok := deref(t).Underlying().(*types.Struct)
		if !ok {
			return nil, nil
		}
		var f *types.Var
		for i := range st.NumFields() {
			if st.Field(i).Name() == name {
				f = st.Field(i)
				break
			}
		}
		if f == nil {
			return nil, nil
		}
		vars = append(vars, f.Origin())
		owners = append(owners, deref(t))
		t = f.Type()
	}
	return vars, owners
}

// root returns the Ref of a variable named by id, if it is not a field.
func root(info *types.Info, id *ast.Ident) (Ref, bool) {
	v, _ := info.Uses[id].(*types.Var)
	if v == nil {
		v, _ = info.Defs[id].(*types.Var)
	}
	if v == nil || v.IsField() {
		return Ref{}, false
	}
	return Ref{Root: v}, true
}

// walk extends base by the fields of a selection's index path, starting
// from a value of type t.
func walk(base Ref, t types.Type, index []int) (Ref, bool) {
	for _, i := range index {
		st, ok := deref(t).Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return Ref{}, false
		}
		f := st.Field(i)
		base = base.Field(f.Name())
		t = f.Type()
	}
	return base, true
}

// deref returns the type t points to, or t, aliases removed.
func deref(t types.Type) types.Type {
	if t == nil {
		return types.Typ[types.Invalid] // code with type errors
	}
	t = types.Unalias(t)
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return types.Unalias(p.Elem())
	}
	return t
}
