package sleepsync

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/code"
)

// An evKind says what a step of a function does that matters here.
type evKind uint8

const (
	evSpawn   evKind = iota // starts goroutines that outlive the step
	evSleep                 // time.Sleep
	evJoin                  // blocks until another goroutine acts: Wait, receive, ...
	evStop                  // tells goroutines to stop: cancel(), close(quit), srv.Shutdown
	evConnect               // dials a server: net.Dial, http.Get, ...
	evListen                // binds a listener, after which dials succeed
	evCall                  // calls a function of this package; see checker.isJoin/isSpawn
	evHandOff               // returns a closure that joins: its caller waits later
	evDone                  // receives from ctx.Done() of a context whose cancel function is v
	evRelease               // v.Close() on a variable assigned a call's result: unbinds a listener
	evTimeout               // gives code a constant timeout of dur, which it measures against the clock
)

// An event is one such step, in the order the function performs them.
type event struct {
	kind evKind
	node ast.Node    // the go statement or call
	fn   *types.Func // evCall: the callee; evSpawn, evJoin through a call of an imported function: the callee
	loop ast.Node    // evSleep: the innermost loop of the function around the sleep, or nil
	dur  int64       // evTimeout: the duration, in nanoseconds
	v    *types.Var  // evStop, evDone: what is stopped (cancel, quit, srv), or nil if unknown; evListen, evCall: the variable assigned the result; evRelease: the variable closed
}

// A flow is a function's control-flow graph with the events of each block.
type flow struct {
	g      *cfg.CFG
	events [][]event // by block index
	all    []event   // every event, in source order

	// deferredJoin is set when a deferred call joins (defer wg.Wait()),
	// and ownDeferredJoin when it does so other than by calling an
	// imported function. deferredCalls lists deferred calls of this
	// package's functions, which join if those functions do.
	deferredJoin    bool
	ownDeferredJoin bool
	deferredCalls   []*types.Func

	// deferredStops lists what deferred or cleanup calls stop (defer
	// cancel(), defer close(quit), defer s.Stop()), nil where unknown.
	deferredStops []*types.Var

	// deferredReleases lists the variables closed when the function
	// returns (defer ln.Close()).
	deferredReleases []*types.Var

	// dead marks the blocks that end in a panic or a call that never
	// returns, which the graph leaves without successors like returns.
	dead []bool

	loopSpawns map[ast.Node]bool // cache for checker.spawnsIn

	main bool // the flow is main.main's, whose return ends the program

	closed map[*types.Var]bool // the channels the function closes, by root variable
}

// A funcScan holds what scanning one function's steps needs to know
// about the function as a whole.
type funcScan struct {
	c       *checker
	fl      *flow
	loops   []ast.Node                   // for and range statements, outside nested literals
	comms   map[ast.Stmt]*ast.SelectStmt // select cases' communications
	signals map[*types.Var]bool          // channels registered with signal.Notify
	results map[*types.Var]bool          // variables assigned a call's results
	cancels map[*types.Var]*types.Var    // ctx to cancel, of ctx, cancel := context.WithCancel(...)
	assigns map[*ast.CallExpr]*types.Var // calls to the variable their first result is assigned to
}

// newFlow scans the function whose body and graph are given.
func (c *checker) newFlow(body *ast.BlockStmt, g *cfg.CFG) *flow {
	fl := &flow{g: g, events: make([][]event, len(g.Blocks)), dead: make([]bool, len(g.Blocks))}
	fs := &funcScan{c: c, fl: fl}
	fs.prescan(body)
	for _, b := range g.Blocks {
		if !b.Live {
			continue
		}
		var evs []event
		if rs, ok := b.Stmt.(*ast.RangeStmt); ok && b.Kind == cfg.KindRangeLoop && fs.joinRange(rs) {
			evs = append(evs, event{kind: evJoin, node: rs})
		}
		for _, n := range b.Nodes {
			evs = fs.appendEvents(evs, n)
		}
		for i, ev := range evs {
			if ev.kind == evSleep && ev.loop == nil && fl.onCycle(b) {
				// A loop made with goto, as in CHECK: ...; goto WAIT;
				// WAIT: time.Sleep(d); goto CHECK: the whole body
				// stands for the loop.
				evs[i].loop = body
			}
		}
		fl.events[b.Index] = evs
		fl.dead[b.Index] = len(b.Succs) == 0 && c.endsInNoReturn(b)
		fl.all = append(fl.all, evs...)
	}
	slices.SortStableFunc(fl.all, func(a, b event) int { return cmp.Compare(a.node.Pos(), b.node.Pos()) })
	return fl
}

