package wgdone

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"

	"github.com/golint-conc/golint-conc/internal/code"
)

// deferDone suggests replacing the single Done at the end of lit's body
// with a defer at its top. That keeps every path that already called Done
// the same, except that Done now also runs on the early returns and on
// panics; it is offered only when the Done is the body's last statement,
// nothing else in the body touches the WaitGroup, and the body defers
// nothing else, whose order against Done could matter.
func (c *checker) deferDone(lit *ast.FuncLit, out *outcome, w code.Path) []analysis.SuggestedFix {
	list := lit.Body.List
	if c.pass.ReadFile == nil || len(out.dones) != 1 || out.defers || len(list) < 2 || declaredIn(w.Root, lit.Body) {
		return nil
	}
	last, ok := list[len(list)-1].(*ast.ExprStmt)
	if !ok || last.X != out.dones[0] {
		return nil
	}
	for _, stmt := range list[:len(list)-1] {
		if c.mentions(stmt, w) {
			return nil
		}
	}
	tf := c.pass.Fset.File(lit.Pos())
	if tf == nil {
		return nil
	}
	src, err := c.pass.ReadFile(tf.Name())
	if err != nil || len(src) != tf.Size() {
		return nil
	}
	indent, ok := lineIndent(tf, src, list[0].Pos())
	if !ok {
		return nil
	}
	from, to, ok := wholeLine(tf, src, last)
	if !ok {
		return nil
	}
	recv := out.dones[0].Fun.(*ast.SelectorExpr).X
	wg := src[tf.Offset(recv.Pos()):tf.Offset(recv.End())]
	return []analysis.SuggestedFix{{
		Message: fmt.Sprintf("Defer %s.Done at the top of the goroutine", wg),
		TextEdits: []analysis.TextEdit{
			{Pos: list[0].Pos(), End: list[0].Pos(), NewText: fmt.Appendf(nil, "defer %s.Done()\n%s", wg, indent)},
			{Pos: from, End: to},
		},
	}}
}

// lineIndent returns the white space before pos on its line, failing if
// something else precedes pos there.
func lineIndent(tf *token.File, src []byte, pos token.Pos) ([]byte, bool) {
	start := tf.LineStart(tf.Line(pos))
	prefix := src[tf.Offset(start):tf.Offset(pos)]
	return prefix, len(bytes.TrimSpace(prefix)) == 0
}

// wholeLine returns the range of the line that holds stmt, newline
// included, if the line holds nothing else but an end-of-line comment.
func wholeLine(tf *token.File, src []byte, stmt ast.Stmt) (token.Pos, token.Pos, bool) {
	if _, ok := lineIndent(tf, src, stmt.Pos()); !ok {
		return 0, 0, false
	}
	line := tf.Line(stmt.Pos())
	if line >= tf.LineCount() {
		return 0, 0, false
	}
	from, to := tf.LineStart(line), tf.LineStart(line+1)
	rest := bytes.TrimSpace(src[tf.Offset(stmt.End()):tf.Offset(to)])
	if len(rest) > 0 && !bytes.HasPrefix(rest, []byte("//")) {
		return 0, 0, false
	}
	return from, to, true
}
