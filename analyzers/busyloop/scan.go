package busyloop

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/golint-conc/golint-conc/internal/code"
)

// A scan walks the code that one round of a loop runs and records whether
// it may block or take time (work), whether it can leave the loop (exit),
// and which variables it writes. Function literals are not walked: their
// bodies run only when called, and a call of a function value is work.
type scan struct {
	l      *loop
	work   ast.Node // the first node found that may block or take time
	exit   ast.Node // the first node found that can leave the loop
	writes map[types.Object]bool
}

func newScan(l *loop) *scan {
	return &scan{l: l, writes: make(map[types.Object]bool)}
}

// stops reports whether the round may block, take time or leave the loop.
func (s *scan) stops() bool { return s.work != nil || s.exit != nil }

func (s *scan) setWork(n ast.Node) {
	if s.work == nil {
		s.work = n
	}
}

func (s *scan) setExit(n ast.Node) {
	if s.exit == nil {
		s.exit = n
	}
}

func (s *scan) block(list []ast.Stmt, breaks int) {
	for _, st := range list {
		s.node(st, breaks)
	}
}

// node walks n. breaks counts the statements between n and the loop that
// an unlabelled break inside n would leave instead of the loop: a break in
// a select's default clause leaves the select, not the loop around it.
func (s *scan) node(n ast.Node, breaks int) {
	if n == nil {
		return
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			s.call(n)
		case *ast.SendStmt, *ast.GoStmt, *ast.DeferStmt:
			s.setWork(n)
			return false
		case *ast.UnaryExpr:
			switch n.Op {
			case token.ARROW:
				s.setWork(n)
				return false
			case token.AND:
				s.write(n.X)
			}
		case *ast.ReturnStmt:
			s.setExit(n)
		case *ast.BranchStmt:
			s.branch(n, breaks)
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				s.write(lhs)
			}
		case *ast.IncDecStmt:
			s.write(n.X)
		case *ast.SelectStmt:
			if defaultClause(n) == nil {
				s.setWork(n) // blocks until a case is ready
				return false
			}
			s.commOperands(n)
			for _, c := range n.Body.List {
				s.block(c.(*ast.CommClause).Body, breaks+1)
			}
			return false
		case *ast.RangeStmt:
			switch types.Unalias(typeOf(s.l.info, n.X)).Underlying().(type) {
			case *types.Chan, *types.Signature:
				s.setWork(n) // receives, or calls an iterator
				return false
			}
			s.write(n.Key)
			s.write(n.Value)
			s.node(n.X, breaks)
			s.node(n.Body, breaks+1)
			return false
		case *ast.ForStmt:
			s.node(n.Init, breaks)
			s.node(n.Cond, breaks)
			s.node(n.Post, breaks)
			s.node(n.Body, breaks+1)
			return false
		case *ast.SwitchStmt:
			s.node(n.Init, breaks)
			s.node(n.Tag, breaks)
			s.node(n.Body, breaks+1)
			return false
		case *ast.TypeSwitchStmt:
			s.node(n.Init, breaks)
			s.node(n.Assign, breaks)
			s.node(n.Body, breaks+1)
			return false
		}
		return true
	})
}

// commOperands walks the expressions a select evaluates on entry: the
// channel operands and the values to send. The receives and sends
// themselves do not block when the select has a default.
func (s *scan) commOperands(sel *ast.SelectStmt) {
	for _, c := range sel.Body.List {
		switch comm := c.(*ast.CommClause).Comm.(type) {
		case *ast.SendStmt:
			s.node(comm.Chan, 0)
			s.node(comm.Value, 0)
		case *ast.ExprStmt:
			s.recvOperand(comm.X)
		case *ast.AssignStmt:
			if len(comm.Rhs) == 1 {
				s.recvOperand(comm.Rhs[0])
			}
		}
	}
}

func (s *scan) recvOperand(x ast.Expr) {
	if u, ok := ast.Unparen(x).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		s.node(u.X, 0)
	}
}

// branch records a break, continue or goto that leaves the loop.
func (s *scan) branch(b *ast.BranchStmt, breaks int) {
	if b.Label == nil {
		if b.Tok == token.BREAK && breaks == 0 {
			s.setExit(b)
		}
		return // continue: the next round of this loop or of an inner one
	}
	lb, _ := s.l.info.Uses[b.Label].(*types.Label)
	switch {
	case b.Tok == token.GOTO:
		s.setExit(b) // rare; assume it leaves
	case lb != nil && lb == s.l.label:
		if b.Tok == token.BREAK {
			s.setExit(b)
		}
	case lb != nil && s.l.inner[lb]:
	default:
		s.setExit(b) // a label around the loop
	}
}

// write records the variables named in the assigned expression x: for
// s.closed both s and the field closed.
func (s *scan) write(x ast.Expr) {
	if x == nil {
		return
	}
	ast.Inspect(x, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if obj := s.l.info.ObjectOf(id); obj != nil {
				s.writes[obj] = true
			}
		}
		return true
	})
}

// writesAny reports whether the round writes a variable that x reads.
func (s *scan) writesAny(x ast.Expr) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && s.writes[s.l.info.ObjectOf(id)] {
			found = true
		}
		return !found
	})
	return found
}

// call classifies a call: a call that cannot block and takes next to no
// time is cheap and its operands are walked; panic leaves the loop; any
// other call is work, since it may block, sleep or do I/O.
func (s *scan) call(call *ast.CallExpr) {
	info := s.l.info
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		return // a conversion
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok {
			switch b.Name() {
			case "panic":
				s.setExit(call)
			case "print", "println":
				s.setWork(call)
			}
			return
		}
	}
	fn := code.Callee(info, call)
	if !cheap(fn) {
		s.setWork(call)
		return
	}
	if fn.Pkg().Path() == "sync/atomic" {
		// A Store, Add or Swap writes what its operands point to.
		for _, arg := range call.Args {
			s.write(arg)
		}
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			s.write(sel.X)
		}
	}
}

// cheap reports whether fn neither blocks nor takes noticeable time:
// atomic operations, a context's accessors and reading the clock.
// runtime.Gosched is not cheap on purpose: it does not pace a loop (with
// no other goroutine runnable it returns at once), but a loop that calls
// it is a deliberate spin-wait, which the analyzer leaves alone.
func cheap(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	recv := fn.Signature().Recv()
	switch fn.Pkg().Path() {
	case "sync/atomic":
		return true
	case "context":
		switch fn.Name() {
		case "Done", "Err", "Value", "Deadline":
			return recv != nil
		}
	case "time":
		if recv != nil {
			return code.IsNamed(recv.Type(), "time", "Time") || code.IsNamed(recv.Type(), "time", "Duration")
		}
		switch fn.Name() {
		case "Now", "Since", "Until":
			return true
		}
	}
	return false
}

func typeOf(info *types.Info, x ast.Expr) types.Type {
	if t := info.TypeOf(x); t != nil {
		return t
	}
	return types.Typ[types.Invalid]
}
