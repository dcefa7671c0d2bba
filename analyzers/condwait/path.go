package condwait

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// A path names a Cond or a lock the way code.AccessPath does, a root
// variable and field selections, but with the fields that embedding hides
// spelled out: for a Queue embedding sync.Mutex, q.Lock() locks q.Mutex,
// and c.L of a struct embedding sync.Cond is c.Cond.L. Without them, q.L
// and q.Cond.L would be different paths. code.AccessPath would be the place
// for this if another analyzer needs it.
type path struct {
	root   *types.Var
	fields string     // such as ".cond" or ".Cond.L"
	last   *types.Var // the last field selected, nil for a bare variable
}

func (p path) valid() bool { return p.root != nil }

// sel returns p extended by field f.
func (p path) sel(f *types.Var) path {
	// Origin: the fields of Queue[T] in a method and in a constructor are
	// different instantiations of one field.
	return path{root: p.root, fields: p.fields + "." + f.Name(), last: f.Origin()}
}

// field returns p extended by the field named name, when its object is
// not needed.
func (p path) field(name string) path {
	return path{root: p.root, fields: p.fields + "." + name}
}

// String spells p as Go source, for messages.
func (p path) String() string {
	return p.root.Name() + p.fields
}

// pathOf returns the path expr denotes, or an invalid path when it goes
// through a call, an index or anything else without a static name.
func pathOf(info *types.Info, expr ast.Expr) path {
	switch e := ast.Unparen(expr).(type) {
	case *ast.Ident:
		v, _ := info.Uses[e].(*types.Var)
		if v == nil {
			v, _ = info.Defs[e].(*types.Var)
		}
		return path{root: v}
	case *ast.SelectorExpr:
		sel, ok := info.Selections[e]
		if !ok {
			if v, ok := info.Uses[e.Sel].(*types.Var); ok && !v.IsField() {
				return path{root: v} // a package-qualified variable
			}
			return path{}
		}
		if sel.Kind() != types.FieldVal {
			return path{}
		}
		return selPath(pathOf(info, e.X), sel, len(sel.Index()))
	case *ast.StarExpr:
		return pathOf(info, e.X)
	case *ast.UnaryExpr:
		if e.Op != token.AND {
			return path{}
		}
		return pathOf(info, e.X)
	}
	return path{}
}

// recvPath returns the path of the value a method call x.m(...) is called
// on, including the embedded fields through which m is promoted.
func recvPath(info *types.Info, call *ast.CallExpr) path {
	se, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return path{}
	}
	sel, ok := info.Selections[se]
	if !ok || sel.Kind() != types.MethodVal {
		return path{}
	}
	return selPath(pathOf(info, se.X), sel, len(sel.Index())-1)
}

// selPath extends base by the first n fields of sel's index path.
func selPath(base path, sel *types.Selection, n int) path {
	if !base.valid() {
		return path{}
	}
	t := sel.Recv()
	for _, i := range sel.Index()[:n] {
		st, ok := deref(t).Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return path{}
		}
		f := st.Field(i)
		base = base.sel(f)
		t = f.Type()
	}
	return base
}

func deref(t types.Type) types.Type {
	if t == nil {
		return types.Typ[types.Invalid] // code with type errors
	}
	if p, ok := types.Unalias(t).Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// rebase maps the lock path of a binding made through one variable to the
// Cond path p seen through another: the constructor's
// q.cond = sync.NewCond(&q.mu) tells that for any Queue x, x.cond's lock
// is x.mu. It reports false when p does not end in the bound Cond field.
func rebase(cond, lock, p path) (path, bool) {
	if cond.root == p.root && cond.fields == p.fields {
		return lock, true
	}
	if cond.root != lock.root || cond.last == nil || cond.last != p.last {
		return path{}, false
	}
	prefix, ok := strings.CutSuffix(p.fields, cond.fields)
	if !ok {
		return path{}, false
	}
	return path{root: p.root, fields: prefix + lock.fields, last: lock.last}, true
}
