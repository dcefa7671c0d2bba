package lockblock

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

// A worker is a goroutine counted by a WaitGroup: it calls Done on it,
// or wg.Go started it. locks are the locks it takes before Done, on the
// same instance as the WaitGroup.
type worker struct {
	name  string
	done  ref
	locks []regionLock
}

// checkWait reports wg.Wait() called while holding a lock that a
// goroutine counted by wg takes before calling Done.
func (c *checker) checkWait(call *ast.CallExpr, st heldSet) {
	x := code.MethodCall(c.info, call, "sync", "WaitGroup", "Wait")
	if x == nil {
		return
	}
	wg, ok := c.refOf(x)
	if !ok {
		return
	}
	for _, id := range sortedHeld(st) {
		mu, ok := c.refOfPath(id.path)
		if !ok || !mu.related(wg) {
			continue
		}
		for _, w := range c.workersOf() {
			if w.done.key != wg.key {
				continue
			}
			if lk := lockOf(w.locks, mu.key, id.read); lk != nil {
				c.reportWait(call, types.ExprString(x), st[id].text, w, lk.pos)
				return
			}
		}
	}
}

// workersOf returns the package's goroutines counted by a WaitGroup.
func (c *checker) workersOf() []*worker {
	if c.workers != nil {
		return c.workers
	}
	c.workers = []*worker{}
	for _, s := range c.spawns.Sites {
		if w := c.workerOf(s); w != nil {
			c.workers = append(c.workers, w)
		}
	}
	return c.workers
}

func (c *checker) workerOf(s *spawnsites.Site) *worker {
	var body *ast.BlockStmt
	var name string
	switch {
	case s.Lit != nil:
		body, name = s.Lit.Body, "goroutine"
		if f := c.byNode[s.Lit]; f != nil {
			name = f.name
		}
	case s.Callee != nil && s.Via == spawnsites.GoStmt:
		decl := c.decls[s.Callee.Origin()]
		if decl == nil {
			return nil
		}
		body, name = decl.Body, s.Callee.Name()
	default:
		return nil
	}
	var done ast.Expr
	deferred := false
	var last token.Pos
	if s.Via == spawnsites.WaitGroupGo {
		if call, ok := s.Node.(*ast.CallExpr); ok {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				done, deferred = sel.X, true
			}
		}
	} else if s.Via == spawnsites.GoStmt {
		done, deferred, last = c.doneIn(body)
	}
	if done == nil {
		return nil
	}
	wg, ok := c.refOf(done)
	if !ok {
		return nil
	}
	w := &worker{name: name, done: wg}
	for _, l := range c.locksIn(body, nil) {
		if !deferred && l.pos > last {
			continue
		}
		if lr, ok := c.refOfPath(l.path); ok && lr.related(wg) {
			w.locks = append(w.locks, regionLock{ref: lr, read: l.read, pos: l.pos})
		}
	}
	return w
}

// doneIn finds the WaitGroup body calls Done on: deferred, or the last
// plain call.
func (c *checker) doneIn(body *ast.BlockStmt) (wg ast.Expr, deferred bool, last token.Pos) {
	isDone := func(n ast.Node) ast.Expr {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return nil
		}
		return code.MethodCall(c.info, call, "sync", "WaitGroup", "Done")
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			if x := isDone(n.Call); x != nil {
				wg, deferred = x, true
			} else if lit, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit); ok {
				ast.Inspect(lit.Body, func(m ast.Node) bool {
					if x := isDone(m); x != nil {
						wg, deferred = x, true
					}
					return true
				})
			}
			return false
		case *ast.CallExpr:
			if x := isDone(n); x != nil && !deferred {
				wg, last = x, n.Pos()
			}
		}
		return true
	})
	return wg, deferred, last
}
