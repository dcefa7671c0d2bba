package wgdone

import (
	"fmt"
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"

	"github.com/golint-conc/golint-conc/internal/code"
)

// deferDone suggests replacing the single Done at the end of lit's body
// with a defer at its top. That keeps every path that already called Done
// the same, except that Done now also runs on the early returns and on
// panics; it is offered only when the Done is the body's last statement
// and nothing but a return follows it on any path, nothing else in the
// body touches the WaitGroup, and the body defers nothing else, whose
// order against Done could matter.
func (c *checker) deferDone(lit *ast.FuncLit, out *outcome, w code.Path) []analysis.SuggestedFix {
	list := lit.Body.List
	if c.pass.ReadFile == nil || len(out.dones) != 1 || !out.doneLast || out.defers || len(list) < 2 || declaredIn(w.Root, lit.Body) {
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
	tf, src, ok := c.source(lit)
	if !ok {
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

// doneBeforeReturn suggests calling Done just before ret, a return that
// no path reaches after a Done, when Done marks the end of a stage the
// goroutine works past: the paths that call Done stay as they are, and
// ret now counts down too.
func (c *checker) doneBeforeReturn(lit *ast.FuncLit, out *outcome, ret *ast.ReturnStmt) []analysis.SuggestedFix {
	if c.pass.ReadFile == nil || len(out.dones) == 0 || !out.bare[ret] || len(ret.Results) > 0 {
		return nil
	}
	tf, src, ok := c.source(lit)
	if !ok {
		return nil
	}
	indent, ok := code.LineIndent(tf, src, ret.Pos())
	if !ok {
		return nil
	}
	recv := out.dones[0].Fun.(*ast.SelectorExpr).X
	wg := src[tf.Offset(recv.Pos()):tf.Offset(recv.End())]
	return []analysis.SuggestedFix{{
		Message:   fmt.Sprintf("Call %s.Done before the return", wg),
		TextEdits: []analysis.TextEdit{{Pos: ret.Pos(), End: ret.Pos(), NewText: fmt.Appendf(nil, "%s.Done()\n%s", wg, indent)}},
	}}
}

// source returns the file holding n and its contents, as long as they
// match what was parsed.
func (c *checker) source(n ast.Node) (*token.File, []byte, bool) {
	tf := c.pass.Fset.File(n.Pos())
	if tf == nil {
		return nil, nil, false
	}
	src, err := c.pass.ReadFile(tf.Name())
	if err != nil || len(src) != tf.Size() {
		return nil, nil, false
	}
	return tf, src, true
}
