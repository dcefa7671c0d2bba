package code

import (
	"bytes"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// ConstInt returns the value of expr when it is an integer constant.
func ConstInt(info *types.Info, expr ast.Expr) (int64, bool) {
	tv, ok := info.Types[expr]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(tv.Value)
}

// IsType reports whether expr denotes a type rather than a value, as the
// receiver of a method expression (*T).M does.
func IsType(info *types.Info, expr ast.Expr) bool {
	if expr == nil {
		return false
	}
	tv, ok := info.Types[expr]
	return ok && tv.IsType()
}

// IsGlobal reports whether v is a package-level variable.
func IsGlobal(v *types.Var) bool {
	return v != nil && v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
}

// IsPath reports whether expr has the access path p.
func IsPath(info *types.Info, expr ast.Expr, p Path) bool {
	q, ok := AccessPath(info, expr)
	return ok && q == p
}

// FuncBody returns the body of a *ast.FuncDecl or *ast.FuncLit, or nil.
func FuncBody(fn ast.Node) *ast.BlockStmt {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		return fn.Body
	case *ast.FuncLit:
		return fn.Body
	}
	return nil
}

// PathText writes expr, an access path, followed by fields, dropping a
// leading & so that &wg with fields ".wg" reads wg.wg, and parenthesising
// an expr that is not a plain name or selector when fields follow.
func PathText(expr ast.Expr, fields string) string {
	expr = ast.Unparen(expr)
	if u, ok := expr.(*ast.UnaryExpr); ok && u.Op == token.AND {
		expr = ast.Unparen(u.X)
	}
	text := types.ExprString(expr)
	switch expr.(type) {
	case *ast.Ident, *ast.SelectorExpr:
	default:
		if fields != "" {
			text = "(" + text + ")"
		}
	}
	return text + fields
}

// LineIndent returns the white space before pos on its line of src (the
// contents of tf), failing if something else precedes pos there.
func LineIndent(tf *token.File, src []byte, pos token.Pos) ([]byte, bool) {
	start := tf.LineStart(tf.Line(pos))
	prefix := src[tf.Offset(start):tf.Offset(pos)]
	return prefix, len(bytes.TrimSpace(prefix)) == 0
}

// WholeLine returns the range of the line that holds stmt, newline
// included, if the line holds nothing else but an end-of-line comment, so
// that a fix can delete the statement without leaving a blank line.
func WholeLine(tf *token.File, src []byte, stmt ast.Stmt) (token.Pos, token.Pos, bool) {
	if _, ok := LineIndent(tf, src, stmt.Pos()); !ok {
		return 0, 0, false
	}
	line := tf.Line(stmt.Pos())
	from, to := tf.LineStart(line), tf.Pos(tf.Size())
	if line < tf.LineCount() {
		to = tf.LineStart(line + 1)
	}
	rest := bytes.TrimSpace(src[tf.Offset(stmt.End()):tf.Offset(to)])
	if len(rest) > 0 && !bytes.HasPrefix(rest, []byte("//")) {
		return 0, 0, false
	}
	return from, to, true
}
