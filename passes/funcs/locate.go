package funcs

import (
	"go/ast"

	"golang.org/x/tools/go/cfg"
)

// Locate returns the first block of g, live or not, with a node that is
// or holds n, and that node's index; nil when n is not in g. A select
// case's communication is where cfg evaluates it, before the select: see
// LocateOp for where it completes.
func Locate(g *cfg.CFG, n ast.Node) (*cfg.Block, int) {
	for _, b := range g.Blocks {
		for i, node := range b.Nodes {
			if within(node, n) {
				return b, i
			}
		}
	}
	return nil, 0
}

// LocateOp is Locate for an operation that completes where it runs: for
// n in a select case's communication it returns the case's body block and
// i == -1, since cfg evaluates every case's communication before the
// select but only the chosen one completes.
func LocateOp(g *cfg.CFG, n ast.Node) (*cfg.Block, int) {
	for _, b := range g.Blocks {
		if cc, ok := b.Stmt.(*ast.CommClause); ok && b.Kind == cfg.KindSelectCaseBody && cc.Comm != nil && within(cc.Comm, n) {
			return b, -1
		}
	}
	return Locate(g, n)
}

func within(outer, inner ast.Node) bool {
	return outer.Pos() <= inner.Pos() && inner.End() <= outer.End()
}
