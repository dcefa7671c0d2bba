package ctxdone

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/golint-conc/golint-conc/internal/code"
)

// exitFinder looks for the ways control can leave one loop.
type exitFinder struct {
	info *types.Info
	loop loop
}

// leaves reports whether running root can transfer control out of the
// loop; see code.LeavesLoop.
func (x exitFinder) leaves(root ast.Node, inner int) bool {
	return code.LeavesLoop(x.info, x.loop.stmt, x.loop.label, root, inner)
}

// assignsCondVar reports whether body assigns to a variable that the
// condition of a for loop reads: for !stopped { ... stopped = true }.
func assignsCondVar(info *types.Info, l ast.Stmt, body []ast.Stmt) bool {
	fs, ok := l.(*ast.ForStmt)
	if !ok || fs.Cond == nil {
		return false
	}
	read := make(map[types.Object]bool)
	ast.Inspect(fs.Cond, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] != nil {
			read[info.Uses[id]] = true
		}
		return true
	})
	found := false
	for _, stmt := range body {
		ast.Inspect(stmt, func(n ast.Node) bool {
			var lhs []ast.Expr
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.AssignStmt:
				lhs = n.Lhs
			case *ast.IncDecStmt:
				lhs = []ast.Expr{n.X}
			}
			for _, e := range lhs {
				if v := code.RootVar(info, e); v != nil && read[v] {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

// endless reports whether l is a for statement without a condition.
func endless(l ast.Stmt) bool {
	fs, ok := l.(*ast.ForStmt)
	return ok && fs.Cond == nil
}

// cancelSignal reports whether receiving from ch waits for a stop signal:
// ctx.Done() or any chan struct{}. Such a case is a cancellation
// mechanism of its own. For channels of other types (chan bool, chan
// error) only the name can tell, so a name like done, quit, stop or
// closing is the fallback; fixture signals fails without it.
func cancelSignal(info *types.Info, ch ast.Expr) bool {
	if t := info.TypeOf(ch); t != nil {
		if c, ok := t.Underlying().(*types.Chan); ok {
			if s, ok := c.Elem().Underlying().(*types.Struct); ok && s.NumFields() == 0 {
				return true
			}
		}
	}
	return signalName(ch)
}

var signalWords = []string{"done", "quit", "stop", "clos", "shutdown", "cancel", "exit", "abort", "kill", "halt", "dying", "terminat", "finish"}

// signalName reports whether the name ch ends in says it signals the end
// of something: done, s.quit, stopc, w.closing, t.Dying().
func signalName(ch ast.Expr) bool {
	var name string
	switch e := ast.Unparen(ch).(type) {
	case *ast.Ident:
		name = e.Name
	case *ast.SelectorExpr:
		name = e.Sel.Name
	case *ast.CallExpr:
		switch f := ast.Unparen(e.Fun).(type) {
		case *ast.Ident:
			name = f.Name
		case *ast.SelectorExpr:
			name = f.Sel.Name
		}
	}
	name = strings.ToLower(name)
	for _, w := range signalWords {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// commaOK reports whether a select case is v, ok := <-ch: the code
// handles the channel's close, which is how pipelines stop.
func commaOK(comm ast.Stmt) bool {
	s, ok := comm.(*ast.AssignStmt)
	return ok && len(s.Lhs) == 2
}
