package condwait

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/golint-conc/golint-conc/internal/code"
)

// checkLoop reports w when no loop of its function runs it again and an
// if or switch on shared state decides whether it runs: the condition is
// checked once, before the wait, and trusted after it.
//
// A Wait no condition guards (a helper that only waits, a test that waits
// for one Signal) is left alone: there is no condition to re-check, and a
// caller may loop around the helper. So is a Wait whose function checks
// the same state again after it returns, and the barrier shape where the
// function wakes the waiters itself on a path that skips the Wait.
func (c *checker) checkLoop(w *wait) {
	if reaches(w.block, w.block) {
		return // in a loop: for, range or goto
	}
	guard, keys := c.guards(w)
	if guard == nil || c.recheckedAfter(w, keys) || c.wakesApart(w) || c.returnsToRetry(w, keys) {
		return
	}
	kind, how := "if", "use for instead of if"
	if _, ok := guard.(*ast.CaseClause); ok {
		kind, how = "a switch case", "wait in a for loop that re-checks it"
	}
	c.pass.Report(analysis.Diagnostic{
		Pos:            w.call.Pos(),
		End:            w.call.End(),
		Message:        fmt.Sprintf("%s.Wait is guarded by %s, not a loop: when Wait returns, another goroutine may have made the condition false again; %s", w.text, kind, how),
		SuggestedFixes: ifToFor(w, guard),
	})
}

// guards returns the innermost if or case clause around w whose
// condition reads shared state, and the state all such conditions read.
func (c *checker) guards(w *wait) (ast.Node, map[types.Object]bool) {
	var guard ast.Node
	keys := make(map[types.Object]bool)
	for i, n := range w.stack {
		var conds []ast.Node
		switch n := n.(type) {
		case *ast.IfStmt:
			if i+1 < len(w.stack) && (w.stack[i+1] == n.Body || w.stack[i+1] == n.Else) {
				conds = []ast.Node{n.Init, n.Cond}
			}
		case *ast.CaseClause:
			conds = exprs(n.List)
			if i > 1 { // the switch, its body, the clause
				if sw, ok := w.stack[i-2].(*ast.SwitchStmt); ok {
					conds = append(conds, sw.Init, sw.Tag)
				}
			}
		}
		k := c.stateKeys(w, conds...)
		if len(k) > 0 {
			guard = n
			for o := range k {
				keys[o] = true
			}
		}
	}
	return guard, keys
}

// stateKeys returns what nodes read that other goroutines may change:
// fields, variables declared outside w's function, and the functions
// and function values called. Other locals and parameters, and the Cond
// and locks themselves, are not state: "if wait {" or "if q.cond != nil {"
// guard nothing.
func (c *checker) stateKeys(w *wait, nodes ...ast.Node) map[types.Object]bool {
	info := c.pass.TypesInfo
	keys := make(map[types.Object]bool)
	for _, e := range nodes {
		if e == nil {
			continue // a missing Init, Cond or Tag
		}
		inspectNode(e, func(n ast.Node) {
			switch n := n.(type) {
			case *ast.Ident:
				v, ok := info.Uses[n].(*types.Var)
				if !ok || isSyncType(v.Type()) {
					return
				}
				if v.IsField() || v.Pos() < w.fn.Pos() || v.Pos() >= w.fn.End() || c.shared(w)[v] {
					keys[v.Origin()] = true
				}
			case *ast.CallExpr:
				switch fn := typeutil.Callee(info, n).(type) {
				case *types.Func:
					if fn.Pkg() != nil && fn.Pkg().Path() != "sync" {
						keys[fn.Origin()] = true
					}
				case *types.Var:
					keys[fn] = true // a condition passed in: ready()
				}
			}
		})
	}
	return keys
}

func exprs(list []ast.Expr) []ast.Node {
	nodes := make([]ast.Node, len(list))
	for i, e := range list {
		nodes[i] = e
	}
	return nodes
}

// shared returns the locals of w's function that function literals in
// it capture: goroutines it starts may change them.
func (c *checker) shared(w *wait) map[*types.Var]bool {
	if w.captured != nil {
		return w.captured
	}
	w.captured = make(map[*types.Var]bool)
	ast.Inspect(w.body, func(n ast.Node) bool {
		lit, ok := n.(*ast.FuncLit)
		if !ok {
			return true
		}
		ast.Inspect(lit.Body, func(m ast.Node) bool {
			if id, ok := m.(*ast.Ident); ok {
				if v, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok && !v.IsField() && v.Pos() < lit.Pos() {
					w.captured[v] = true
				}
			}
			return true
		})
		return false
	})
	return w.captured
}

