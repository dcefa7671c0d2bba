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
// from a channel the goroutine signals once done with v) before the loop
// can change v. Then no later iteration can change what the closure sees.
// A function literal between the escape and the loop counts as part of
// the iteration unless the call it is passed to may run it later.
func (c *checker) leavesIteration(esc *escape, l *loop, v *types.Var) bool {
	chain := chainTo(esc, l)
	var chans map[*types.Var]bool
	if !esc.deferred && !c.runsLater(chain) {
		chans = c.joiningChans(esc.lit, v)
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

// chainTo returns the nodes from the escape up to the body of l,
// outermost last.
func chainTo(esc *escape, l *loop) []inspector.Cursor {
	var chain []inspector.Cursor
	for x := esc.cur; x != l.cur; x = x.Parent() {
		chain = append(chain, x)
	}
	return chain
}

// runsLater reports whether one of the function literals in chain is
// passed to a call that may run it after returning (t.Run of a subtest
// that calls t.Parallel, time.AfterFunc, a function that stores it): the
// iteration then waits for nothing the literal does.
func (c *checker) runsLater(chain []inspector.Cursor) bool {
	for _, x := range chain {
		lit, ok := x.Node().(*ast.FuncLit)
		if !ok {
			continue
		}
		for x.ParentEdgeKind() == edge.ParenExpr_X {
			x = x.Parent()
		}
		if x.ParentEdgeKind() != edge.CallExpr_Args {
			continue
		}
		if c.callbacks == nil {
			c.callbacks = code.NewCallbacks(c.pass.TypesInfo, c.inspect.Root())
		}
		if c.callbacks.RunsLater(x.Parent().Node().(*ast.CallExpr), lit) {
			return true
		}
	}
	return false
}

// joiningChans returns the channels whose receive waits until the
// goroutine lit is done with v: it sends on them or closes them, by
// itself or through a function it passes them to, only after its last
// use of v (finishesWithSignal).
func (c *checker) joiningChans(lit *ast.FuncLit, v *types.Var) map[*types.Var]bool {
	chans := c.signalledChans(lit)
	for ch := range chans {
		if !c.finishesWithSignal(lit, ch, v) {
			delete(chans, ch)
		}
	}
	return chans
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
// It looks into the body of a 3-clause loop that runs it at least once,
// up to the first statement that may skip the rest. chans is nil for a
// deferred closure, which nothing in the loop waits for, and inside a
// function literal that may run later.
func (c *checker) joins(s ast.Stmt, chans map[*types.Var]bool) bool {
	if chans == nil {
		return false // a deferred call runs after any wait in the loop
	}
	info := c.pass.TypesInfo
	found := false
	ast.Inspect(s, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ForStmt:
			if code.EntersBody(info, n) {
				found = c.joinsFirst(n.Body.List, chans)
			}
			return !found && n == s // its init, condition and post
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

// joinsFirst reports whether the statements in list join the goroutine
// before any of them can skip the rest: a continue, break, return or goto.
func (c *checker) joinsFirst(list []ast.Stmt, chans map[*types.Var]bool) bool {
	for _, s := range list {
		if c.joins(s, chans) {
			return true
		}
		if code.MayLeave(s) || mayBranch(s) {
			return false
		}
	}
	return false
}

// mayBranch reports whether s holds a continue, or a break, that skips
// the statements after s: not one inside a nested loop or function
// literal, nor a break inside a switch or select, which ends only that.
func mayBranch(s ast.Stmt) bool {
	found := false
	var walk func(root ast.Node, breaks bool)
	walk = func(root ast.Node, breaks bool) {
		ast.Inspect(root, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit, *ast.ForStmt, *ast.RangeStmt:
				return false
			case *ast.SwitchStmt:
				walk(n.Body, false)
				return false
			case *ast.TypeSwitchStmt:
				walk(n.Body, false)
				return false
			case *ast.SelectStmt:
				walk(n.Body, false)
				return false
			case *ast.BranchStmt:
				found = found || n.Tok == token.CONTINUE || n.Tok == token.BREAK && breaks
			}
			return !found
		})
	}
	walk(s, true)
	return found
}

// signalledChans returns the channel variables lit sends on or closes,
// itself or through a function it passes them to.
func (c *checker) signalledChans(lit *ast.FuncLit) map[*types.Var]bool {
	info := c.pass.TypesInfo
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
			for _, arg := range n.Args {
				if v := identVar(info, arg); v != nil && c.signalsParam(n, v) {
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
