package closedchan

import (
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

// An eventKind says how a channel came to be closed on a path.
type eventKind uint8

const (
	explicitClose  eventKind = iota // close(ch)
	deferredClose                   // defer close(ch): runs when the function returns
	goroutineClose                  // a goroutine started here closes ch whenever it returns
)

// An event is the close that put a channel in a state.
type event struct {
	kind  eventKind
	node  ast.Node // the close call, the defer statement or the spawn
	facts facts    // what the branches say on every path that carries the event here
}

// A state is what holds on some path to a program point: the channels
// closed, the channels a deferred close will close at return, and what
// the branches taken say about local variables on every path here. Each
// channel maps to the earliest event in source order, so that the
// fixpoint is reached quickly and reports are stable.
type state struct {
	closed   map[code.Path]event
	deferred map[code.Path]event
	facts    facts
}

func newState() *state {
	return &state{closed: make(map[code.Path]event), deferred: make(map[code.Path]event)}
}

func (s *state) clone() *state {
	t := newState()
	t.facts = s.facts
	for k, v := range s.closed {
		t.closed[k] = v
	}
	for k, v := range s.deferred {
		t.deferred[k] = v
	}
	return t
}

// merge joins the path t stands for to those of s and reports whether s
// changed.
func (s *state) merge(t *state) bool {
	fs := s.facts.intersect(t.facts)
	changed := len(fs) < len(s.facts)
	s.facts = fs
	changed = mergeInto(s.closed, t.closed) || changed
	return mergeInto(s.deferred, t.deferred) || changed
}

func mergeInto(dst, src map[code.Path]event) bool {
	changed := false
	for k, v := range src {
		old, ok := dst[k]
		if !ok {
			dst[k] = v
			changed = true
			continue
		}
		ev := old
		if v.node.Pos() < old.node.Pos() {
			ev.kind, ev.node = v.kind, v.node
		}
		ev.facts = old.facts.intersect(v.facts)
		if ev.node != old.node || len(ev.facts) < len(old.facts) {
			dst[k] = ev
			changed = true
		}
	}
	return changed
}

// kill forgets every channel reached through p: p was assigned, so
// whatever it denoted before is no longer what p denotes.
func (s *state) kill(p code.Path) {
	for k := range s.closed {
		if p.Leads(k) {
			delete(s.closed, k)
		}
	}
	for k := range s.deferred {
		if p.Leads(k) {
			delete(s.deferred, k)
		}
	}
}

// A flow is the forward may-dataflow over one function's CFG.
type flow struct {
	c        *checker
	body     *ast.BlockStmt
	branches *brancher
	// defaultEntry maps the last non-default case of a select that has a
	// default clause to the select: cfg appends the default body to the
	// block that follows that case, so entering that block means no case
	// was ready, and so no channel the select receives from is closed.
	defaultEntry map[*ast.CommClause]*ast.SelectStmt
}

// function follows the CFG g of fn, whose body is body, in the top-level
// function that scan describes.
func (c *checker) function(scan *declScan, fn ast.Node, body *ast.BlockStmt, g *cfg.CFG) {
	if len(g.Blocks) == 0 {
		return
	}
	f := &flow{c: c, body: body, branches: &brancher{scan, fn}, defaultEntry: defaultEntries(body)}
	in := make([]*state, len(g.Blocks))
	in[0] = newState()
	work := []*cfg.Block{g.Blocks[0]}
	queued := make([]bool, len(g.Blocks))
	queued[0] = true
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		queued[b.Index] = false
		out := f.block(b, in[b.Index].clone(), false)
		if out == nil {
			continue // the block ends the test
		}
		for i, succ := range b.Succs {
			edge := out
			if fs := f.branches.edge(b, i); len(fs) > 0 {
				edge = out.clone()
				if !edge.learn(fs) {
					continue // the branch contradicts every path here
				}
			}
			changed := false
			if in[succ.Index] == nil {
				in[succ.Index] = edge.clone()
				changed = true
			} else {
				changed = in[succ.Index].merge(edge)
			}
			if changed && !queued[succ.Index] {
				queued[succ.Index] = true
				work = append(work, succ)
			}
		}
	}
	for _, b := range g.Blocks {
		if in[b.Index] != nil {
			f.block(b, in[b.Index].clone(), true)
		}
	}
}

