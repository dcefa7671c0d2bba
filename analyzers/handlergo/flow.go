package handlergo

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

// A flow is a handler body's control-flow graph.
type flow struct {
	c *checker
	g *cfg.CFG
	// comms holds the communications of selects: the graph lists them
	// before the select, but each waits only in its own case.
	comms map[ast.Node]bool
}

func newFlow(c *checker, body *ast.BlockStmt, g *cfg.CFG) *flow {
	return &flow{c: c, g: g, comms: code.SelectComms(body)}
}

// waits says how a handler waits for one of its goroutines.
type waits struct {
	// always: every path from the spawn to a return waits for it.
	always bool
	// never: no path from the spawn waits for it, nor for the request's
	// context to end.
	never bool
	// some: some path from the spawn waits for the goroutine itself.
	some bool
}

// A joiner recognises what waits for one goroutine: Wait on a WaitGroup or
// errgroup.Group, a receive from or range over a channel the goroutine can
// reach, a loop whose body does one of these (it may run zero times, but
// counts as waiting), and the same in a deferred call. With ctxDone, a
// receive from the request context's Done channel counts too.
type joiner struct {
	fl     *flow
	sc     *scope
	linked map[*types.Var]bool
	goNode ast.Node
}

func (fl *flow) joins(s *spawnsites.Site, sc *scope) waits {
	j := &joiner{fl: fl, sc: sc, linked: linkedVars(sc.info, s), goNode: s.Node}
	b0, i0 := fl.locate(s.Node)
	if b0 == nil {
		return waits{always: true} // not in the graph: say nothing
	}
	if j.deferredBefore(b0, i0) {
		return waits{always: true}
	}
	escapes := fl.explore(b0, i0+1,
		func(b *cfg.Block) step { return stopIf(j.block(b, false)) },
		func(b *cfg.Block, i int) step { return stopIf(j.node(b.Nodes[i], false) || j.deferred(b.Nodes[i])) },
		func(b *cfg.Block) step { return foundIf(len(b.Succs) == 0 && fl.exits(b)) })
	reaches := func(ctxDone bool) bool {
		return fl.explore(b0, i0+1,
			func(b *cfg.Block) step { return foundIf(j.block(b, ctxDone)) },
			func(b *cfg.Block, i int) step { return foundIf(j.node(b.Nodes[i], ctxDone) || j.deferred(b.Nodes[i])) },
			func(*cfg.Block) step { return next })
	}
	return waits{always: !escapes, never: !reaches(true), some: reaches(false)}
}

// linkedVars returns the variables the goroutine started at s can reach:
// those its literal captures and the roots of its arguments, receiver and
// WaitGroup.
func linkedVars(info *types.Info, s *spawnsites.Site) map[*types.Var]bool {
	m := make(map[*types.Var]bool)
	for _, v := range s.Captures {
		m[v] = true
	}
	exprs := append([]ast.Expr{s.Recv}, s.Args...)
	if call, ok := s.Node.(*ast.CallExpr); ok {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			exprs = append(exprs, sel.X)
		}
	}
	for _, e := range exprs {
		if e == nil {
			continue
		}
		if v := code.RootVar(info, e); v != nil {
			m[v] = true
		}
	}
	return m
}

// deferredBefore reports whether every path from the function's entry to
// the spawn defers a wait for the goroutine.
func (j *joiner) deferredBefore(b0 *cfg.Block, i0 int) bool {
	if len(j.fl.g.Blocks) == 0 {
		return false
	}
	reached := j.fl.explore(j.fl.g.Blocks[0], 0,
		func(*cfg.Block) step { return next },
		func(b *cfg.Block, i int) step {
			if b == b0 && i == i0 {
				return found
			}
			return stopIf(j.deferred(b.Nodes[i]))
		},
		func(*cfg.Block) step { return next })
	return !reached
}

// node reports whether the graph node n waits for the goroutine.
func (j *joiner) node(n ast.Node, ctxDone bool) bool {
	return !j.fl.comms[n] && j.contains(n, ctxDone)
}

// deferred reports whether n defers a wait for the goroutine.
func (j *joiner) deferred(n ast.Node) bool {
	d, ok := n.(*ast.DeferStmt)
	if !ok {
		return false
	}
	if lit, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit); ok {
		return j.contains(lit.Body, false)
	}
	return j.contains(d.Call, false)
}

// block reports whether entering b waits for the goroutine: b is the case
// of a select receiving from a linked channel, or the head of a loop that
// does not start the goroutine and whose body waits for it.
func (j *joiner) block(b *cfg.Block, ctxDone bool) bool {
	switch b.Kind {
	case cfg.KindSelectCaseBody:
		if clause, ok := b.Stmt.(*ast.CommClause); ok {
			if ch := code.RecvCase(clause.Comm); ch != nil {
				return j.waitsOn(ch, ctxDone)
			}
		}
	case cfg.KindForLoop, cfg.KindForBody, cfg.KindRangeLoop:
		if b.Stmt == nil || b.Stmt.Pos() <= j.goNode.Pos() && j.goNode.End() <= b.Stmt.End() {
			return false
		}
		// With ctxDone, a loop after the spawn is taken for a handler
		// that keeps serving (a stream, a WebSocket) for as long as the
		// request lasts, which the goroutine is meant to share.
		return ctxDone || j.contains(b.Stmt, ctxDone)
	}
	return false
}

