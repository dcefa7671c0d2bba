// Package code holds the small type and syntax predicates that several
// analyzers share: recognising calls to particular functions and methods,
// finding the variable an expression is rooted at, and reading the Go
// version a file is compiled under.
package code

import (
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// Imports reports whether pkg imports the package with the given path
// directly. Analyzers use it as a cheap early exit.
func Imports(pkg *types.Package, path string) bool {
	for _, imp := range pkg.Imports() {
		if imp.Path() == path {
			return true
		}
	}
	return false
}

// Callee returns the function or method statically called by call, or nil
// for calls of function values, conversions and builtins. Calls through an
// interface return the interface method.
func Callee(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return fn
}

// IsFunc reports whether fn is the package-level function pkgPath.name.
func IsFunc(fn *types.Func, pkgPath, name string) bool {
	if fn == nil || fn.Pkg() == nil || fn.Name() != name || fn.Pkg().Path() != pkgPath {
		return false
	}
	return fn.Signature().Recv() == nil
}

// IsMethod reports whether fn is the method typeName.method declared in the
// package pkgPath, whether called on a value or a pointer.
func IsMethod(fn *types.Func, pkgPath, typeName, method string) bool {
	if fn == nil || fn.Name() != method || fn.Pkg() == nil || fn.Pkg().Path() != pkgPath {
		return false
	}
	recv := fn.Signature().Recv()
	return recv != nil && IsNamed(recv.Type(), pkgPath, typeName)
}

// IsNamed reports whether t, or the type t points to, is the named type
// pkgPath.name (generic instantiations included).
func IsNamed(t types.Type, pkgPath, name string) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := named.Obj()
	return obj.Name() == name && obj.Pkg() != nil && obj.Pkg().Path() == pkgPath
}

// MethodCall returns the receiver expression of call if call is a call of
// the method pkgPath.typeName.method, and nil otherwise.
func MethodCall(info *types.Info, call *ast.CallExpr, pkgPath, typeName, method string) ast.Expr {
	if !IsMethod(Callee(info, call), pkgPath, typeName, method) {
		return nil
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil // method expression such as (*sync.WaitGroup).Add(&wg, 1)
	}
	return sel.X
}

// RootVar returns the local or package variable that expr is an access
// path from: wg for wg, &wg, s.wg, (*p).wg or s.items[i].mu. It returns nil
// when the path goes through a call, a map index or anything else whose
// identity cannot be named statically.
func RootVar(info *types.Info, expr ast.Expr) *types.Var {
	for {
		switch e := ast.Unparen(expr).(type) {
		case *ast.Ident:
			v, _ := info.Uses[e].(*types.Var)
			if v == nil {
				v, _ = info.Defs[e].(*types.Var)
			}
			return v
		case *ast.SelectorExpr:
			if sel, ok := info.Selections[e]; !ok || sel.Kind() != types.FieldVal {
				return nil
			}
			expr = e.X
		case *ast.StarExpr:
			expr = e.X
		case *ast.UnaryExpr:
			if e.Op.String() != "&" {
				return nil
			}
			expr = e.X
		case *ast.IndexExpr:
			if _, isMap := info.TypeOf(e.X).Underlying().(*types.Map); isMap {
				return nil // map elements are not addressable variables
			}
			expr = e.X
		default:
			return nil
		}
	}
}

// A Path is an access path: a root variable and the chain of field
// selections from it, such as s and ".cfg.wg" for s.cfg.wg. Pointer
// indirections, & and parentheses are ignored.
type Path struct {
	Root   *types.Var
	Fields string
}

// AccessPath returns the access path expr denotes. Paths through calls,
// indexing or anything else whose identity cannot be named statically are
// not access paths.
func AccessPath(info *types.Info, expr ast.Expr) (Path, bool) {
	var fields []string
	for {
		switch e := ast.Unparen(expr).(type) {
		case *ast.Ident:
			v, _ := info.Uses[e].(*types.Var)
			if v == nil {
				v, _ = info.Defs[e].(*types.Var)
			}
			if v == nil {
				return Path{}, false
			}
			slices.Reverse(fields)
			return Path{Root: v, Fields: strings.Join(fields, "")}, true
		case *ast.SelectorExpr:
			if sel, ok := info.Selections[e]; !ok || sel.Kind() != types.FieldVal {
				if v, ok := info.Uses[e.Sel].(*types.Var); ok && !v.IsField() {
					expr = e.Sel // a package-qualified variable, otherpkg.WG
					continue
				}
				return Path{}, false
			}
			fields = append(fields, "."+e.Sel.Name)
			expr = e.X
		case *ast.StarExpr:
			expr = e.X
		case *ast.UnaryExpr:
			if e.Op != token.AND {
				return Path{}, false
			}
			expr = e.X
		default:
			return Path{}, false
		}
	}
}

// Leads reports whether p is q or a prefix of it: s leads to s.wg and to
// s.pool.wg.
func (p Path) Leads(q Path) bool {
	return p.Root == q.Root && (p.Fields == q.Fields || strings.HasPrefix(q.Fields, p.Fields+"."))
}

// SamePath reports whether a and b denote the same access path.
func SamePath(info *types.Info, a, b ast.Expr) bool {
	pa, ok1 := AccessPath(info, a)
	pb, ok2 := AccessPath(info, b)
	return ok1 && ok2 && pa == pb
}

// FileVersion returns the Go version that file is compiled under, such as
// "go1.21", or "" when it is unknown.
func FileVersion(pass *analysis.Pass, file *ast.File) string {
	if pass.TypesInfo.FileVersions == nil {
		return ""
	}
	return pass.TypesInfo.FileVersions[file]
}

// AtLeast reports whether the Go version v is release or later. An unknown
// version ("") counts as the newest: analyzers then assume the semantics of
// the toolchain they run under, which is what the compiler does too.
func AtLeast(v, release string) bool {
	return v == "" || version.Compare(v, release) >= 0
}

// EnclosingFunc returns the innermost *ast.FuncDecl or *ast.FuncLit on an
// inspector stack, not counting the top node itself.
func EnclosingFunc(stack []ast.Node) ast.Node {
	for i := len(stack) - 2; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return stack[i]
		}
	}
	return nil
}

// IsInterfaceMethod reports whether fn is an interface's method, whose
// callee is known only at run time.
func IsInterfaceMethod(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	return recv != nil && types.IsInterface(recv.Type())
}
