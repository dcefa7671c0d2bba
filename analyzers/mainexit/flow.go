package mainexit

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/code"
)

// A bodyFlow is a function body's control-flow graph with what is needed
// to tell where the function really ends.
type bodyFlow struct {
	c    *checker
	body *ast.BlockStmt
	g    *cfg.CFG
	// polls marks the communications of selects with a default case,
	// which the graph lists as statements of their own.
	polls map[ast.Stmt]bool
	// starts holds the positions of the body's statements, sorted, and
	// blocked those of the empty selects among them: the graph leaves a
	// block that ends in select {} without successors, like a return.
	starts  []token.Pos
	blocked map[token.Pos]bool
}

func newBodyFlow(c *checker, body *ast.BlockStmt, g *cfg.CFG) *bodyFlow {
	fl := &bodyFlow{c: c, body: body, g: g, polls: make(map[ast.Stmt]bool), blocked: make(map[token.Pos]bool)}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SelectStmt:
			if len(n.Body.List) == 0 {
				fl.blocked[n.Pos()] = true
			}
			if hasDefault(n) {
				for _, cc := range n.Body.List {
					if comm := cc.(*ast.CommClause).Comm; comm != nil {
						fl.polls[comm] = true
					}
				}
			}
		}
		if s, ok := n.(ast.Stmt); ok {
			if _, isBlock := s.(*ast.BlockStmt); !isBlock {
				fl.starts = append(fl.starts, s.Pos())
			}
		}
		return true
	})
	slices.Sort(fl.starts)
	return fl
}

// exitOf reports whether b, a block without successors, ends the
// function normally: a return, falling off the end, or os.Exit with a
// code that is not a constant error status. Blocks ending in panic,
// log.Fatal or another call that never returns end it on an error, and
// the block before a select {} never ends.
func (fl *bodyFlow) exitOf(b *cfg.Block) (exit, bool) {
	if !b.Live || len(b.Succs) != 0 {
		return exit{}, false
	}
	line := func(p token.Pos) int { return fl.c.pass.Fset.Position(p).Line }
	if len(b.Nodes) == 0 {
		if last := fl.body.List; len(last) > 0 && fl.blocked[last[len(last)-1].Pos()] {
			return exit{}, false
		}
		return exit{line: line(fl.body.Rbrace)}, true
	}
	last := b.Nodes[len(b.Nodes)-1]
	if ret, ok := last.(*ast.ReturnStmt); ok {
		return exit{line: line(ret.Pos())}, true
	}
	if stmt, ok := last.(*ast.ExprStmt); ok {
		if call, ok := ast.Unparen(stmt.X).(*ast.CallExpr); ok && fl.noReturn(call) {
			info := fl.c.pass.TypesInfo
			if !code.IsFunc(code.Callee(info, call), "os", "Exit") || len(call.Args) != 1 {
				return exit{}, false
			}
			if tv, ok := info.Types[call.Args[0]]; ok && tv.Value != nil {
				if status, ok := constant.Int64Val(tv.Value); !ok || status != 0 {
					return exit{}, false
				}
			}
			return exit{line: line(call.Pos()), osExit: true}, true
		}
	}
	if i, _ := slices.BinarySearch(fl.starts, last.End()); i < len(fl.starts) && fl.blocked[fl.starts[i]] {
		return exit{}, false
	}
	return exit{line: line(fl.body.Rbrace)}, true
}

func (fl *bodyFlow) noReturn(call *ast.CallExpr) bool {
	info := fl.c.pass.TypesInfo
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "panic" {
			return true
		}
	}
	fn := code.Callee(info, call)
	return fn != nil && fl.c.cfgs.NoReturn(fn)
}

// returns reports whether the function can end normally.
func (fl *bodyFlow) returns() bool {
	for _, b := range fl.g.Blocks {
		if _, ok := fl.exitOf(b); ok {
			return true
		}
	}
	return false
}

// locate returns the block and index of the graph node that is or
// contains n.
func (fl *bodyFlow) locate(n ast.Node) (*cfg.Block, int) {
	for _, b := range fl.g.Blocks {
		if !b.Live {
			continue
		}
		for i, node := range b.Nodes {
			if node == n || node.Pos() <= n.Pos() && n.End() <= node.End() {
				return b, i
			}
		}
	}
	return nil, 0
}
