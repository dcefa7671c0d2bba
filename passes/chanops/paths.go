package chanops

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/cfg"
)

// FewestOnPath returns the fewest of marks that a path through g passes
// on its way from start to a return: how many of them are sure to run
// once start has run, before the function returns. A path that ends in a
// call that never returns (panic, os.Exit) gives no answer, as the
// function does not return there. A mark that is a select case's
// communication counts only on the paths that take that case; a mark
// inside a function literal or the right operand of && or || counts on
// no path, as it may not run. ok is false when start is not in g or no
// return is reachable from it.
func FewestOnPath(g *cfg.CFG, start ast.Node, marks []ast.Node) (n int, ok bool) {
	sb, si := locate(g, start)
	if sb == nil {
		return 0, false
	}
	weight := make([]int, len(g.Blocks))
	tail := 0 // the marks in sb at or after start
	for _, m := range marks {
		b, i := locate(g, m)
		if b == nil || !sure(b, i, m) {
			continue
		}
		weight[b.Index]++
		if b == sb && i >= si {
			tail++
		}
	}
	const none = int(^uint(0) >> 1)
	best := none
	// passed[b] is the fewest marks passed on entering b.
	passed := make([]int, len(g.Blocks))
	for i := range passed {
		passed[i] = none
	}
	var work []*cfg.Block
	leave := func(b *cfg.Block, n int) {
		if b.Return() != nil {
			best = min(best, n)
		}
		for _, s := range b.Succs {
			if n < passed[s.Index] {
				passed[s.Index] = n
				work = append(work, s)
			}
		}
	}
	leave(sb, tail)
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		leave(b, passed[b.Index]+weight[b.Index])
	}
	return best, best != none
}

// locate returns the block of g holding n and the index of the node that
// holds it there, i == -1 for a select case's communication, which cfg
// evaluates before the select but which completes only in the case's
// block. It returns nil when n is not in g.
func locate(g *cfg.CFG, n ast.Node) (*cfg.Block, int) {
	for _, b := range g.Blocks {
		if cc, ok := b.Stmt.(*ast.CommClause); ok && b.Kind == cfg.KindSelectCaseBody && cc.Comm != nil && within(cc.Comm, n) {
			return b, -1
		}
	}
	for _, b := range g.Blocks {
		for i, node := range b.Nodes {
			if within(node, n) {
				return b, i
			}
		}
	}
	return nil, 0
}

// sure reports whether m, held by node i of b, runs whenever that node
// does: it is not in a function literal or behind && or ||.
func sure(b *cfg.Block, i int, m ast.Node) bool {
	if i < 0 {
		return true
	}
	ok := true
	ast.Inspect(b.Nodes[i], func(n ast.Node) bool {
		if !ok || n == nil || !within(n, m) || n == m {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			ok = false
		case *ast.BinaryExpr:
			if (n.Op == token.LAND || n.Op == token.LOR) && within(n.Y, m) {
				ok = false
			}
		}
		return ok
	})
	return ok
}

func within(outer, inner ast.Node) bool {
	return outer.Pos() <= inner.Pos() && inner.End() <= outer.End()
}
