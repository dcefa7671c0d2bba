package code

import (
	"go/ast"
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
