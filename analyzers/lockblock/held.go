package lockblock

import (
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"

	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/code"
)

// A lockID is a lock as one function sees it: an access path and the
// side of it, since RLock pairs with RUnlock only.
type lockID struct {
	path code.Path
	read bool
}

// A heldSet maps each lock held on every path to a point to the Lock
// call that took it and the lock as written there.
type heldSet map[lockID]heldLock

type heldLock struct {
	pos  token.Pos
	text string
}

// An op is one step of a function that changes what it holds.
type op struct {
	id   lockID
	lock bool // Lock or RLock; otherwise an unlock or a hand-off
	all  bool // a call of a helper that unlocks: forget every lock
	pos  token.Pos
	text string
}

// checkFunc finds the channel sends and WaitGroup waits of f that run
// with a lock held on every path to them, and checks each against its
// partner side.
func (c *checker) checkFunc(f *function) {
	ops := make(map[ast.Node][]op)
	for _, b := range f.g.Blocks {
		for _, n := range b.Nodes {
			ops[n] = c.opsOf(n)
		}
	}
	in := c.solve(f.g, ops)
	selects := c.selectsOf(f.body)
	var pending []*selectSend
	for _, b := range f.g.Blocks {
		st := in[b.Index]
		if st == nil {
			continue // unreachable
		}
		st = maps.Clone(st)
		for _, n := range b.Nodes {
			if len(st) > 0 {
				switch n := n.(type) {
				case *ast.SendStmt:
					if s, ok := selects[n]; !ok {
						c.checkSend(f, n, st)
					} else if s != nil {
						pending = append(pending, &selectSend{sel: s, send: n, held: maps.Clone(st)})
					}
				case *ast.ExprStmt:
					if call, ok := ast.Unparen(n.X).(*ast.CallExpr); ok {
						c.checkWait(call, st)
					}
				}
			}
			apply(st, ops[n])
		}
	}
	c.checkSelects(f, pending)
}

// solve computes, for each block of g, the locks held on entry on every
// path; nil for blocks no path reaches.
func (c *checker) solve(g *cfg.CFG, ops map[ast.Node][]op) []heldSet {
	in := make([]heldSet, len(g.Blocks))
	if len(g.Blocks) == 0 {
		return in
	}
	in[0] = make(heldSet)
	queued := make([]bool, len(g.Blocks))
	work := []*cfg.Block{g.Blocks[0]}
	queued[0] = true
	for len(work) > 0 {
		b := work[0]
		work = work[1:]
		queued[b.Index] = false
		out := maps.Clone(in[b.Index])
		for _, n := range b.Nodes {
			apply(out, ops[n])
		}
		for _, s := range b.Succs {
			changed := false
			if in[s.Index] == nil {
				in[s.Index] = maps.Clone(out)
				changed = true
			} else {
				for id := range in[s.Index] {
					if _, ok := out[id]; !ok {
						delete(in[s.Index], id)
						changed = true
					}
				}
			}
			if changed && !queued[s.Index] {
				queued[s.Index] = true
				work = append(work, s)
			}
		}
	}
	return in
}

func apply(st heldSet, ops []op) {
	for _, o := range ops {
		switch {
		case o.all:
			clear(st)
		case o.lock:
			st[o.id] = heldLock{pos: o.pos, text: o.text}
		default:
			delete(st, o.id)
		}
	}
}

// opsOf returns the lock steps of one node of the graph. Deferred calls
// run at exit, so a deferred Unlock keeps the lock held to the end; go
// statements do not change what this goroutine holds. Anything that may
// unlock in ways the analysis does not follow (a closure that unlocks,
// &mu handed on, a helper that unlocks) counts as an unlock, which can
// only make the analyzer quieter.
func (c *checker) opsOf(n ast.Node) []op {
	switch n := n.(type) {
	case *ast.DeferStmt:
		return nil
	case *ast.GoStmt:
		return c.handOffs(n)
	}
	var ops []op
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			for _, id := range c.unlocksIn(n.Body) {
				ops = append(ops, op{id: id})
			}
			return false
		case *ast.CallExpr:
			if lc, ok := c.lockCallOf(n); ok {
				id := lockID{path: lc.path, read: lc.read}
				ops = append(ops, op{id: id, lock: !lc.unlock, pos: n.Pos(), text: exprText(lc.recv)})
				return false
			}
			if fn := code.Callee(c.info, n); fn != nil && c.unlocker(fn) {
				ops = append(ops, op{all: true})
			}
		case *ast.UnaryExpr:
			if p, ok := c.lockAddr(n); ok {
				ops = append(ops, op{id: lockID{path: p}}, op{id: lockID{path: p, read: true}})
				return false
			}
		}
		return true
	})
	return ops
}

// handOffs returns the unlocks of a go statement whose goroutine
// releases a lock this one took: go func() { ...; mu.Unlock() }().
func (c *checker) handOffs(g *ast.GoStmt) []op {
	var ops []op
	if lit, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit); ok {
		for _, id := range c.unlocksIn(lit.Body) {
			ops = append(ops, op{id: id})
		}
	} else if fn := code.Callee(c.info, g.Call); fn != nil && c.unlocker(fn) {
		ops = append(ops, op{all: true})
	}
	return ops
}

// unlocksIn returns the locks body unlocks, wherever it does.
func (c *checker) unlocksIn(body ast.Node) []lockID {
	var ids []lockID
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if lc, ok := c.lockCallOf(call); ok && lc.unlock {
				ids = append(ids, lockID{path: lc.path, read: lc.read})
			}
		}
		return true
	})
	return ids
}

// unlocker reports whether fn, a function of this package, unlocks a
// lock it has not locked itself first: a helper such as unlockAndFlush
// that releases its caller's lock.
func (c *checker) unlocker(fn *types.Func) bool {
	fn = fn.Origin()
	if u, ok := c.unlockers[fn]; ok {
		return u
	}
	decl := c.decls[fn]
	if decl == nil {
		return false
	}
	locked := make(map[lockID]bool)
	found := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if lc, ok := c.lockCallOf(n); ok {
				id := lockID{path: lc.path, read: lc.read}
				if !lc.unlock {
					locked[id] = true
				} else if !locked[id] {
					found = true
				}
			}
		}
		return !found
	})
	c.unlockers[fn] = found
	return found
}

// locksDirectly reports whether body calls Lock or RLock itself, outside
// the function literals it contains. Only such a function can hold a
// lock this analysis sees.
func (c *checker) locksDirectly(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if lc, ok := c.lockCallOf(n); ok && !lc.unlock {
				found = true
			}
		}
		return !found
	})
	return found
}

// sortedHeld returns the locks of st in the order they were taken.
func sortedHeld(st heldSet) []lockID {
	ids := slices.Collect(maps.Keys(st))
	slices.SortFunc(ids, func(a, b lockID) int { return int(st[a].pos - st[b].pos) })
	return ids
}

func exprText(e ast.Expr) string {
	return types.ExprString(e)
}