// block applies b's nodes to s and returns the state at its end, or nil
// when b never gets there.
func (f *flow) block(b *cfg.Block, s *state, report bool) *state {
	switch b.Kind {
	case cfg.KindRangeBody:
		// Each iteration assigns the key and value afresh.
		if rng, ok := b.Stmt.(*ast.RangeStmt); ok {
			f.killExpr(s, rng.Key)
			f.killExpr(s, rng.Value)
		}
	case cfg.KindSelectAfterCase:
		if cc, ok := b.Stmt.(*ast.CommClause); ok {
			if sel := f.defaultEntry[cc]; sel != nil {
				for _, p := range f.recvPaths(sel) {
					delete(s.closed, p)
				}
			}
		}
	}
	for _, n := range b.Nodes {
		f.node(n, s, report)
		if f.endsTest(n) {
			return nil
		}
	}
	return s
}

// endsTest reports whether n is a call that ends the test's goroutine
// where the CFG, which knows only ctrlflow's no-return facts, goes on:
// see code.EndsGoroutine.
func (f *flow) endsTest(n ast.Node) bool {
	stmt, ok := n.(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := ast.Unparen(stmt.X).(*ast.CallExpr)
	return ok && code.EndsGoroutine(f.c.pass.TypesInfo, call)
}

func (f *flow) node(n ast.Node, s *state, report bool) {
	info := f.c.pass.TypesInfo
	switch n := n.(type) {
	case *ast.ExprStmt:
		call, ok := ast.Unparen(n.X).(*ast.CallExpr)
		if !ok {
			return
		}
		if isClose(info, call) {
			f.closeExpr(s, call.Args[0], event{kind: explicitClose, node: call}, report)
		} else if site := f.c.sites.Of(call); site != nil && site.Lit != nil {
			f.spawn(s, site, report) // wg.Go(func() {...})
		}
	case *ast.GoStmt:
		if site := f.c.sites.Of(n); site != nil && site.Lit != nil {
			f.spawn(s, site, report)
		}
	case *ast.DeferStmt:
		if isClose(info, n.Call) {
			f.closeExpr(s, n.Call.Args[0], event{kind: deferredClose, node: n}, report)
		} else if lit, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit); ok && len(n.Call.Args) == 0 {
			for _, c := range f.litCloses(lit, nil) {
				f.closeEvent(s, c.path, c.name, event{kind: deferredClose, node: n}, report)
			}
		}
	case *ast.SendStmt:
		if p, ok := f.c.path(n.Chan); ok && report {
			if prev, ok := s.closed[p]; ok && prev.kind == explicitClose && !f.infeasible(prev.node, n) {
				f.c.report(n, "send on %s after it is closed at line %d: a send on a closed channel panics; send before closing, or stop sending once it is closed",
					types.ExprString(n.Chan), f.c.line(prev.node.Pos()))
			}
		}
	case *ast.AssignStmt:
		for _, lhs := range n.Lhs {
			f.killExpr(s, lhs)
		}
	case *ast.IncDecStmt:
		f.killExpr(s, n.X)
	case *ast.DeclStmt:
		if gen, ok := n.Decl.(*ast.GenDecl); ok {
			for _, spec := range gen.Specs {
				if vs, ok := spec.(*ast.ValueSpec); ok {
					f.killSpec(s, vs)
				}
			}
		}
	case *ast.ValueSpec:
		f.killSpec(s, n)
	}
}

// spawn handles a goroutine that runs site.Lit: the channels the literal
// closes on every path to its return are closed by the spawn, whenever
// the goroutine gets there. Only the close-after-close question survives
// the lack of ordering between the goroutines: two closes of one channel
// panic in either order.
func (f *flow) spawn(s *state, site *spawnsites.Site, report bool) {
	for _, c := range f.litCloses(site.Lit, site.Args) {
		f.closeEvent(s, c.path, c.name, event{kind: goroutineClose, node: site.Node}, report)
	}
}

// A litClose is a channel a function literal always closes, as the caller
// names it.
type litClose struct {
	path code.Path
	name string
}

