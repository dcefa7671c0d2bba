package closedchan

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/golint-conc/golint-conc/internal/code"
)

// The CFG dataflow merges paths, so it sees a close on a path that the
// code rules out by testing the same condition twice:
//
//	if graceful { close(s.done) } else { close(s.quit) }
//	if graceful { return }
//	close(s.done)
//
// Before reporting, excluded checks whether the branch conditions that
// lead to the first close contradict those that lead to the second, for
// conditions made of variables and fields that nothing assigns in between.

// A cond is a branch condition known to hold (or not) at a statement.
type cond struct {
	key   string // the condition's source text, with != folded into ==
	expr  ast.Expr
	holds bool
}

// excluded reports whether the two nodes of body cannot both run on one
// path because they sit under contradicting branch conditions.
func (f *flow) excluded(first, second ast.Node) bool {
	a := f.conds(first)
	if len(a) == 0 {
		return false
	}
	b := f.conds(second)
	lo, hi := first.Pos(), second.Pos()
	if hi <= lo { // the second is reached through a loop's back edge
		lo, hi = min(lo, hi), f.body.End()
	}
	for _, x := range a {
		for _, y := range b {
			if x.key == y.key && x.holds != y.holds && !f.assignedIn(x.expr, lo, hi) {
				return true
			}
		}
	}
	return false
}

// conds returns the branch conditions known at n: those of the if
// statements and tagless switch cases n is nested in, and the negation of
// the condition of each earlier if statement in an enclosing block whose
// body always leaves the block.
func (f *flow) conds(n ast.Node) []cond {
	anc := ancestors(f.body, n)
	var cs []cond
	for i := 0; i+1 < len(anc); i++ {
		parent, child := anc[i], anc[i+1]
		switch p := parent.(type) {
		case *ast.IfStmt:
			if child == p.Body {
				cs = f.condsOf(cs, p.Cond, true)
			} else if child == p.Else {
				cs = f.condsOf(cs, p.Cond, false)
			}
		case *ast.CaseClause:
			if i > 0 && len(p.List) == 1 && !isExpr(p.List, child) {
				if sw, ok := anc[i-1].(*ast.BlockStmt); ok && i > 1 {
					if s, ok := anc[i-2].(*ast.SwitchStmt); ok && s.Tag == nil && sw == s.Body {
						cs = f.condsOf(cs, p.List[0], true)
					}
				}
			}
			cs = f.earlierExits(cs, p.Body, child)
		case *ast.BlockStmt:
			cs = f.earlierExits(cs, p.List, child)
		case *ast.CommClause:
			cs = f.earlierExits(cs, p.Body, child)
		}
	}
	return cs
}

func isExpr(list []ast.Expr, n ast.Node) bool {
	for _, e := range list {
		if e == n {
			return true
		}
	}
	return false
}

// earlierExits adds the negated conditions of the if statements before
// child in list whose bodies leave the block.
func (f *flow) earlierExits(cs []cond, list []ast.Stmt, child ast.Node) []cond {
	for _, stmt := range list {
		if stmt == child {
			break
		}
		if is, ok := stmt.(*ast.IfStmt); ok && is.Else == nil && leaves(is.Body) {
			cs = f.condsOf(cs, is.Cond, false)
		}
	}
	return cs
}

// leaves reports whether block ends in a return, branch or panic.
func leaves(block *ast.BlockStmt) bool {
	if len(block.List) == 0 {
		return false
	}
	switch last := block.List[len(block.List)-1].(type) {
	case *ast.ReturnStmt, *ast.BranchStmt:
		return true
	case *ast.ExprStmt:
		if call, ok := last.X.(*ast.CallExpr); ok {
			if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "panic" {
				return true
			}
		}
	}
	return false
}

// condsOf adds what holds when e evaluates to holds.
func (f *flow) condsOf(cs []cond, e ast.Expr, holds bool) []cond {
	switch x := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		if x.Op == token.NOT {
			return f.condsOf(cs, x.X, !holds)
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case token.LAND:
			if holds {
				return f.condsOf(f.condsOf(cs, x.X, true), x.Y, true)
			}
			return cs
		case token.LOR:
			if !holds {
				return f.condsOf(f.condsOf(cs, x.X, false), x.Y, false)
			}
			return cs
		case token.NEQ:
			if stable(x) {
				return append(cs, cond{types.ExprString(x.X) + "==" + types.ExprString(x.Y), x, !holds})
			}
			return cs
		case token.EQL:
			if stable(x) {
				return append(cs, cond{types.ExprString(x.X) + "==" + types.ExprString(x.Y), x, holds})
			}
			return cs
		}
		return cs
	}
	if stable(e) {
		cs = append(cs, cond{types.ExprString(ast.Unparen(e)), e, holds})
	}
	return cs
}

// stable reports whether e is made of names, fields, literals and
// comparisons only: no calls, receives or indexing, whose value may
// change between two evaluations without an assignment.
func stable(e ast.Expr) bool {
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident, *ast.SelectorExpr, *ast.BasicLit, *ast.ParenExpr, *ast.StarExpr:
		case *ast.BinaryExpr:
		case *ast.UnaryExpr:
			ok = ok && n.Op == token.NOT
		case nil:
		default:
			ok = false
		}
		return ok
	})
	return ok
}

// assignedIn reports whether a variable or field that e reads is assigned,
// incremented or has its address taken in body between lo and hi.
func (f *flow) assignedIn(e ast.Expr, lo, hi token.Pos) bool {
	info := f.c.pass.TypesInfo
	read := readPaths(info, e)
	touches := func(x ast.Expr) bool {
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
	found := false
	ast.Inspect(f.body, func(n ast.Node) bool {
		if found || n == nil || n.End() < lo || n.Pos() > hi {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				found = found || touches(lhs)
			}
		case *ast.IncDecStmt:
			found = touches(n.X)
		case *ast.UnaryExpr:
			found = n.Op == token.AND && touches(n.X)
		case *ast.RangeStmt:
			found = n.Key != nil && touches(n.Key) || n.Value != nil && touches(n.Value)
		}
		return !found
	})
	return found
}

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
