package loopcapture

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/golint-conc/golint-conc/internal/code"
)

// copyFix returns a fix inserting "v := v" for each of vars on the line
// before the statement that creates the closure (the go or defer
// statement itself, or the assignment of a stored closure), or nil when
// that is not certain to keep the program's meaning: the variable is
// written or has its address taken in the loop, the name is declared
// again later in the same block, or a label follows there that a goto
// could jump to across the new declaration, or the closure is inside a
// function literal that may run after the iteration (a parallel
// subtest), where a copy would be made too late.
func (c *checker) copyFix(esc *escape, vars []*types.Var, loops []*loop) *analysis.SuggestedFix {
	if c.fixed[esc.lit] {
		return nil // the closure is started more than once; one fix copies for all
	}
	for i, v := range vars {
		if c.loopVars(loops[i]).touched[v] || c.runsLater(chainTo(esc, loops[i])) {
			return nil
		}
	}
	stmt, ok := c.creatingStmt(esc)
	if !ok {
		return nil
	}
	scope := c.blockScope(stmt.Parent())
	if scope == nil {
		return nil
	}
	for _, v := range vars {
		if scope.Lookup(v.Name()) != nil {
			return nil
		}
	}
	for sib, ok := stmt.NextSibling(); ok; sib, ok = sib.NextSibling() {
		if _, ok := sib.Node().(*ast.LabeledStmt); ok {
			return nil
		}
	}
	pos := stmt.Node().Pos()
	indent, ok := code.Indentation(c.pass, stmt.Node())
	if !ok {
		return nil
	}
	var text strings.Builder
	names := make([]string, len(vars))
	for i, v := range vars {
		names[i] = v.Name()
		text.WriteString(v.Name() + " := " + v.Name() + "\n" + indent)
	}
	c.fixed[esc.lit] = true
	return &analysis.SuggestedFix{
		Message:   "Copy " + list(names) + " into a per-iteration variable",
		TextEdits: []analysis.TextEdit{{Pos: pos, End: pos, NewText: []byte(text.String())}},
	}
}

// creatingStmt returns the statement, directly in a block or case body,
// that contains the escape's function literal.
func (c *checker) creatingStmt(esc *escape) (inspector.Cursor, bool) {
	cur, ok := esc.cur.FindNode(esc.lit)
	if !ok {
		cur, ok = c.inspect.Root().FindNode(esc.lit) // a stored closure
		if !ok {
			return inspector.Cursor{}, false
		}
	}
	for ; cur.Node() != nil; cur = cur.Parent() {
		if inList(cur) {
			return cur, true
		}
		if _, ok := cur.Node().(*ast.FuncDecl); ok {
			break
		}
	}
	return inspector.Cursor{}, false
}

// blockScope returns the scope of a block or case body. A function's
// body shares the function's scope, which go/types records on its type.
func (c *checker) blockScope(block inspector.Cursor) *types.Scope {
	n := block.Node()
	switch fn := block.Parent().Node().(type) {
	case *ast.FuncLit:
		if fn.Body == n {
			n = fn.Type
		}
	case *ast.FuncDecl:
		if fn.Body == n {
			n = fn.Type
		}
	}
	return c.pass.TypesInfo.Scopes[n]
}
