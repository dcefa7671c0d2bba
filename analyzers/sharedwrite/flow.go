package sharedwrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/code"
)

// A flow is the control-flow graph of a function that starts goroutines,
// indexed by position.
type flow struct {
	nodes  []place                 // every node of every block, by position
	comms  map[ast.Node]bool       // select cases' communications
	ranges map[*ast.RangeStmt]bool // range loops over a channel
}

// A place is a node of the graph and where it is.
type place struct {
	node  ast.Node
	block *cfg.Block
	at    int
}

func newFlow(g *cfg.CFG, body ast.Node, info *types.Info) *flow {
	f := &flow{comms: make(map[ast.Node]bool), ranges: make(map[*ast.RangeStmt]bool)}
	for _, b := range g.Blocks {
		for i, n := range b.Nodes {
			f.nodes = append(f.nodes, place{n, b, i})
		}
	}
	sort.Slice(f.nodes, func(i, j int) bool {
		a, b := f.nodes[i].node, f.nodes[j].node
		return a.Pos() < b.Pos() || a.Pos() == b.Pos() && a.End() > b.End()
	})
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CommClause:
			if n.Comm != nil {
				f.comms[n.Comm] = true
			}
		case *ast.RangeStmt:
			if isChan(info.TypeOf(n.X)) {
				f.ranges[n] = true
			}
		}
		return true
	})
	return f
}

// locate returns the innermost node of the graph that contains pos.
// Nodes do not nest, except that a select case's communication x = <-ch
// holds x, which its case body evaluates; a node may also hold a function
// literal, whose body is not in the graph.
func (f *flow) locate(pos token.Pos) (place, bool) {
	i := sort.Search(len(f.nodes), func(i int) bool { return f.nodes[i].node.Pos() > pos })
	for j := i - 1; j >= 0 && j >= i-2; j-- {
		if n := f.nodes[j].node; n.Pos() <= pos && pos < n.End() {
			return f.nodes[j], true
		}
	}
	return place{}, false
}

// reach returns the nodes that can run after from without passing a
// join of the goroutine j describes: a node that waits for it, a select
// case that receives from it, or a range loop over a channel it holds.
func (f *flow) reach(from place, j *joiner) map[ast.Node]bool {
	seen := make(map[ast.Node]bool)
	visited := make(map[*cfg.Block]bool)
	var stack []*cfg.Block
	// walk scans b's nodes from i and reports whether the path goes on.
	walk := func(b *cfg.Block, i int) bool {
		for _, n := range b.Nodes[i:] {
			if f.comms[n] {
				continue // evaluated as the select starts; see the case body
			}
			if j.node(n) {
				return false
			}
			seen[n] = true
		}
		return true
	}
	if walk(from.block, from.at+1) {
		stack = append(stack, from.block.Succs...)
	}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if visited[b] {
			continue
		}
		visited[b] = true
		switch b.Kind {
		case cfg.KindSelectCaseBody:
			if cc, ok := b.Stmt.(*ast.CommClause); ok && cc.Comm != nil && j.node(cc.Comm) {
				continue
			}
		case cfg.KindRangeLoop:
			if rs, ok := b.Stmt.(*ast.RangeStmt); ok && f.ranges[rs] && j.waitsOn(rs.X) {
				continue
			}
		}
		if walk(b, 0) {
			stack = append(stack, b.Succs...)
		}
	}
	return seen
}

// A joiner recognises the operations that wait for one goroutine: a
// receive from, or Wait on, a variable the goroutine holds (captured,
// passed as an argument, or the WaitGroup or errgroup it was started
// with), or a call that is handed such a channel or WaitGroup, such as
// waitTimeout(&wg, d); or synctest.Wait. Which of the goroutine's
// channels carries its completion is not checked: any receive counts.
type joiner struct {
	info *types.Info
	vars map[*types.Var]bool
}

func (j *joiner) waitsOn(e ast.Expr) bool {
	v := code.RootVar(j.info, e)
	return v != nil && j.vars[v]
}

func (j *joiner) node(n ast.Node) bool {
	switch n.(type) {
	case *ast.GoStmt, *ast.DeferStmt:
		return false // a spawn, or a wait that runs at return
	}
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.UnaryExpr:
			found = n.Op == token.ARROW && j.waitsOn(n.X)
		case *ast.CallExpr:
			found = j.call(n)
		}
		return !found
	})
	return found
}

func (j *joiner) call(call *ast.CallExpr) bool {
	if tv, ok := j.info.Types[call.Fun]; ok && (tv.IsBuiltin() || tv.IsType()) {
		return false // close(done) signals; it does not wait
	}
	fn := code.Callee(j.info, call)
	if code.IsFunc(fn, "testing/synctest", "Wait") || code.IsFunc(fn, "internal/synctest", "Wait") {
		return true // returns once every other goroutine in the bubble is blocked or done
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Wait" && j.waitsOn(sel.X) {
		return true
	}
	for _, arg := range call.Args {
		if j.waitsOn(arg) && waitable(j.info.TypeOf(arg)) {
			return true
		}
	}
	return false
}

// waitable reports whether a helper handed a value of type t can wait
// on it: a channel, or something with a Wait method.
func waitable(t types.Type) bool {
	if t == nil {
		return false
	}
	if isChan(t) {
		return true
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Wait")
	_, ok := obj.(*types.Func)
	return ok
}
