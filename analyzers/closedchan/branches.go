package closedchan

import (
	"go/ast"
	"go/token"

	"github.com/golint-conc/golint-conc/internal/code"
)

// ancestors returns the nodes from body down to n, both included, without
// entering function literals.
func ancestors(body *ast.BlockStmt, n ast.Node) []ast.Node {
	var stack, found []ast.Node
	ast.Inspect(body, func(x ast.Node) bool {
		if found != nil {
			return false
		}
		if x == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if _, ok := x.(*ast.FuncLit); ok || x.Pos() > n.Pos() || x.End() < n.End() {
			return false
		}
		stack = append(stack, x)
		if x == n {
			found = append([]ast.Node(nil), stack...)
			return false
		}
		return true
	})
	return found
}

// variantGuard reports whether n, inside a loop, runs only under a branch
// whose outcome can change from one iteration to the next: an if or a
// switch case whose condition calls a function, receives, or reads a
// variable the loop assigns. A close there usually fires on one event,
// such as a counter reaching a value or the first reply arriving, and
// whether the event can recur is beyond this analysis.
func (f *flow) variantGuard(n ast.Node) bool {
	anc := ancestors(f.body, n)
	loop := -1
	for i, a := range anc {
		switch a.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			loop = i
		}
	}
	if loop < 0 {
		return false
	}
	variant := func(e ast.Node) bool {
		return e != nil && f.variant(anc[loop], e)
	}
	for i := loop + 1; i+1 < len(anc); i++ {
		switch p := anc[i].(type) {
		case *ast.IfStmt:
			if anc[i+1] != p.Init && anc[i+1] != p.Cond && (variant(p.Init) || variant(p.Cond)) {
				return true
			}
		case *ast.SwitchStmt:
			if variant(p.Init) || variant(p.Tag) {
				return true
			}
		case *ast.CaseClause:
			for _, e := range p.List {
				if variant(e) {
					return true
				}
			}
		}
	}
	return false
}

// variant reports whether e calls, receives, or reads a variable or field
// assigned in loop.
func (f *flow) variant(loop, e ast.Node) bool {
	info := f.c.pass.TypesInfo
	found := false
	var read []code.Path
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if tv, ok := info.Types[n.Fun]; !ok || !tv.IsType() {
				found = true
			}
		case *ast.UnaryExpr:
			found = found || n.Op == token.ARROW
		case *ast.AssignStmt:
			found = true // an if's init statement: err := try()
		case *ast.Ident, *ast.SelectorExpr:
			if p, ok := code.AccessPath(info, n.(ast.Expr)); ok {
				read = append(read, p)
				return false
			}
		}
		return !found
	})
	if found {
		return true
	}
	if len(read) == 0 {
		return false
	}
	assigned := func(x ast.Expr) bool {
		p, ok := code.AccessPath(info, x)
		if !ok {
			return false
		}
		for _, r := range read {
			if p.Leads(r) || r.Leads(p) {
				return true
			}
		}
		return false
	}
	ast.Inspect(loop, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				found = found || assigned(lhs)
			}
		case *ast.IncDecStmt:
			found = found || assigned(n.X)
		case *ast.RangeStmt:
			found = found || n.Key != nil && assigned(n.Key) || n.Value != nil && assigned(n.Value)
		}
		return !found
	})
	return found
}
