package code

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// LeavesLoop reports whether running root can transfer control out of
// loop, a for or range statement labelled label (or nil): a return, a
// goto, a call that does not return, or a break or continue aimed at the
// loop itself (break) or at a statement outside it. inner counts the
// breakable statements between root and the loop, so that an unlabelled
// break inside a select case breaks the select only. Function literals
// are not entered: their returns leave the literal, not the loop.
func LeavesLoop(info *types.Info, loop ast.Stmt, label *types.Label, root ast.Node, inner int) bool {
	found := false
	ast.Inspect(root, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			found = true
		case *ast.BranchStmt:
			found = branchLeaves(info, loop, label, n, inner)
		case *ast.CallExpr:
			found = NeverReturns(info, n)
		case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			if n != root {
				found = LeavesLoop(info, loop, label, n, inner+1)
				return false
			}
		}
		return true
	})
	return found
}

func branchLeaves(info *types.Info, loop ast.Stmt, label *types.Label, b *ast.BranchStmt, inner int) bool {
	switch b.Tok {
	case token.GOTO:
		return true
	case token.BREAK, token.CONTINUE:
		if b.Label == nil {
			return b.Tok == token.BREAK && inner == 0
		}
		lbl, _ := info.Uses[b.Label].(*types.Label)
		if lbl == nil {
			return true
		}
		if lbl == label {
			return b.Tok == token.BREAK
		}
		inside := loop.Pos() <= lbl.Pos() && lbl.Pos() < loop.End()
		return !inside
	}
	return false
}

// EntersBody reports whether the 3-clause loop runs its body at least
// once: it has no condition, a constant true one, or one that compares
// the variable its init statement sets to a constant with another
// constant and holds for the first value (i := 0; i < n with n const 100).
func EntersBody(info *types.Info, loop *ast.ForStmt) bool {
	if loop.Cond == nil {
		return true
	}
	if tv := info.Types[loop.Cond]; tv.Value != nil {
		return tv.Value.Kind() == constant.Bool && constant.BoolVal(tv.Value)
	}
	cond, ok := ast.Unparen(loop.Cond).(*ast.BinaryExpr)
	init, isAssign := loop.Init.(*ast.AssignStmt)
	if !ok || !isAssign || len(init.Lhs) != 1 || len(init.Rhs) != 1 {
		return false
	}
	lhs, ok := ast.Unparen(init.Lhs[0]).(*ast.Ident)
	x, isIdent := ast.Unparen(cond.X).(*ast.Ident)
	if !ok || !isIdent || info.ObjectOf(lhs) == nil || info.ObjectOf(lhs) != info.ObjectOf(x) {
		return false
	}
	start, limit := info.Types[init.Rhs[0]].Value, info.Types[cond.Y].Value
	if start == nil || limit == nil {
		return false
	}
	switch cond.Op {
	case token.LSS, token.LEQ, token.GTR, token.GEQ, token.NEQ:
		return constant.Compare(start, cond.Op, limit)
	}
	return false
}