// litCloses returns the distinct channels that lit closes on every path
// to its end, in terms of the enclosing function: a parameter of lit
// stands for its argument in args, and a channel rooted at any other
// variable of lit's own is dropped.
func (f *flow) litCloses(lit *ast.FuncLit, args []ast.Expr) []litClose {
	info := f.c.pass.TypesInfo
	var out []litClose
	for _, ch := range alwaysCloses(info, lit.Body) {
		p, ok := f.c.path(ch)
		if !ok {
			continue
		}
		name := types.ExprString(ch)
		if p.Root.Pos() >= lit.Pos() && p.Root.Pos() < lit.End() {
			i := paramIndex(info, lit, p.Root)
			if i < 0 || i >= len(args) {
				continue
			}
			q, ok := f.c.path(args[i])
			if !ok {
				continue // go func(ch chan T) {...}(chans[i]): a different channel each time
			}
			q.Fields += p.Fields
			p, name = q, types.ExprString(args[i])+p.Fields
		}
		if !slices.ContainsFunc(out, func(c litClose) bool { return c.path == p }) {
			out = append(out, litClose{p, name})
		}
	}
	return out
}

func paramIndex(info *types.Info, lit *ast.FuncLit, v *types.Var) int {
	i := 0
	for _, field := range lit.Type.Params.List {
		if len(field.Names) == 0 {
			i++
		}
		for _, name := range field.Names {
			if info.Defs[name] == v {
				return i
			}
			i++
		}
	}
	return -1
}

// closeExpr records that ev closes ch.
func (f *flow) closeExpr(s *state, ch ast.Expr, ev event, report bool) {
	if p, ok := f.c.path(ch); ok {
		f.closeEvent(s, p, types.ExprString(ch), ev, report)
	}
}

// closeEvent records that ev closes the channel p, named name, reporting
// when it is already closed on some path to here or a deferred close of
// it is pending.
func (f *flow) closeEvent(s *state, p code.Path, name string, ev event, report bool) {
	if report {
		if prev, ok := s.closed[p]; ok {
			f.reportClose(name, ev, prev)
		} else if prev, ok := s.deferred[p]; ok {
			f.reportClose(name, ev, prev)
		}
	}
	ev.facts = s.facts
	if ev.kind == deferredClose {
		if _, ok := s.deferred[p]; !ok {
			s.deferred[p] = ev
		}
	} else if _, ok := s.closed[p]; !ok {
		s.closed[p] = ev
	}
}

func (f *flow) reportClose(name string, ev, prev event) {
	at := ev.node
	if ev.kind == explicitClose && f.guarded(ev.node) {
		return // a flag or CAS checked and set around this close makes it close-once
	}
	if f.infeasible(prev.node, ev.node) {
		return
	}
	const why = "close panics on a closed channel; close it once (sync.Once or a single owner)"
	line := f.c.line(prev.node.Pos())
	if prev.node == ev.node {
		switch ev.kind {
		case explicitClose:
			f.c.report(at, "close of %s in a loop, which closes it again on the next iteration: %s, or make a new channel each iteration", name, why)
		case goroutineClose:
			f.c.report(at, "goroutine started in a loop closes %s, so the goroutine of every other iteration closes it again: %s, such as a closer goroutine after wg.Wait()", name, why)
		case deferredClose:
			f.c.report(at, "deferred close of %s in a loop, which closes it again for every other iteration: %s", name, why)
		}
		return
	}
	var subject, was string
	switch ev.kind {
	case explicitClose:
		subject = "close of " + name
	case deferredClose:
		subject = "deferred close of " + name
	case goroutineClose:
		subject = "goroutine started here closes " + name
	}
	switch prev.kind {
	case explicitClose:
		was = "which is already closed at line %d on this path"
	case deferredClose:
		was = "which the deferred close at line %d closes again when the function returns"
	case goroutineClose:
		was = "which the goroutine started at line %d also closes"
	}
	f.c.report(at, subject+", "+was+": %s", line, why)
}

// infeasible reports whether the dataflow's path from first to second is
// likely one the code rules out: second is reached again through a loop
// only when a per-iteration event recurs. (Paths that contradicting
// branch conditions rule out never reach the report: see feasible.go.)
func (f *flow) infeasible(first, second ast.Node) bool {
	return first.Pos() >= second.Pos() && (f.variantGuard(first) || f.variantGuard(second))
}

