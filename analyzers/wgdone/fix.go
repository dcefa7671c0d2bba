package wgdone

import (
	"fmt"
	"go/ast"

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
	indent, ok := code.LineIndent(tf, src, list[0].Pos())
	if !ok {
		return nil
	}
	from, to, ok := code.WholeLine(tf, src, last)
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