// isSyncType reports whether t is, or points to, a type of package sync.
func isSyncType(t types.Type) bool {
	named, ok := types.Unalias(deref(t)).(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "sync"
}

// recheckedAfter reports whether a statement after w, in its function,
// tests some of keys again, or calls the function itself again: the
// function then copes with a wakeup that finds the condition false
// ("if len(q.items) == 0 { return nil, false }").
func (c *checker) recheckedAfter(w *wait, keys map[types.Object]bool) bool {
	var self types.Object
	if decl, ok := w.fn.(*ast.FuncDecl); ok {
		self = c.pass.TypesInfo.Defs[decl.Name]
	}
	found := false
	child := ast.Node(w.call)
	for i := len(w.stack) - 1; i >= 0 && !found; i-- {
		for _, s := range stmtsAfter(w.stack[i], child) {
			inspectNode(s, func(n ast.Node) {
				var conds []ast.Node
				switch n := n.(type) {
				case *ast.IfStmt:
					conds = []ast.Node{n.Init, n.Cond}
				case *ast.ForStmt:
					conds = []ast.Node{n.Cond}
				case *ast.SwitchStmt:
					conds = []ast.Node{n.Init, n.Tag}
				case *ast.CaseClause:
					conds = exprs(n.List)
				case *ast.CallExpr:
					fn := code.Callee(c.pass.TypesInfo, n)
					found = found || self != nil && fn != nil && fn.Origin() == self
				}
				for o := range c.stateKeys(w, conds...) {
					found = found || keys[o]
				}
			})
		}
		child = w.stack[i]
	}
	return found
}

// stmtsAfter returns the statements that follow child in the statement
// list of parent.
func stmtsAfter(parent, child ast.Node) []ast.Stmt {
	list := code.StmtList(parent)
	for i, s := range list {
		if s == child {
			return list[i+1:]
		}
	}
	return nil
}

// wakesApart reports whether w's function also signals or broadcasts on
// the Cond, on a path that excludes the Wait: the last goroutine to reach
// a barrier wakes the others, which wait only for that. Go's Cond has no
// spurious wakeups, so each waiter is woken by the event it waits for.
func (c *checker) wakesApart(w *wait) bool {
	if !w.cond.valid() {
		return false
	}
	for _, b := range w.g.Blocks {
		for _, n := range b.Nodes {
			apart := false
			inspectNode(n, func(m ast.Node) {
				call, ok := m.(*ast.CallExpr)
				if !ok {
					return
				}
				fn := code.Callee(c.pass.TypesInfo, call)
				if !code.IsMethod(fn, "sync", "Cond", "Signal") && !code.IsMethod(fn, "sync", "Cond", "Broadcast") {
					return
				}
				p := recvPath(c.pass.TypesInfo, call)
				apart = apart || p.root == w.cond.root && p.fields == w.cond.fields &&
					b != w.block && !reaches(b, w.block) && !reaches(w.block, b)
			})
			if apart {
				return true
			}
		}
	}
	return false
}

// ifToFor turns "if COND { c.Wait() }" into "for COND { c.Wait() }". It
// is offered only when the if holds nothing else, so the loop does
// exactly what the if did plus the re-check: no else, no init statement
// (a for would run it once, not before each check) and not an else-if.
func ifToFor(w *wait, guard ast.Node) []analysis.SuggestedFix {
	ifs, ok := guard.(*ast.IfStmt)
	if !ok || ifs.Init != nil || ifs.Else != nil || len(ifs.Body.List) != 1 {
		return nil
	}
	if es, ok := ifs.Body.List[0].(*ast.ExprStmt); !ok || es.X != w.call {
		return nil
	}
	for i, n := range w.stack {
		if n == ifs && i > 0 {
			if parent, ok := w.stack[i-1].(*ast.IfStmt); ok && parent.Else == ifs {
				return nil
			}
		}
	}
	return []analysis.SuggestedFix{{
		Message: "Re-check the condition in a for loop",
		TextEdits: []analysis.TextEdit{{
			Pos:     ifs.If,
			End:     ifs.If + 2,
			NewText: []byte("for"),
		}},
	}}
}
