package code

import (
	"go/ast"
	"go/token"
	"go/types"
	"iter"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
)

// RecvCase returns the channel a select case receives from (the ch of
// <-ch, v := <-ch or v, ok = <-ch), or nil for a send case, the default
// case (comm nil) or anything else.
func RecvCase(comm ast.Stmt) ast.Expr {
	var x ast.Expr
	switch s := comm.(type) {
	case *ast.ExprStmt:
		x = s.X
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			x = s.Rhs[0]
		}
	}
	if u, ok := ast.Unparen(x).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		return ast.Unparen(u.X)
	}
	return nil
}

// Indentation returns the white space that starts the line n begins on,
// read from the source file, so that a suggested fix can insert lines
// that gofmt would leave alone. ok is false when the source cannot be
// read, has changed since parsing, or n is not the first thing on its
// line.
func Indentation(pass *analysis.Pass, n ast.Node) (indent string, ok bool) {
	tf := pass.Fset.File(n.Pos())
	if tf == nil || pass.ReadFile == nil {
		return "", false
	}
	src, err := pass.ReadFile(tf.Name())
	if err != nil || len(src) != tf.Size() {
		return "", false
	}
	start := tf.Offset(tf.LineStart(tf.Line(n.Pos())))
	at := tf.Offset(n.Pos())
	for i := start; i < at; i++ {
		if src[i] != ' ' && src[i] != '\t' {
			return "", false
		}
	}
	return string(src[start:at]), true
}

// StmtList returns the statements of a block, case clause or select case,
// and nil for any other node.
func StmtList(n ast.Node) []ast.Stmt {
	switch n := n.(type) {
	case *ast.BlockStmt:
		return n.List
	case *ast.CaseClause:
		return n.Body
	case *ast.CommClause:
		return n.Body
	}
	return nil
}

// MayLeave reports whether stmt holds a return, a goto or a labelled
// break or continue outside nested function literals: a way out that may
// skip the statements after it.
func MayLeave(stmt ast.Stmt) bool {
	leaves := false
	ast.Inspect(stmt, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			leaves = true
		case *ast.BranchStmt:
			leaves = leaves || n.Label != nil // goto always has one
		}
		return !leaves
	})
	return leaves
}

// FuncDecls yields each function and method declared with a body in the
// files under root, with the cursor at its declaration, in source order.
func FuncDecls(info *types.Info, root inspector.Cursor) iter.Seq2[*types.Func, inspector.Cursor] {
	return func(yield func(*types.Func, inspector.Cursor) bool) {
		for cur := range root.Preorder((*ast.FuncDecl)(nil)) {
			decl := cur.Node().(*ast.FuncDecl)
			fn, ok := info.Defs[decl.Name].(*types.Func)
			if ok && decl.Body != nil && !yield(fn, cur) {
				return
			}
		}
	}
}