// contains reports whether n, not counting function literals, goroutines
// it starts and calls it defers, waits for the goroutine.
func (j *joiner) contains(n ast.Node, ctxDone bool) bool {
	waits := false
	ast.Inspect(n, func(n ast.Node) bool {
		if waits {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			return false
		case *ast.CallExpr:
			if x, name := j.sc.methodOn(n); x != nil && name == "Wait" && len(n.Args) == 0 {
				waits = true
			}
			if j.handsOver(n) {
				waits = true
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW && j.waitsOn(n.X, ctxDone) {
				waits = true
			}
		case *ast.RangeStmt:
			if isChan(j.sc.info.TypeOf(n.X)) && j.waitsOn(n.X, ctxDone) {
				waits = true
			}
		}
		return true
	})
	return waits
}

// handsOver reports whether call passes a WaitGroup or errgroup.Group
// the goroutine can reach to a function, which may wait on it:
// waitAll(&wg). Channels handed on are not counted: most such calls
// (unsubscribe(ch)) do not wait.
func (j *joiner) handsOver(call *ast.CallExpr) bool {
	info := j.sc.info
	if tv := info.Types[call.Fun]; tv.IsType() || tv.IsBuiltin() {
		return false
	}
	for _, arg := range call.Args {
		v := code.RootVar(info, arg)
		if v == nil || !j.linked[v] {
			continue
		}
		if t := info.TypeOf(arg); code.IsNamed(t, "sync", "WaitGroup") || code.IsNamed(t, "golang.org/x/sync/errgroup", "Group") {
			return true
		}
	}
	return false
}

// waitsOn reports whether receiving from ch waits for the goroutine: ch
// is rooted at a variable the goroutine can reach, or, with ctxDone, ch
// is the request context's Done channel.
func (j *joiner) waitsOn(ch ast.Expr, ctxDone bool) bool {
	if v := code.RootVar(j.sc.info, ch); v != nil && j.linked[v] {
		return true
	}
	if call, ok := ast.Unparen(ch).(*ast.CallExpr); ok && ctxDone {
		if x, name := j.sc.methodOn(call); name == "Done" {
			return j.sc.valueRole(x).kind == ctxRole
		}
	}
	return false
}

// exits reports whether b, a block without successors, returns from the
// handler rather than ending in panic or a call that never returns.
func (fl *flow) exits(b *cfg.Block) bool {
	if len(b.Nodes) == 0 {
		return true
	}
	stmt, ok := b.Nodes[len(b.Nodes)-1].(*ast.ExprStmt)
	if !ok {
		return true
	}
	call, ok := ast.Unparen(stmt.X).(*ast.CallExpr)
	if !ok {
		return true
	}
	info := fl.c.pass.TypesInfo
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "panic" {
			return false
		}
	}
	fn := code.Callee(info, call)
	return fn == nil || !fl.c.cfgs.NoReturn(fn)
}

// locate returns the block and index of the graph node that is or
// contains n.
func (fl *flow) locate(n ast.Node) (*cfg.Block, int) {
	for _, b := range fl.g.Blocks {
		if !b.Live {
			continue
		}
		for i, node := range b.Nodes {
			if node.Pos() <= n.Pos() && n.End() <= node.End() {
				return b, i
			}
		}
	}
	return nil, 0
}

type step int

const (
	next  step = iota // go on
	stop              // do not go past this point
	found             // the search is over
)

func stopIf(b bool) step {
	if b {
		return stop
	}
	return next
}

func foundIf(b bool) step {
	if b {
		return found
	}
	return next
}

// explore walks the graph forward from node i of block b and reports
// whether a visitor returned found. enter is called on each block entered
// from its start, visit on each node, and end after a block's last node.
func (fl *flow) explore(b *cfg.Block, i int, enter func(*cfg.Block) step, visit func(*cfg.Block, int) step, end func(*cfg.Block) step) bool {
	type point struct {
		b *cfg.Block
		i int
	}
	seen := make(map[*cfg.Block]bool)
	work := []point{{b, i}}
	for len(work) > 0 {
		p := work[len(work)-1]
		work = work[:len(work)-1]
		if p.i == 0 {
			if seen[p.b] {
				continue
			}
			seen[p.b] = true
			switch enter(p.b) {
			case stop:
				continue
			case found:
				return true
			}
		}
		blocked := false
		for k := p.i; k < len(p.b.Nodes) && !blocked; k++ {
			switch visit(p.b, k) {
			case stop:
				blocked = true
			case found:
				return true
			}
		}
		if blocked {
			continue
		}
		switch end(p.b) {
		case stop:
			continue
		case found:
			return true
		}
		for _, s := range p.b.Succs {
			work = append(work, point{s, 0})
		}
	}
	return false
}
