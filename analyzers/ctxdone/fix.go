package ctxdone

import (
	"fmt"
	"go/ast"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/golint-conc/golint-conc/internal/code"
)

// selectFix inserts case <-ctx.Done(): return ... as the select's first
// case. It is offered only when returning there is safe: nothing follows
// the loop in the function (it would be skipped), ctx names the context
// at the select, and every result has a zero value this file can spell.
func (c *checker) selectFix(sel *ast.SelectStmt, f *frame, l loop, ctx *types.Var, stack []ast.Node) (analysis.SuggestedFix, bool) {
	file, ok := stack[0].(*ast.File)
	if !ok || !lastOnPath(stack, f.fn, l.stmt) || !c.resolves(ctx.Name(), ctx, sel) {
		return analysis.SuggestedFix{}, false
	}
	ret, ok := c.returnStmt(f.fn, ctx, file, sel)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	first := sel.Body.List[0]
	indent, ok := code.Indentation(c.pass, first)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	text := "case <-" + ctx.Name() + ".Done():\n" + indent + "\t" + ret + "\n" + indent
	return analysis.SuggestedFix{
		Message:   "add case <-" + ctx.Name() + ".Done() that returns",
		TextEdits: []analysis.TextEdit{{Pos: first.Pos(), End: first.Pos(), NewText: []byte(text)}},
	}, true
}

// lastOnPath reports whether, on the syntax path from fn down to the loop,
// every statement is the last of its list: then a return inside the loop
// skips nothing but the loop itself (deferred calls still run).
func lastOnPath(stack []ast.Node, fn ast.Node, loop ast.Stmt) bool {
	start, end := -1, -1
	for i, n := range stack {
		if n == fn {
			start = i
		}
		if n == loop {
			end = i
		}
	}
	if start < 0 || end < start {
		return false
	}
	for i := start + 1; i <= end; i++ {
		var list []ast.Stmt
		switch p := stack[i-1].(type) {
		case *ast.BlockStmt:
			list = p.List
		case *ast.CaseClause:
			list = p.Body
		case *ast.CommClause:
			list = p.Body
		default:
			continue
		}
		if len(list) == 0 || list[len(list)-1] != stack[i] {
			return false
		}
	}
	return true
}

// resolves reports whether name refers to obj at the select.
func (c *checker) resolves(name string, obj types.Object, at ast.Node) bool {
	s := c.pass.Pkg.Scope().Innermost(at.Pos())
	if s == nil {
		return false
	}
	_, found := s.LookupParent(name, at.Pos())
	return found == obj
}

// returnStmt spells the return statement for fn's results: ctx.Err() for
// a final error, the zero value for everything else.
func (c *checker) returnStmt(fn ast.Node, ctx *types.Var, file *ast.File, at ast.Node) (string, bool) {
	var sig *types.Signature
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		if obj, ok := c.pass.TypesInfo.Defs[fn.Name].(*types.Func); ok {
			sig = obj.Signature()
		}
	case *ast.FuncLit:
		sig, _ = c.pass.TypesInfo.TypeOf(fn).(*types.Signature)
	}
	if sig == nil {
		return "", false
	}
	res := sig.Results()
	if res.Len() == 0 {
		return "return", true
	}
	qual, ok := c.qualifier(file)
	var vals []string
	for i := range res.Len() {
		t := res.At(i).Type()
		if i == res.Len()-1 && types.Identical(t, types.Universe.Lookup("error").Type()) && c.resolves("error", types.Universe.Lookup("error"), at) {
			vals = append(vals, ctx.Name()+".Err()")
			continue
		}
		v, zok := zero(t, qual)
		if !zok {
			return "", false
		}
		vals = append(vals, v)
	}
	if !*ok {
		return "", false // a type needs a package this file does not import
	}
	return "return " + strings.Join(vals, ", "), true
}

// qualifier names other packages as this file imports them; it sets the
// returned flag to false when a package is not imported by name.
func (c *checker) qualifier(file *ast.File) (types.Qualifier, *bool) {
	ok := true
	return func(p *types.Package) string {
		if p == c.pass.Pkg {
			return ""
		}
		for _, imp := range file.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil || path != p.Path() {
				continue
			}
			if imp.Name == nil {
				return p.Name()
			}
			if imp.Name.Name != "_" && imp.Name.Name != "." {
				return imp.Name.Name
			}
		}
		ok = false
		return p.Name()
	}, &ok
}

// zero spells the zero value of t.
func zero(t types.Type, qual types.Qualifier) (string, bool) {
	if tp, ok := types.Unalias(t).(*types.TypeParam); ok {
		return fmt.Sprintf("*new(%s)", tp.Obj().Name()), true
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return "false", true
		case u.Info()&types.IsString != 0:
			return `""`, true
		case u.Info()&types.IsNumeric != 0:
			return "0", true
		case u.Kind() == types.UnsafePointer:
			return "nil", true
		}
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return "nil", true
	case *types.Struct, *types.Array:
		return types.TypeString(t, qual) + "{}", true
	}
	return "", false
}
