package lockleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"path/filepath"

	"golang.org/x/tools/go/analysis"

	"github.com/golint-conc/golint-conc/internal/code"
)

// checkRelocks reports, in a function whose flow is solved, the Locks
// of a lock the function already holds on every path, the calls of
// helpers that lock a lock it holds, and the Locks in a loop that a path
// round the loop reaches again without unlocking.
//
// In a function literal, a lock that the code around it unlocks is left
// alone: the literal runs as a goroutine that blocks on purpose until
// the lock is released elsewhere, the mutex serving as a latch.
func (c *checker) checkRelocks(f *flow, body *ast.BlockStmt, outer ast.Node) {
	unstable := assignedPaths(c.pass.TypesInfo, body)
	if outer != nil {
		unstable = append(unstable, c.unlockedAround(outer, body)...)
	}
	live := make(map[token.Pos]bool) // reachable Locks
	for _, b := range f.g.Blocks {
		if f.in[b.Index] == nil {
			continue
		}
		st := maps.Clone(f.in[b.Index])
		for _, o := range f.ops[b.Index] {
			if o.kind == opLock {
				live[o.pos] = true
			}
			if (o.kind == opLock || o.kind == opCall) && o.typ != "" && !unstable.covers(o.key.path) {
				if held, hk := heldBefore(st, o.key); held {
					c.reportRelock(f, o, hk, st.get(hk).at)
				}
			}
			st.step(o)
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			c.checkLoop(f, body, n.(ast.Stmt), unstable, live)
		}
		return true
	})
}

// heldBefore reports whether a Lock of k would block because the
// function holds its lock on every path: for a Lock, write- or
// read-locked; for an RLock, write-locked. It also returns the side that
// is held. Recursive read locking is left alone: it deadlocks only when
// a writer is waiting in between.
func heldBefore(st state, k lockKey) (bool, lockKey) {
	w := lockKey{k.path, false}
	if allHeld(st.get(w).may) {
		return true, w
	}
	r := lockKey{k.path, true}
	if !k.read && allHeld(st.get(r).may) {
		return true, r
	}
	return false, lockKey{}
}

func allHeld(s status) bool {
	return s != 0 && s&^(sHeld|sHeldDeferred) == 0
}

func (c *checker) reportRelock(f *flow, o op, held lockKey, at token.Pos) {
	name := f.scan.full[held]
	line := c.pass.Fset.Position(at).Line
	locked := "locked"
	if held.read {
		locked = "read-locked"
	}
	if o.kind == opCall {
		callee := ast.Unparen(o.call.Fun)
		short := callee
		if sel, ok := callee.(*ast.SelectorExpr); ok {
			short = sel.Sel
		}
		c.pass.Report(analysis.Diagnostic{
			Pos: o.call.Pos(),
			End: o.call.End(),
			Message: fmt.Sprintf("call to %s while holding %s: it locks %s again (%s), and %s is not reentrant, "+
				"so this deadlocks; call an unlocked variant (e.g. %sLocked) or release the lock first",
				types.ExprString(callee), name, name, c.where(o.call.Pos(), o.at), o.typ, types.ExprString(short)),
		})
		return
	}
	what := "is locked again while already held"
	switch {
	case o.key.read:
		what = "is read-locked while already locked"
	case held.read:
		what = "is locked while already read-locked"
	}
	c.pass.Report(analysis.Diagnostic{
		Pos: o.pos,
		Message: fmt.Sprintf("%s %s (%s at line %d): %s is not reentrant, so this blocks forever; "+
			"unlock it first, or call a variant that expects the lock held", name, what, locked, line, o.typ),
	})
}

// where names the position of at as seen from from: "line 12", or
// "store.go:12" in another file.
func (c *checker) where(from, at token.Pos) string {
	p, q := c.pass.Fset.Position(from), c.pass.Fset.Position(at)
	if p.Filename == q.Filename {
		return fmt.Sprintf("line %d", q.Line)
	}
	return fmt.Sprintf("%s:%d", filepath.Base(q.Filename), q.Line)
}

// unlockedAround returns the locks that outer unlocks outside body, the
// body of a function literal it contains.
func (c *checker) unlockedAround(outer ast.Node, body *ast.BlockStmt) []code.Path {
	var paths []code.Path
	ast.Inspect(outer, func(n ast.Node) bool {
		if n == body {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok {
			if lc, ok := lockCallOf(c.pass.TypesInfo, call); ok && lc.method == mUnlock {
				paths = append(paths, lc.key.path)
			}
		}
		return true
	})
	return paths
}
