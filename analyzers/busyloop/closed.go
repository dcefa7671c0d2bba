package busyloop

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/golint-conc/golint-conc/passes/chanops"
)

// checkClosedRecv reports a receive in an endless loop that ignores
// whether its channel is closed, when the channel is a local one that
// another function closes: once it is closed the receive succeeds at once
// on every round, with the zero value. It stays silent when the round can
// leave the loop after the receive, or the loop assigns the channel
// variable (the ch = nil idiom that disables a select case).
func checkClosedRecv(pass *analysis.Pass, chans *chanops.Result, l *loop) {
	if l.stmt.Cond != nil {
		return
	}
	for _, st := range l.stmt.Body.List {
		switch st := unlabel(st).(type) {
		case *ast.SelectStmt:
			for _, c := range st.Body.List {
				cc := c.(*ast.CommClause)
				if recv := unchecked(cc.Comm); recv != nil {
					checkRecv(pass, chans, l, recv, st, cc.Body)
				}
			}
		case *ast.ExprStmt, *ast.AssignStmt:
			if recv := unchecked(st); recv != nil {
				checkRecv(pass, chans, l, recv, st, nil)
			}
		}
	}
}

// unchecked returns the receive of st, a statement or select case, if st
// discards whether the channel is closed: <-ch, v := <-ch, v = <-ch or
// v, _ := <-ch.
func unchecked(st ast.Stmt) *ast.UnaryExpr {
	var x ast.Expr
	switch st := st.(type) {
	case *ast.ExprStmt:
		x = st.X
	case *ast.AssignStmt:
		if len(st.Rhs) != 1 || len(st.Lhs) == 2 && !isBlank(st.Lhs[1]) || len(st.Lhs) > 2 {
			return nil
		}
		x = st.Rhs[0]
	default:
		return nil
	}
	if u, ok := ast.Unparen(x).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		return u
	}
	return nil
}

func isBlank(x ast.Expr) bool {
	id, ok := x.(*ast.Ident)
	return ok && id.Name == "_"
}

// checkRecv checks one unchecked receive of a loop. stmt is the select or
// statement holding it and body the case body, if any: the round after
// the receive runs body and the loop's other statements.
func checkRecv(pass *analysis.Pass, chans *chanops.Result, l *loop, recv *ast.UnaryExpr, stmt ast.Stmt, body []ast.Stmt) {
	id, ok := ast.Unparen(recv.X).(*ast.Ident)
	if !ok {
		return
	}
	v, _ := l.info.Uses[id].(*types.Var)
	ch := chans.ChanOf(v)
	if v == nil || ch == nil {
		return
	}
	closer := closedElsewhere(ch, l)
	if closer == nil {
		return
	}
	s := newScan(l)
	s.block(body, 1)
	for _, st := range l.stmt.Body.List {
		if unlabel(st) != stmt {
			s.node(st, 0)
		}
	}
	if s.exit != nil || assigns(l, v) {
		return
	}
	line := pass.Fset.Position(closer.Pos()).Line
	pass.ReportRangef(recv, "receive from %s ignores whether it is closed, and %s is closed at line %d: from then on it is ready on every round and the loop spins on zero values; receive with v, ok := <-%s and return (or set %s to nil) when !ok",
		id.Name, id.Name, line, id.Name, id.Name)
}

// closedElsewhere returns a close of ch seen directly in a function other
// than the loop's: a close in the loop's own function runs before the loop
// or after it has ended, and a close inferred from a callee's summary may
// not happen.
func closedElsewhere(ch *chanops.Chan, l *loop) ast.Node {
	for _, op := range ch.OpsOf(chanops.Close) {
		if op.ViaCall == nil && op.Func != l.fn {
			return op.Node
		}
	}
	return nil
}

// assigns reports whether the loop assigns v anywhere.
func assigns(l *loop, v *types.Var) bool {
	found := false
	ast.Inspect(l.stmt, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			for _, lhs := range as.Lhs {
				if id, ok := ast.Unparen(lhs).(*ast.Ident); ok && l.info.ObjectOf(id) == v {
					found = true
				}
			}
		}
		return !found
	})
	return found
}