func (f *flow) killExpr(s *state, e ast.Expr) {
	if e == nil {
		return
	}
	if p, ok := code.AccessPath(f.c.pass.TypesInfo, e); ok {
		s.kill(p)
		if p.Fields == "" {
			s.forget(p.Root)
		}
	}
}

func (f *flow) killSpec(s *state, vs *ast.ValueSpec) {
	for _, name := range vs.Names {
		f.killExpr(s, name)
	}
}

// recvPaths returns the channels that sel's cases receive from.
func (f *flow) recvPaths(sel *ast.SelectStmt) []code.Path {
	var paths []code.Path
	for _, stmt := range sel.Body.List {
		cc, ok := stmt.(*ast.CommClause)
		if !ok {
			continue
		}
		if x := code.RecvCase(cc.Comm); x != nil {
			if p, ok := f.c.path(x); ok {
				paths = append(paths, p)
			}
		}
	}
	return paths
}

// defaultEntries maps, for each select with a default clause in body, its
// last non-default case to the select.
func defaultEntries(body *ast.BlockStmt) map[*ast.CommClause]*ast.SelectStmt {
	var m map[*ast.CommClause]*ast.SelectStmt
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SelectStmt:
			var last *ast.CommClause
			hasDefault := false
			for _, stmt := range n.Body.List {
				if cc, ok := stmt.(*ast.CommClause); ok {
					if cc.Comm == nil {
						hasDefault = true
					} else {
						last = cc
					}
				}
			}
			if hasDefault && last != nil {
				if m == nil {
					m = make(map[*ast.CommClause]*ast.SelectStmt)
				}
				m[last] = n
			}
		}
		return true
	})
	return m
}

// alwaysCloses returns the channels that body closes on every path to its
// end: the argument of each close and defer close among its top-level
// statements (and of the top-level closes in a deferred function literal)
// with no return, goto or labelled branch anywhere before it.
func alwaysCloses(info *types.Info, body *ast.BlockStmt) []ast.Expr {
	var chans []ast.Expr
	for _, stmt := range body.List {
		switch stmt := stmt.(type) {
		case *ast.ExprStmt:
			if call, ok := ast.Unparen(stmt.X).(*ast.CallExpr); ok && isClose(info, call) {
				chans = append(chans, call.Args[0])
			}
		case *ast.DeferStmt:
			if isClose(info, stmt.Call) {
				chans = append(chans, stmt.Call.Args[0])
			} else if lit, ok := ast.Unparen(stmt.Call.Fun).(*ast.FuncLit); ok && len(stmt.Call.Args) == 0 {
				chans = append(chans, alwaysCloses(info, lit.Body)...)
			}
		}
		if code.MayLeave(stmt) {
			break
		}
	}
	return chans
}

// guarded reports whether the close call sits inside an if statement whose
// condition reads a variable or field that the if body assigns (the
// "if !closed { closed = true; close(ch) }" idiom), or calls sync/atomic
// (a CompareAndSwap or Swap of a closed flag).
func (f *flow) guarded(call ast.Node) bool {
	info := f.c.pass.TypesInfo
	var ifs []*ast.IfStmt
	for _, anc := range ancestors(f.body, call) {
		if is, ok := anc.(*ast.IfStmt); ok {
			ifs = append(ifs, is)
		}
	}
	for _, is := range ifs {
		if callsAtomic(info, is.Cond) {
			return true
		}
		read := readPaths(info, is.Cond)
		assigned := false
		ast.Inspect(is.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.AssignStmt:
				for _, lhs := range n.Lhs {
					if p, ok := code.AccessPath(info, lhs); ok && slices.Contains(read, p) {
						assigned = true
					}
				}
			}
			return !assigned
		})
		if assigned {
			return true
		}
	}
	return false
}

// readPaths returns the access paths of the identifiers and field
// selections in expr.
func readPaths(info *types.Info, expr ast.Expr) []code.Path {
	var paths []code.Path
	ast.Inspect(expr, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.Ident, *ast.SelectorExpr:
			if p, ok := code.AccessPath(info, n.(ast.Expr)); ok {
				paths = append(paths, p)
				return false
			}
		}
		return true
	})
	return paths
}

func callsAtomic(info *types.Info, expr ast.Expr) bool {
	found := false
	ast.Inspect(expr, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if fn := code.Callee(info, call); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "sync/atomic" {
				found = true
			}
		}
		return !found
	})
	return found
}