// prescan records the loops, select communications and signal channels
// of the function body, not looking into function literals.
func (fs *funcScan) prescan(body *ast.BlockStmt) {
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			fs.loops = append(fs.loops, n)
		case *ast.SelectStmt:
			for _, cc := range n.Body.List {
				if comm := cc.(*ast.CommClause).Comm; comm != nil {
					if fs.comms == nil {
						fs.comms = make(map[ast.Stmt]*ast.SelectStmt)
					}
					fs.comms[comm] = n
				}
			}
		case *ast.AssignStmt:
			if len(n.Rhs) == 1 {
				if call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr); ok {
					fs.noteResults(n.Lhs)
					fs.noteCancel(call, n.Lhs)
					if v := code.RootVar(fs.c.pass.TypesInfo, n.Lhs[0]); v != nil {
						if fs.assigns == nil {
							fs.assigns = make(map[*ast.CallExpr]*types.Var)
						}
						fs.assigns[call] = v
					}
				}
			}
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && len(n.Args) == 1 {
				if b, ok := fs.c.pass.TypesInfo.Uses[id].(*types.Builtin); ok && b.Name() == "close" {
					if v := code.RootVar(fs.c.pass.TypesInfo, n.Args[0]); v != nil {
						if fs.fl.closed == nil {
							fs.fl.closed = make(map[*types.Var]bool)
						}
						fs.fl.closed[v] = true
					}
				}
			}
			if isSignalNotify(fs.c.pass.TypesInfo, n) && len(n.Args) > 0 {
				if v := code.RootVar(fs.c.pass.TypesInfo, n.Args[0]); v != nil {
					if fs.signals == nil {
						fs.signals = make(map[*types.Var]bool)
					}
					fs.signals[v] = true
				}
			}
		}
		return true
	})
}

func (fs *funcScan) noteResults(lhs []ast.Expr) {
	for _, x := range lhs {
		id, ok := x.(*ast.Ident)
		if !ok {
			continue
		}
		if v, ok := fs.c.pass.TypesInfo.ObjectOf(id).(*types.Var); ok {
			if fs.results == nil {
				fs.results = make(map[*types.Var]bool)
			}
			fs.results[v] = true
		}
	}
}

// noteCancel records the pair of ctx, cancel := context.WithCancel(...)
// and its kin, so that <-ctx.Done() is known to mean cancel has no more
// to stop.
func (fs *funcScan) noteCancel(call *ast.CallExpr, lhs []ast.Expr) {
	fn := code.Callee(fs.c.pass.TypesInfo, call)
	if len(lhs) != 2 || fn == nil || pkgPath(fn) != "context" {
		return
	}
	ctx, cancel := code.RootVar(fs.c.pass.TypesInfo, lhs[0]), code.RootVar(fs.c.pass.TypesInfo, lhs[1])
	if ctx == nil || cancel == nil {
		return
	}
	if fs.cancels == nil {
		fs.cancels = make(map[*types.Var]*types.Var)
	}
	fs.cancels[ctx] = cancel
}

