package mainexit

import (
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

// A checker holds what is known about the functions of one package.
type checker struct {
	pass  *analysis.Pass
	cfgs  *ctrlflow.CFGs
	sites *spawnsites.Result
	decls map[*types.Func]*ast.FuncDecl
	memo  map[*types.Func]funcState // for blocks
}

// An entry is a main or TestMain function being checked.
type entry struct {
	c     *checker
	sites *spawnsites.Result
	decl  *ast.FuncDecl
	flow  *bodyFlow

	// tracked holds the entry's channels, WaitGroups and errgroups whose
	// every use is visible here, so that who sends on them, closes them or
	// counts on them is known; signalled those the entry itself sends on
	// or closes.
	tracked    map[*types.Var]bool
	signalled  map[*types.Var]bool
	goroutines []*goroutine
	deferred   []op
	nodeOps    map[ast.Node][]op
	loopOps    map[ast.Stmt][]op
	joined     map[*types.Var]map[*goroutine]bool
}

func (c *checker) checkEntry(decl *ast.FuncDecl, sites []*spawnsites.Site) {
	g := c.cfgs.FuncDecl(decl)
	if g == nil {
		return
	}
	e := &entry{
		c:       c,
		sites:   c.sites,
		decl:    decl,
		flow:    newBodyFlow(c, decl.Body, g),
		nodeOps: make(map[ast.Node][]op),
		loopOps: make(map[ast.Stmt][]op),
		joined:  make(map[*types.Var]map[*goroutine]bool),
	}
	bodies := make(map[*ast.FuncLit]bool)
	for _, s := range sites {
		if s.Lit != nil {
			bodies[s.Lit] = true
		}
	}
	e.track(bodies)
	for _, s := range sites {
		e.goroutines = append(e.goroutines, e.newGoroutine(s))
	}
	for _, d := range deferStmts(decl.Body) {
		e.deferred = append(e.deferred, e.deferredOps(d)...)
	}
	for _, gr := range e.goroutines {
		if e.daemon(gr) {
			continue
		}
		if ex, ok := e.unjoinedExit(gr); ok {
			e.report(gr, ex)
		}
	}
}

func (e *entry) report(g *goroutine, ex exit) {
	verb := "returns"
	if ex.osExit {
		verb = "calls os.Exit"
	}
	hint := ""
	if e.cancelledOnly(g) {
		hint = " (receiving from ctx.Done() tells it to stop but does not wait until it has)"
	}
	e.c.pass.ReportRangef(g.site.Node, "%s %s at line %d without waiting for this goroutine%s: the program exits and its work is lost; "+
		"wait for it with a sync.WaitGroup or a channel", e.decl.Name.Name, verb, ex.line, hint)
}

// cancelledOnly reports whether the entry receives from the Done channel
// of a context that g watches.
func (e *entry) cancelledOnly(g *goroutine) bool {
	for _, ops := range e.nodeOps {
		for _, o := range ops {
			if o.kind == opCtx && !e.joins(o, g) {
				return true
			}
		}
	}
	return false
}

// joins reports whether o waits until g has finished, or may.
func (e *entry) joins(o op, g *goroutine) bool {
	switch o.kind {
	case opVar:
		return e.joinedBy(o.v)[g]
	case opCtx:
		// Cancellation stops the goroutines that watch the context; it
		// only waits for one that cancels it, or for none that watches it.
		return !g.refs[o.v] || g.cancels
	}
	return true
}

// joinedBy returns the goroutines that waiting on v waits for: those
// that send on v, close it or count on it, and, since they get there only
// after what they receive has arrived, the producers of their inputs, and
// so on.
func (e *entry) joinedBy(v *types.Var) map[*goroutine]bool {
	if j, ok := e.joined[v]; ok {
		return j
	}
	awaited := map[*types.Var]bool{v: true}
	joined := make(map[*goroutine]bool)
	for changed := true; changed; {
		changed = false
		for _, g := range e.goroutines {
			if joined[g] || !overlaps(g.prod, awaited) {
				continue
			}
			joined[g], changed = true, true
			for w := range g.cons {
				awaited[w] = true
			}
		}
	}
	e.joined[v] = joined
	return joined
}

func overlaps(a, b map[*types.Var]bool) bool {
	for v := range a {
		if b[v] {
			return true
		}
	}
	return false
}

// An exit is where the entry function ends the program.
type exit struct {
	line   int
	osExit bool
}

// unjoinedExit returns the first exit that some path from g's spawn
// reaches without passing an op that joins g.
func (e *entry) unjoinedExit(g *goroutine) (exit, bool) {
	fl := e.flow
	start, at := fl.locate(g.site.Node)
	if start == nil {
		return exit{}, false
	}
	var exits []exit
	scan := func(b *cfg.Block, from int) bool { // reports whether the path goes on
		if from == 0 && e.headJoins(b, g) {
			return false
		}
		for _, n := range b.Nodes[from:] {
			for _, o := range e.opsOfNode(n) {
				if e.joins(o, g) {
					return false
				}
			}
		}
		if len(b.Succs) == 0 {
			if ex, ok := fl.exitOf(b); ok && (ex.osExit || !e.deferJoins(g)) {
				exits = append(exits, ex)
			}
		}
		return true
	}
	seen := make(map[*cfg.Block]bool)
	var stack []*cfg.Block
	if scan(start, at+1) {
		stack = append(stack, start.Succs...)
	}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[b] {
			continue
		}
		seen[b] = true
		if scan(b, 0) {
			stack = append(stack, b.Succs...)
		}
	}
	if len(exits) == 0 {
		return exit{}, false
	}
	return slices.MinFunc(exits, func(a, b exit) int { return a.line - b.line }), true
}

