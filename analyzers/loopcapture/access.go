package loopcapture

import (
	"go/ast"
	"go/token"
	"go/types"
)

// access says how an identifier uses a variable.
type access uint8

const (
	read  access = 1 << iota
	write        // assigned, in whole or in part
	addr         // address taken, explicitly or by a pointer-method call
)

// visitAccesses calls f for each identifier under root that refers to a
// local variable, with how it is accessed and whether it lies inside a
// function literal nested in root.
func visitAccesses(info *types.Info, root ast.Node, f func(id *ast.Ident, v *types.Var, acc access, nested bool)) {
	marks := make(map[*ast.Ident]access)
	var stack []ast.Node
	lits := 0
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			if _, ok := stack[len(stack)-1].(*ast.FuncLit); ok {
				lits--
			}
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.FuncLit:
			lits++
		case *ast.AssignStmt:
			acc := write | read // x += 1 reads x
			if n.Tok == token.ASSIGN || n.Tok == token.DEFINE {
				acc = write
			}
			for _, lhs := range n.Lhs {
				markStorage(info, marks, lhs, acc)
			}
		case *ast.IncDecStmt:
			markStorage(info, marks, n.X, read|write)
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN {
				markStorage(info, marks, n.Key, write)
				markStorage(info, marks, n.Value, write)
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				markStorage(info, marks, n.X, read|addr)
			}
		case *ast.SelectorExpr:
			if takesAddress(info, n) {
				markStorage(info, marks, n.X, read|addr)
			}
		case *ast.Ident:
			v, ok := info.Uses[n].(*types.Var)
			if !ok || v.IsField() || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
				return true
			}
			acc, marked := marks[n]
			if !marked {
				acc = read
			}
			f(n, v, acc, lits > 0)
		}
		return true
	})
}

// markStorage records acc for the variable whose own storage expr
// denotes: v in v, v.f or v[i] for a struct or array v, but nothing for
// p.f or s[i] through a pointer or slice, which only read p or s.
func markStorage(info *types.Info, marks map[*ast.Ident]access, expr ast.Expr, acc access) {
	whole := true
	for expr != nil {
		switch e := ast.Unparen(expr).(type) {
		case *ast.Ident:
			if !whole {
				acc |= read // writing part of v keeps the rest
			}
			marks[e] |= acc
			return
		case *ast.SelectorExpr:
			sel, ok := info.Selections[e]
			if !ok || sel.Kind() != types.FieldVal || sel.Indirect() {
				return
			}
			expr, whole = e.X, false
		case *ast.IndexExpr:
			if _, isArray := typeUnder(info, e.X).(*types.Array); !isArray {
				return
			}
			expr, whole = e.X, false
		default:
			return
		}
	}
}

// takesAddress reports whether sel is a pointer method selected on an
// addressable value, which implicitly takes its address: buf.Reset()
// for a bytes.Buffer variable buf.
func takesAddress(info *types.Info, sel *ast.SelectorExpr) bool {
	s, ok := info.Selections[sel]
	if !ok || s.Kind() != types.MethodVal || s.Indirect() {
		return false
	}
	fn, ok := s.Obj().(*types.Func)
	if !ok {
		return false
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return false
	}
	_, ptrRecv := types.Unalias(recv.Type()).(*types.Pointer)
	_, ptrOperand := typeUnder(info, sel.X).(*types.Pointer)
	return ptrRecv && !ptrOperand
}

func typeUnder(info *types.Info, e ast.Expr) types.Type {
	t := info.TypeOf(e)
	if t == nil {
		return nil
	}
	return t.Underlying()
}

// A use is how a closure accesses one variable declared outside it.
type use struct {
	v   *types.Var
	acc access // union over all its references
}

// closureUses returns the variables declared outside lit that lit
// refers to, in order of first reference.
func closureUses(info *types.Info, lit *ast.FuncLit) []use {
	var uses []use
	index := make(map[*types.Var]int)
	visitAccesses(info, lit.Body, func(_ *ast.Ident, v *types.Var, acc access, _ bool) {
		if v.Pos() >= lit.Pos() && v.Pos() < lit.End() {
			return
		}
		if i, ok := index[v]; ok {
			uses[i].acc |= acc
			return
		}
		index[v] = len(uses)
		uses = append(uses, use{v, acc})
	})
	return uses
}
