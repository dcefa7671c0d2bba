package busyloop

import (
	"go/ast"

	"golang.org/x/tools/go/analysis"
)

// dropDefault offers to delete the empty default clause of sel, which
// makes the select block until a case is ready. The rewrite keeps the
// loop's behaviour only when the select is all the loop does: with other
// statements in the body, a loop condition or a post statement, those
// would run only after a case fires, and with calls among the channel and
// value operands, the calls would run fewer times. The whole lines of the
// clause go, with the comments indented under it.
func dropDefault(pass *analysis.Pass, l *loop, sel *ast.SelectStmt, def *ast.CommClause) (analysis.SuggestedFix, bool) {
	var none analysis.SuggestedFix
	if len(def.Body) != 0 || len(sel.Body.List) < 2 || len(l.stmt.Body.List) != 1 ||
		l.stmt.Cond != nil || l.stmt.Post != nil || !plainOperands(l, sel) {
		return none, false
	}
	tf := pass.Fset.File(def.Pos())
	if tf == nil {
		return none, false
	}
	src, err := pass.ReadFile(tf.Name())
	if err != nil || tf.Size() != len(src) {
		return none, false
	}
	next := sel.Body.Rbrace // where the next clause or the closing brace starts
	for i, c := range sel.Body.List {
		if c == def && i+1 < len(sel.Body.List) {
			next = sel.Body.List[i+1].Pos()
		}
	}
	start := tf.LineStart(tf.Line(def.Pos()))
	if !blank(src[tf.Offset(start):tf.Offset(def.Pos())]) || tf.Line(next) == tf.Line(def.Colon) {
		return none, false // not on lines of its own
	}
	last := def.Colon
	col := tf.Position(def.Pos()).Column
	for _, cg := range fileOf(pass, def).Comments {
		for _, c := range cg.List {
			if c.Pos() > def.Colon && tf.Line(c.End()) < tf.Line(next) &&
				(tf.Line(c.Pos()) == tf.Line(def.Colon) || tf.Position(c.Pos()).Column > col) {
				last = max(last, c.End())
			}
		}
	}
	end := tf.LineStart(tf.Line(last) + 1)
	return analysis.SuggestedFix{
		Message:   "Delete the empty default clause",
		TextEdits: []analysis.TextEdit{{Pos: start, End: end}},
	}, true
}

// plainOperands reports whether the channel and value operands of sel's
// cases are free of calls other than a context's Done.
func plainOperands(l *loop, sel *ast.SelectStmt) bool {
	plain := true
	for _, c := range sel.Body.List {
		comm := c.(*ast.CommClause).Comm
		if comm == nil {
			continue
		}
		ast.Inspect(comm, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && !isContextDone(l, call) {
				plain = false
			}
			return plain
		})
	}
	return plain
}

func isContextDone(l *loop, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Done" || len(call.Args) != 0 {
		return false
	}
	obj := l.info.Uses[sel.Sel]
	return obj != nil && obj.Pkg() != nil && obj.Pkg().Path() == "context"
}

func blank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

func fileOf(pass *analysis.Pass, n ast.Node) *ast.File {
	for _, f := range pass.Files {
		if f.FileStart <= n.Pos() && n.Pos() < f.FileEnd {
			return f
		}
	}
	return &ast.File{}
}
