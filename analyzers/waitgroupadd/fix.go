package waitgroupadd

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

// moveAdd suggests moving add, the one racy Add of a function literal
// started by a go statement, to its own line just before the go statement.
// That keeps the count right only when every run of the goroutine reaches
// the Add, so it is offered only for an Add with a constant count that is
// a top-level statement of the literal with no way out of the literal
// before it.
func (c *checker) moveAdd(site *spawnsites.Site, add wgCall, text string) []analysis.SuggestedFix {
	goStmt, ok := site.Node.(*ast.GoStmt)
	if !ok || site.Kind != spawnsites.FuncLit || c.pass.ReadFile == nil || !inStmtList(site) {
		return nil
	}
	if _, ok := code.ConstInt(c.pass.TypesInfo, add.call.Args[0]); !ok {
		return nil
	}
	list := site.Lit.Body.List
	i := slices.IndexFunc(list, func(s ast.Stmt) bool {
		e, ok := s.(*ast.ExprStmt)
		return ok && e.X == add.call
	})
	if i < 0 || c.mayLeave(list[:i]) {
		return nil
	}
	tf := c.pass.Fset.File(goStmt.Pos())
	if tf == nil {
		return nil
	}
	src, err := c.pass.ReadFile(tf.Name())
	if err != nil || len(src) != tf.Size() {
		return nil
	}
	indent, ok := code.LineIndent(tf, src, goStmt.Pos())
	if !ok {
		return nil
	}
	from, to, ok := code.WholeLine(tf, src, list[i])
	if !ok {
		return nil
	}
	arg := add.call.Args[0]
	count := src[tf.Offset(arg.Pos()):tf.Offset(arg.End())]
	return []analysis.SuggestedFix{{
		Message: fmt.Sprintf("Move %s.Add before the go statement", text),
		TextEdits: []analysis.TextEdit{
			{Pos: goStmt.Pos(), End: goStmt.Pos(), NewText: fmt.Appendf(nil, "%s.Add(%s)\n%s", text, count, indent)},
			{Pos: from, End: to},
		},
	}}
}

// inStmtList reports whether the go statement of site sits in a statement
// list, where a statement can be inserted before it.
func inStmtList(site *spawnsites.Site) bool {
	if len(site.Stack) < 2 {
		return false
	}
	switch site.Stack[len(site.Stack)-2].(type) {
	case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
		return true
	}
	return false
}

// mayLeave reports whether running stmts may leave the function they are
// in: a return, a goto, a panic or runtime.Goexit.
func (c *checker) mayLeave(stmts []ast.Stmt) bool {
	info := c.pass.TypesInfo
	leaves := false
	for _, stmt := range stmts {
		ast.Inspect(stmt, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				leaves = true
			case *ast.BranchStmt:
				leaves = leaves || n.Tok == token.GOTO
			case *ast.CallExpr:
				if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
					if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "panic" {
						leaves = true
					}
				}
				leaves = leaves || code.IsFunc(code.Callee(info, n), "runtime", "Goexit")
			}
			return !leaves
		})
	}
	return leaves
}