func (e *entry) deferJoins(g *goroutine) bool {
	return slices.ContainsFunc(e.deferred, func(o op) bool { return e.joins(o, g) })
}

// headJoins reports whether entering b, the head of a loop, joins g:
// receiving from the channel a range loop ranges over, or running a loop
// (other than one around the spawn) whose body joins. The graph has a
// path that runs such a loop zero times, but a loop that receives a
// result per worker is a join.
func (e *entry) headJoins(b *cfg.Block, g *goroutine) bool {
	var loop ast.Stmt
	switch b.Kind {
	case cfg.KindRangeLoop:
		rs, ok := b.Stmt.(*ast.RangeStmt)
		if !ok {
			return false
		}
		if isChan(e.c.pass.TypesInfo.TypeOf(rs.X)) && e.joins(e.recv(rs.X), g) {
			return true
		}
		loop = rs
	case cfg.KindForLoop:
		loop = b.Stmt
	default:
		return false
	}
	if loop == nil || loop.Pos() <= g.site.Node.Pos() && g.site.Node.End() <= loop.End() {
		return false
	}
	ops, ok := e.loopOps[loop]
	if !ok {
		switch l := loop.(type) {
		case *ast.ForStmt:
			ops = e.opsOf(l.Body)
		case *ast.RangeStmt:
			ops = e.opsOf(l.Body)
		}
		e.loopOps[loop] = ops
	}
	return slices.ContainsFunc(ops, func(o op) bool { return e.joins(o, g) })
}

// opsOfNode returns the ops of a node of the entry's graph. A select's
// communications are nodes of their own; with a default case they do
// not block.
func (e *entry) opsOfNode(n ast.Node) []op {
	if ops, ok := e.nodeOps[n]; ok {
		return ops
	}
	var ops []op
	if s, ok := n.(ast.Stmt); !ok || !e.flow.polls[s] {
		ops = e.opsOf(n)
	}
	e.nodeOps[n] = ops
	return ops
}

// deferredOps returns the ops of a deferred call, which runs as the
// function returns.
func (e *entry) deferredOps(d *ast.DeferStmt) []op {
	if lit, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit); ok {
		return e.opsOf(lit.Body)
	}
	// Only the call itself is deferred; its arguments are evaluated now.
	switch kind, recv := e.c.callKind(d.Call); kind {
	case callBlocks:
		return []op{{kind: opAll}}
	case callWait:
		return []op{e.wait(recv)}
	}
	return nil
}

// deferStmts returns the defer statements of body, outside function
// literals.
func deferStmts(body *ast.BlockStmt) []*ast.DeferStmt {
	var ds []*ast.DeferStmt
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			ds = append(ds, n)
		}
		return true
	})
	return ds
}