// doneOf returns the cancel function of the context whose Done channel
// ch is, as in <-ctx.Done(), or nil.
func (fs *funcScan) doneOf(ch ast.Expr) *types.Var {
	call, ok := ast.Unparen(ch).(*ast.CallExpr)
	if !ok || !isDone(code.Callee(fs.c.pass.TypesInfo, call)) {
		return nil
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	if v := code.RootVar(fs.c.pass.TypesInfo, sel.X); v != nil {
		return fs.cancels[v]
	}
	return nil
}

// events returns the events of root, a node of the control-flow graph or
// the body of a deferred function literal, ordered by where they end:
// arguments are evaluated before the call that takes them.
func (fs *funcScan) events(root ast.Node) []event {
	return fs.appendEvents(nil, root)
}

// appendEvents appends the events of root to evs, as events returns them.
func (fs *funcScan) appendEvents(evs []event, root ast.Node) []event {
	if sel, ok := fs.comms[asStmt(root)]; ok {
		// The graph lists each case's communication as if it ran in
		// turn; a select blocks on them together, once.
		if fs.joinSelect(sel) {
			evs = append(evs, event{kind: evJoin, node: root})
		}
		return evs
	}
	start := len(evs)
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			fs.atExit(n.Call)
			return false
		case *ast.GoStmt:
			if fs.c.sites[n] {
				evs = append(evs, event{kind: evSpawn, node: n})
			}
			for _, arg := range n.Call.Args {
				evs = fs.appendEvents(evs, arg)
			}
			return false
		case *ast.ReturnStmt:
			for _, r := range n.Results {
				if lit, ok := ast.Unparen(r).(*ast.FuncLit); ok && fs.joins(lit.Body) {
					evs = append(evs, event{kind: evHandOff, node: n})
				}
			}
		case *ast.SelectStmt: // met only in deferred function literals
			if fs.joinSelect(n) {
				evs = append(evs, event{kind: evJoin, node: n})
			}
			for _, cc := range n.Body.List {
				for _, s := range cc.(*ast.CommClause).Body {
					evs = fs.appendEvents(evs, s)
				}
			}
			return false
		case *ast.RangeStmt: // likewise
			if fs.joinRange(n) {
				evs = append(evs, event{kind: evJoin, node: n})
			}
		case *ast.UnaryExpr:
			switch {
			case n.Op != token.ARROW:
			case !fs.notJoinChan(n.X):
				evs = append(evs, event{kind: evJoin, node: n})
			case fs.doneOf(n.X) != nil:
				evs = append(evs, event{kind: evDone, node: n, v: fs.doneOf(n.X)})
			}
		case *ast.CallExpr:
			if fs.c.sites[n] { // wg.Go(f), g.Go(f)
				evs = append(evs, event{kind: evSpawn, node: n})
				return false
			}
			evs = append(evs, fs.call(n)...)
			evs = append(evs, fs.timeouts(n)...)
		case *ast.CompositeLit:
			evs = append(evs, fs.timeouts(n)...)
		}
		return true
	})
	if len(evs)-start > 1 {
		slices.SortStableFunc(evs[start:], func(a, b event) int { return cmp.Compare(a.node.End(), b.node.End()) })
	}
	return evs
}

// atExit records whether fun, which runs when the function returns
// (deferred, or registered with t.Cleanup), joins. Its other effects come
// after every sleep and do not matter.
func (fs *funcScan) atExit(fun ast.Expr) {
	var evs []event
	switch f := ast.Unparen(fun).(type) {
	case *ast.FuncLit: // t.Cleanup(func() { ... })
		evs = fs.events(f.Body)
	case *ast.CallExpr: // defer f(x), defer func() { ... }()
		if lit, ok := ast.Unparen(f.Fun).(*ast.FuncLit); ok {
			evs = fs.events(lit.Body)
		} else {
			evs = fs.call(f)
		}
	case *ast.Ident, *ast.SelectorExpr: // t.Cleanup(wg.Wait)
		evs = fs.funcValue(f)
	}
	for _, ev := range evs {
		switch ev.kind {
		case evJoin:
			fs.fl.deferredJoin = true
			fs.fl.ownDeferredJoin = fs.fl.ownDeferredJoin || ev.fn == nil
		case evCall:
			fs.fl.deferredCalls = append(fs.fl.deferredCalls, ev.fn)
		case evStop:
			fs.fl.deferredStops = append(fs.fl.deferredStops, ev.v)
		case evRelease:
			fs.fl.deferredReleases = append(fs.fl.deferredReleases, ev.v)
		}
	}
}

