package ref

import (
	"go/ast"
	"go/types"
)

// A Param is a Ref relative to a function, as its callers can name it: a
// field path from its receiver, from one of its parameters, or from a
// package-level variable. It is the form facts carry: it holds no
// types.Object and encodes with encoding/gob.
type Param struct {
	Index  int    // parameter index, or RecvParam or GlobalParam
	Pkg    string // GlobalParam: the variable's package path
	Var    string // GlobalParam: the variable's name
	Fields string // field selections from the root, such as ".mu"
}

// Values of Param.Index that do not index a parameter.
const (
	RecvParam   = -1
	GlobalParam = -2
)

// Relative returns r as fn's callers see it, reporting false when r is
// rooted at a local variable of fn, which no caller can name. For an
// instance of a generic function, the function's own declaration is
// meant: its body is where r's variables come from.
func Relative(fn *types.Func, r Ref) (Param, bool) {
	v := r.Root
	if v == nil {
		return Param{}, false
	}
	sig := fn.Origin().Signature()
	if recv := sig.Recv(); recv != nil && recv == v {
		return Param{Index: RecvParam, Fields: r.Fields}, true
	}
	for i := range sig.Params().Len() {
		if sig.Params().At(i) == v {
			return Param{Index: i, Fields: r.Fields}, true
		}
	}
	if isGlobal(v) {
		return Param{Index: GlobalParam, Pkg: v.Pkg().Path(), Var: v.Name(), Fields: r.Fields}, true
	}
	return Param{}, false
}

// Resolve returns the Ref that p, relative to fn, names at call, a call
// of fn: the receiver's or the argument's Ref followed by p's fields. It
// reports false when the argument is not a Ref, when p is the variadic
// parameter (one or many arguments), and for a package-level variable
// that neither fn's package nor its imports declare.
func Resolve(info *types.Info, call *ast.CallExpr, fn *types.Func, p Param) (Ref, bool) {
	var base Ref
	var ok bool
	args := call.Args
	sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if sel != nil {
		if s, isSel := info.Selections[sel]; isSel && s.Kind() == types.MethodExpr && len(args) > 0 {
			// (*T).m(x, a): the receiver is the first argument.
			if p.Index == RecvParam {
				base, ok := Of(info, args[0])
				base.Fields += p.Fields
				return base, ok
			}
			args = args[1:]
		}
	}
	sig := fn.Signature()
	switch {
	case p.Index == RecvParam:
		if sel != nil {
			base, ok = Receiver(info, sel)
		}
	case p.Index == GlobalParam:
		v := lookupGlobal(fn.Pkg(), p.Pkg, p.Var)
		base, ok = Ref{Root: v}, v != nil
	case p.Index >= 0 && p.Index < len(args) && p.Index < sig.Params().Len():
		if sig.Variadic() && p.Index == sig.Params().Len()-1 {
			return Ref{}, false
		}
		base, ok = Of(info, args[p.Index])
	}
	if !ok {
		return Ref{}, false
	}
	base.Fields += p.Fields
	return base, true
}

// isGlobal reports whether v is a package-level variable.
func isGlobal(v *types.Var) bool {
	return v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
}

// lookupGlobal finds the package-level variable path.name among from and
// the packages it imports, directly or not.
func lookupGlobal(from *types.Package, path, name string) *types.Var {
	seen := make(map[*types.Package]bool)
	var find func(pkg *types.Package) *types.Var
	find = func(pkg *types.Package) *types.Var {
		if pkg == nil || seen[pkg] {
			return nil
		}
		seen[pkg] = true
		if pkg.Path() == path {
			v, _ := pkg.Scope().Lookup(name).(*types.Var)
			return v
		}
		for _, imp := range pkg.Imports() {
			if v := find(imp); v != nil {
				return v
			}
		}
		return nil
	}
	return find(from)
}
