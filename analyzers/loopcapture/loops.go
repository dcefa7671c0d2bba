package loopcapture

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/golint-conc/golint-conc/internal/code"
)

// loopVars records how one loop treats the variables it touches.
type loopVars struct {
	threeClause bool
	declared    map[*types.Var]bool // declared by the loop clause with :=
	clause      map[*types.Var]bool // assigned by the loop clause on every iteration
	assigned    map[*types.Var]bool // assigned in the body, outside function literals
	touched     map[*types.Var]bool // assigned or address taken anywhere in the body
}

// loopVars computes, once per loop, what its clause declares and assigns
// and what its body writes.
func (c *checker) loopVars(l *loop) *loopVars {
	if lv, ok := c.loops[l.stmt]; ok {
		return lv
	}
	info := c.pass.TypesInfo
	lv := &loopVars{
		declared: make(map[*types.Var]bool),
		clause:   make(map[*types.Var]bool),
		assigned: make(map[*types.Var]bool),
		touched:  make(map[*types.Var]bool),
	}
	switch s := l.stmt.(type) {
	case *ast.RangeStmt:
		for _, e := range []ast.Expr{s.Key, s.Value} {
			if v := identVar(info, e); v != nil {
				lv.clause[v] = true
				lv.declared[v] = s.Tok == token.DEFINE
			}
		}
	case *ast.ForStmt:
		lv.threeClause = true
		if init, ok := s.Init.(*ast.AssignStmt); ok && init.Tok == token.DEFINE {
			for _, lhs := range init.Lhs {
				if v := identVar(info, lhs); v != nil {
					lv.declared[v] = true
				}
			}
		}
		if s.Post != nil {
			visitAccesses(info, s.Post, func(_ *ast.Ident, v *types.Var, acc access, _ bool) {
				if acc&write != 0 {
					lv.clause[v] = true
				}
			})
		}
	}
	visitAccesses(info, l.body, func(_ *ast.Ident, v *types.Var, acc access, nested bool) {
		if acc&(write|addr) != 0 {
			lv.touched[v] = true
		}
		if acc&write != 0 && !nested {
			lv.assigned[v] = true
		}
	})
	c.loops[l.stmt] = lv
	return lv
}

// identVar returns the variable an identifier expression declares or
// refers to, or nil.
func identVar(info *types.Info, e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := info.ObjectOf(id).(*types.Var)
	return v
}

// leavesIteration reports whether, after the escape, the current
// iteration of l unconditionally leaves the loop (return, break, panic)
// or, for a goroutine, waits for it (wg.Wait(), g.Wait(), or a receive
// from a channel the goroutine sends on or closes). Then no later
// iteration can change what the closure sees.
func (c *checker) leavesIteration(esc *escape, l *loop) bool {
	// The statements from the escape up to the loop body, outermost last.
	var chain []inspector.Cursor
	for x := esc.cur; x != l.cur; x = x.Parent() {
		chain = append(chain, x)
	}
	var chans map[*types.Var]bool
	if !esc.deferred {
		chans = signalledChans(c.pass.TypesInfo, esc.lit)
	}
	label := loopLabel(l)
	breaksLoop := true // an unlabelled break here leaves l
	inLit := false     // a return here leaves a function literal, not l; a wait still waits
	for i := len(chain) - 1; i >= 0; i-- {
		x := chain[i]
		if inList(x) {
			for sib, ok := x.NextSibling(); ok; sib, ok = sib.NextSibling() {
				s, _ := sib.Node().(ast.Stmt)
				if !inLit && c.exits(s, breaksLoop, label, chans) || c.joins(s, chans) {
					return true
				}
			}
		}
		switch x.Node().(type) {
		case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			breaksLoop = false
		case *ast.FuncLit:
			inLit = true
		}
	}
	return false
}

// inList reports whether the cursor is a statement in a block or case body.
func inList(x inspector.Cursor) bool {
	switch x.ParentEdgeKind() {
	case edge.BlockStmt_List, edge.CaseClause_Body, edge.CommClause_Body:
		return true
	}
	return false
}

func loopLabel(l *loop) string {
	if ls, ok := l.cur.Parent().Node().(*ast.LabeledStmt); ok {
		return ls.Label.Name
	}
	return ""
}

// exits reports whether s leaves the loop: a return, a break out of it, a
// call that does not return (panic, os.Exit, log.Fatal, t.Fatal), or a
// select whose every case does one of these or joins the goroutine.
func (c *checker) exits(s ast.Stmt, breaksLoop bool, label string, chans map[*types.Var]bool) bool {
	switch s := s.(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.SelectStmt:
		for _, cc := range s.Body.List {
			cc, ok := cc.(*ast.CommClause)
			if !ok {
				return false
			}
			if cc.Comm != nil && c.joins(cc.Comm, chans) {
				continue
			}
			if !slices.ContainsFunc(cc.Body, func(s ast.Stmt) bool { return c.exits(s, false, label, chans) }) {
				return false
			}
		}
		return true // select {} never continues either
	case *ast.BranchStmt:
		if s.Tok != token.BREAK {
			return false
		}
		if s.Label == nil {
			return breaksLoop
		}
		return s.Label.Name == label
	case *ast.ExprStmt:
		call, ok := s.X.(*ast.CallExpr)
		return ok && code.NeverReturns(c.pass.TypesInfo, call)
	}
	return false
}

// joins reports whether s, outside any nested block, waits for a
// goroutine: a WaitGroup or errgroup Wait, or a receive from one of chans.
// chans is nil for a deferred closure, which nothing in the loop waits for.
func (c *checker) joins(s ast.Stmt, chans map[*types.Var]bool) bool {
	if chans == nil {
		return false // a deferred call runs after any wait in the loop
	}
	info := c.pass.TypesInfo
	found := false
	ast.Inspect(s, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt, *ast.FuncLit, *ast.CaseClause, *ast.CommClause:
			return false
		case *ast.CallExpr:
			fn := code.Callee(info, n)
			if code.IsMethod(fn, "sync", "WaitGroup", "Wait") ||
				code.IsMethod(fn, "golang.org/x/sync/errgroup", "Group", "Wait") {
				found = true
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW && chans[code.RootVar(info, n.X)] {
				found = true
			}
		}
		return !found
	})
	return found
}

// signalledChans returns the channel variables lit sends on or closes.
func signalledChans(info *types.Info, lit *ast.FuncLit) map[*types.Var]bool {
	chans := make(map[*types.Var]bool)
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SendStmt:
			if v := code.RootVar(info, n.Chan); v != nil {
				chans[v] = true
			}
		case *ast.CallExpr:
			id, ok := ast.Unparen(n.Fun).(*ast.Ident)
			if b, isBuiltin := info.Uses[id].(*types.Builtin); ok && isBuiltin && b.Name() == "close" && len(n.Args) == 1 {
				if v := code.RootVar(info, n.Args[0]); v != nil {
					chans[v] = true
				}
			}
		}
		return true
	})
	return chans
}

// callsLock reports whether lit locks a mutex: then the variables it
// reads are shared state on purpose, not a per-iteration value.
func callsLock(info *types.Info, lit *ast.FuncLit) bool {
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			fn := code.Callee(info, call)
			if fn != nil && fn.Signature().Recv() != nil && (fn.Name() == "Lock" || fn.Name() == "RLock") {
				found = true
			}
		}
		return !found
	})
	return found
}