// joins reports whether body, a function literal's, joins other than by
// calling a function of this package.
func (fs *funcScan) joins(body *ast.BlockStmt) bool {
	return slices.ContainsFunc(fs.events(body), func(ev event) bool { return ev.kind == evJoin })
}

// loopOf returns the innermost loop of the function around pos, or nil.
func (fs *funcScan) loopOf(pos token.Pos) ast.Node {
	var inner ast.Node
	for _, l := range fs.loops {
		if l.Pos() <= pos && pos < l.End() && (inner == nil || l.Pos() > inner.Pos()) {
			inner = l
		}
	}
	return inner
}

// A verdict tells search what an event means for the path it is on.
type verdict uint8

const (
	onward verdict = iota // keep going
	found                 // the path reaches what is sought
	cut                   // the path ends here without finding it
)

// search walks forward along every path from the i'th event of block b,
// exclusive, and reports whether visit returns found for some event
// before it returns cut on that path. With exit set, reaching the end of
// the function also counts as found.
func (fl *flow) search(b *cfg.Block, i int, exit bool, visit func(event) verdict) bool {
	return fl.walk(b, func(blk *cfg.Block, first bool) verdict {
		from := 0
		if first {
			from = i + 1
		}
		for _, ev := range fl.events[blk.Index][from:] {
			if v := visit(ev); v != onward {
				return v
			}
		}
		if exit && len(blk.Succs) == 0 && !fl.dead[blk.Index] {
			return found
		}
		return onward
	})
}

// walk scans b from where the caller starts (first set), then every
// block some path from there reaches, each once and whole, and reports
// whether scan returns found for one; a block for which it returns cut
// ends the paths through it.
func (fl *flow) walk(b *cfg.Block, scan func(b *cfg.Block, first bool) verdict) bool {
	switch scan(b, true) {
	case found:
		return true
	case cut:
		return false
	}
	seen := make(map[*cfg.Block]bool)
	stack := slices.Clone(b.Succs)
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[b] {
			continue
		}
		seen[b] = true
		switch scan(b, false) {
		case found:
			return true
		case onward:
			stack = append(stack, b.Succs...)
		}
	}
	return false
}

// onCycle reports whether some path from b leads back to b.
func (fl *flow) onCycle(b *cfg.Block) bool {
	return fl.walk(b, func(blk *cfg.Block, first bool) verdict {
		if !first && blk == b {
			return found
		}
		return onward
	})
}

// nodeAfter reports whether visit holds for some node of the graph that a
// path from n, a node inside one of the graph's nodes, reaches after the
// node holding n: what the function does once n is done.
func (fl *flow) nodeAfter(n ast.Node, visit func(ast.Node) bool) bool {
	home, at := fl.home(n)
	if home == nil {
		return false
	}
	return fl.walk(home, func(b *cfg.Block, first bool) verdict {
		nodes := b.Nodes
		if first {
			nodes = nodes[at+1:]
		}
		if slices.ContainsFunc(nodes, visit) {
			return found
		}
		return onward
	})
}

// home returns the block and index of the graph node that holds n.
func (fl *flow) home(n ast.Node) (*cfg.Block, int) {
	for _, b := range fl.g.Blocks {
		for i, m := range b.Nodes {
			if m.Pos() <= n.Pos() && n.End() <= m.End() {
				return b, i
			}
		}
	}
	return nil, 0
}

// reaches reports whether some path leads from event from to event to.
func (fl *flow) reaches(from, to event) bool {
	b, i := fl.locate(from.node)
	return fl.search(b, i, false, func(e event) verdict {
		if e.node == to.node {
			return found
		}
		return onward
	})
}

// locate returns the block and index of the event whose node is n.
func (fl *flow) locate(n ast.Node) (*cfg.Block, int) {
	for _, b := range fl.g.Blocks {
		for i, ev := range fl.events[b.Index] {
			if ev.node == n {
				return b, i
			}
		}
	}
	return nil, 0
}

func asStmt(n ast.Node) ast.Stmt {
	s, _ := n.(ast.Stmt)
	return s
}
