package ctxdone

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/golint-conc/golint-conc/internal/code"
)

// testHook reports whether send is on an optional test hook: a channel
// held in an unexported field or package variable that nothing but the
// package's tests ever sets, sent on only under a check that it is not
// nil. In production the hook is nil and the send never runs.
func (c *checker) testHook(send *ast.SendStmt, stack []ast.Node) bool {
	v := c.hookVar(send.Chan)
	if v == nil || v.Exported() || !c.guardedByNonNil(send, stack) {
		return false
	}
	set, ok := c.hooks[v]
	if !ok {
		set = c.setOutsideTests(v)
		c.hooks[v] = set
	}
	return !set
}

// hookVar returns the field or package variable ch names, or nil.
func (c *checker) hookVar(ch ast.Expr) *types.Var {
	switch e := ast.Unparen(ch).(type) {
	case *ast.SelectorExpr:
		if sel, ok := c.pass.TypesInfo.Selections[e]; ok && sel.Kind() == types.FieldVal {
			v, _ := sel.Obj().(*types.Var)
			return v
		}
		v, _ := c.pass.TypesInfo.Uses[e.Sel].(*types.Var)
		if v != nil && code.IsGlobal(v) {
			return v
		}
	case *ast.Ident:
		v, _ := c.pass.TypesInfo.Uses[e].(*types.Var)
		if v != nil && code.IsGlobal(v) {
			return v
		}
	}
	return nil
}

// guardedByNonNil reports whether send sits in the body of an if whose
// condition requires its channel to be non-nil: if f.hook != nil { ... }
// or if f.hook != nil && verbose { ... }.
func (c *checker) guardedByNonNil(send *ast.SendStmt, stack []ast.Node) bool {
	for i := len(stack) - 2; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		case *ast.IfStmt:
			if stack[i+1] == n.Body && c.requiresNonNil(n.Cond, send.Chan) {
				return true
			}
		}
	}
	return false
}

func (c *checker) requiresNonNil(cond, ch ast.Expr) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	switch b.Op {
	case token.LAND:
		return c.requiresNonNil(b.X, ch) || c.requiresNonNil(b.Y, ch)
	case token.NEQ:
		for _, pair := range [][2]ast.Expr{{b.X, b.Y}, {b.Y, b.X}} {
			if tv, ok := c.pass.TypesInfo.Types[pair[1]]; ok && tv.IsNil() && code.SamePath(c.pass.TypesInfo, pair[0], ch) {
				return true
			}
		}
	}
	return false
}

// setOutsideTests reports whether a file of the package that is not a
// _test.go file may give v a value: assigns it, takes its address, names
// it in a composite literal or a var declaration with a value, or builds
// its struct with an unkeyed literal.
func (c *checker) setOutsideTests(v *types.Var) bool {
	info := c.pass.TypesInfo
	is := func(e ast.Expr) bool {
		switch e := ast.Unparen(e).(type) {
		case *ast.Ident:
			return info.ObjectOf(e) == v
		case *ast.SelectorExpr:
			return info.Uses[e.Sel] == v
		}
		return false
	}
	set := false
	for _, f := range c.pass.Files {
		if strings.HasSuffix(c.pass.Fset.File(f.Pos()).Name(), "_test.go") {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, lhs := range n.Lhs {
					set = set || is(lhs)
				}
			case *ast.UnaryExpr:
				set = set || n.Op == token.AND && is(n.X)
			case *ast.KeyValueExpr:
				set = set || is(n.Key)
			case *ast.ValueSpec:
				for _, id := range n.Names {
					set = set || len(n.Values) > 0 && is(id)
				}
			case *ast.CompositeLit:
				set = set || len(n.Elts) > 0 && !keyed(n) && hasField(info.TypeOf(n), v)
			}
			return !set
		})
	}
	return set
}

func keyed(lit *ast.CompositeLit) bool {
	_, ok := lit.Elts[0].(*ast.KeyValueExpr)
	return ok
}

func hasField(t types.Type, v *types.Var) bool {
	if t == nil {
		return false
	}
	s, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range s.NumFields() {
		if s.Field(i) == v {
			return true
		}
	}
	return false
}
