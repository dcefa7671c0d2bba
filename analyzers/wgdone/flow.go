package wgdone

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/code"
)

// An outcome is what analyze found about one WaitGroup in one body.
type outcome struct {
	verdict Verdict
	missing []*ast.ReturnStmt // explicit returns reached without any Done
	twice   []twiceAt         // where a path calls Done a second time
	dones   []*ast.CallExpr   // the body's own non-deferred Done calls
	defers  bool              // the body has a defer statement of any kind
	// doneLast: after every Done, direct or through a helper, the body
	// only returns, so deferring Done keeps the paths that call it as
	// they are.
	doneLast bool
	// bare are the missing returns that no path reaches after a Done:
	// a Done added just before them is called exactly once.
	bare map[*ast.ReturnStmt]bool
}

// A twiceAt is a Done, deferred or not, reached on a path that has already
// called Done (or deferred it) once.
type twiceAt struct {
	node     ast.Node // the Done's statement or call
	deferred bool     // one of the two is deferred
}

// An effect is what one CFG node does to the WaitGroup under analysis.
type effect struct {
	done     int  // Done calls, direct or through a helper that always calls it
	deferred int  // deferred Done calls
	unknown  bool // the WaitGroup escapes to code we cannot follow
}

// A state is what a path has done so far: Done calls and deferred Done
// calls, each saturating at 2, and whether it went through unknown code.
type state struct {
	done, deferred int
	unknown        bool
}

func (s state) bit() uint32 {
	b := uint(s.done*6 + s.deferred*2)
	if s.unknown {
		b++
	}
	return 1 << b
}

func stateOf(bit int) state {
	return state{done: bit / 6, deferred: bit % 6 / 2, unknown: bit%2 == 1}
}

// analyze follows every path of body, whose CFG is g, and says how it
// calls Done on the WaitGroup at w.
func (c *checker) analyze(body *ast.BlockStmt, g *cfg.CFG, w code.Path) *outcome {
	out := &outcome{}
	effects := make(map[ast.Node]effect)
	var counting []*cfg.Block
	hasDone := false
	for _, b := range g.Blocks {
		if !b.Live {
			continue
		}
		for _, n := range b.Nodes {
			e := c.effect(n, w)
			effects[n] = e
			if e.done > 0 || e.deferred > 0 {
				hasDone = true
				if len(counting) == 0 || counting[len(counting)-1] != b {
					counting = append(counting, b)
				}
			}
			if _, ok := n.(*ast.DeferStmt); ok {
				out.defers = true
			}
		}
	}
	out.dones = c.directDones(body, w)
	for _, b := range counting {
		if inCycle(b) {
			out.verdict = Unknown // Done once per item: counted elsewhere
			return out
		}
	}

	in := make([]uint32, len(g.Blocks))
	in[0] = state{}.bit()
	work := []*cfg.Block{g.Blocks[0]}
	returns := make(map[*ast.ReturnStmt]uint32)
	var retOrder []*ast.ReturnStmt
	seenTwice := make(map[ast.Node]bool)
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		states := in[b.Index]
		for _, n := range b.Nodes {
			e := effects[n]
			var next uint32
			for i := 0; i < 18; i++ {
				if states&(1<<i) == 0 {
					continue
				}
				s := stateOf(i)
				if !s.unknown && !e.unknown && s.done+s.deferred > 0 && e.done+e.deferred > 0 && !seenTwice[n] {
					seenTwice[n] = true
					out.twice = append(out.twice, twiceAt{node: n, deferred: s.deferred > 0 || e.deferred > 0})
				}
				s.done = min(2, s.done+e.done)
				s.deferred = min(2, s.deferred+e.deferred)
				s.unknown = s.unknown || e.unknown
				next |= s.bit()
			}
			states = next
			if ret, ok := n.(*ast.ReturnStmt); ok {
				if _, seen := returns[ret]; !seen {
					retOrder = append(retOrder, ret)
				}
				returns[ret] |= states
			}
		}
		for _, s := range b.Succs {
			if in[s.Index]|states != in[s.Index] {
				in[s.Index] |= states
				work = append(work, s)
			}
		}
	}

	out.doneLast = doneLast(g, effects)
	out.bare = make(map[*ast.ReturnStmt]bool)
	calledSomewhere, unknown, allOnce := false, false, true
	for _, ret := range retOrder {
		missing, bare := false, true
		for i := 0; i < 18; i++ {
			if returns[ret]&(1<<i) == 0 {
				continue
			}
			s := stateOf(i)
			total := s.done + s.deferred
			bare = bare && total == 0 && !s.unknown
			switch {
			case s.unknown:
				unknown = true
			case total == 0:
				allOnce = false
				missing = true
			case total == 1:
				calledSomewhere = true
			default:
				allOnce = false
				calledSomewhere = true
			}
		}
		if missing && ret.Return != body.Rbrace {
			out.missing = append(out.missing, ret)
			out.bare[ret] = bare
		}
	}
	if !calledSomewhere {
		out.missing = nil
	}
	switch {
	case !hasDone && !unknown:
		out.verdict = Never
	case len(out.missing) > 0:
		out.verdict = Sometimes
	case len(out.twice) > 0:
		out.verdict = Twice
	case unknown || !allOnce:
		out.verdict = Unknown
	default:
		out.verdict = Once
	}
	return out
}

// doneLast reports whether every node of g that calls Done is followed,
// on every path, by nothing but a return without results.
func doneLast(g *cfg.CFG, effects map[ast.Node]effect) bool {
	onlyReturns := func(nodes []ast.Node) bool {
		for _, n := range nodes {
			if ret, ok := n.(*ast.ReturnStmt); !ok || len(ret.Results) > 0 {
				return false
			}
		}
		return true
	}
	for _, b := range g.Blocks {
		if !b.Live {
			continue
		}
		for i, n := range b.Nodes {
			if effects[n].done == 0 {
				continue
			}
			if !onlyReturns(b.Nodes[i+1:]) {
				return false
			}
			seen := make(map[*cfg.Block]bool)
			work := append([]*cfg.Block(nil), b.Succs...)
			for len(work) > 0 {
				x := work[len(work)-1]
				work = work[:len(work)-1]
				if seen[x] {
					continue
				}
				seen[x] = true
				if !onlyReturns(x.Nodes) {
					return false
				}
				work = append(work, x.Succs...)
			}
		}
	}
	return true
}

// inCycle reports whether b can reach itself.
func inCycle(b *cfg.Block) bool {
	seen := make(map[*cfg.Block]bool)
	stack := append([]*cfg.Block(nil), b.Succs...)
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x == b {
			return true
		}
		if !seen[x] {
			seen[x] = true
			stack = append(stack, x.Succs...)
		}
	}
	return false
}

// directDones returns the non-deferred w.Done() calls body makes itself.
func (c *checker) directDones(body *ast.BlockStmt, w code.Path) []*ast.CallExpr {
	var dones []*ast.CallExpr
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.DeferStmt, *ast.GoStmt:
			return false
		case *ast.CallExpr:
			if wg := code.MethodCall(c.pass.TypesInfo, n, "sync", "WaitGroup", "Done"); wg != nil && code.IsPath(c.pass.TypesInfo, wg, w) {
				dones = append(dones, n)
			}
		}
		return true
	})
	return dones
}

// effect says what the CFG node n does to the WaitGroup at w.
func (c *checker) effect(n ast.Node, w code.Path) effect {
	var e effect
	switch n := n.(type) {
	case *ast.GoStmt:
		// Handing the WaitGroup to a new goroutine may hand it the count.
		e.unknown = c.mentions(n, w)
		return e
	case *ast.DeferStmt:
		return c.deferEffect(n.Call, w)
	}
	ast.Inspect(n, func(x ast.Node) bool {
		if e.unknown || x == nil {
			return false
		}
		switch x := x.(type) {
		case *ast.FuncLit:
			e.unknown = c.mentions(x, w)
			return false
		case *ast.CallExpr:
			if !c.mentions(x, w) {
				return false
			}
			if done, ok := c.callEffect(x, w); ok {
				e.done += done
			} else {
				e.unknown = true
			}
			return false
		case *ast.Ident, *ast.SelectorExpr:
			if m, decided := c.mentionsHere(x.(ast.Expr), w); decided {
				e.unknown = m
				return false
			}
		}
		return true
	})
	return e
}

// deferEffect says what defer call does to the WaitGroup at w.
func (c *checker) deferEffect(call *ast.CallExpr, w code.Path) effect {
	if !c.mentions(call, w) {
		return effect{}
	}
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		// defer func() { ...; wg.Done() }(): one unguarded Done in the
		// literal runs once when the goroutine returns.
		for _, arg := range call.Args {
			if c.mentions(arg, w) {
				return effect{unknown: true}
			}
		}
		var total effect
		for _, stmt := range lit.Body.List {
			if isCompound(stmt) {
				// A guarded Done may or may not run: leave it to runtime.
				total.unknown = total.unknown || c.mentions(stmt, w)
				continue
			}
			e := c.effect(stmt, w)
			total.done += e.done
			total.unknown = total.unknown || e.unknown || e.deferred > 0
		}
		if total.unknown || total.done > 1 {
			return effect{unknown: true}
		}
		return effect{deferred: total.done}
	}
	if done, ok := c.callEffect(call, w); ok {
		return effect{deferred: done}
	}
	return effect{unknown: true}
}

// isCompound reports whether n is a statement that holds other statements.
func isCompound(n ast.Node) bool {
	switch n.(type) {
	case *ast.BlockStmt, *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt,
		*ast.TypeSwitchStmt, *ast.SelectStmt, *ast.CaseClause, *ast.CommClause, *ast.LabeledStmt:
		return true
	}
	return false
}

// callEffect says how many times call, which mentions the WaitGroup at w,
// calls Done on it; ok is false when that cannot be told.
func (c *checker) callEffect(call *ast.CallExpr, w code.Path) (done int, ok bool) {
	info := c.pass.TypesInfo
	if wg := code.MethodCall(info, call, "sync", "WaitGroup", "Done"); wg != nil {
		return 1, code.IsPath(c.pass.TypesInfo, wg, w)
	}
	if wg := code.MethodCall(info, call, "sync", "WaitGroup", "Add"); wg != nil {
		if len(call.Args) != 1 {
			return 0, false
		}
		// Add(-1) is a Done; any other Add in the goroutine brackets
		// work of its own, which this analysis does not count.
		n, isConst := code.ConstInt(info, call.Args[0])
		return 1, code.IsPath(c.pass.TypesInfo, wg, w) && isConst && n == -1 && !c.mentions(call.Args[0], w)
	}
	if wg := code.MethodCall(info, call, "sync", "WaitGroup", "Wait"); wg != nil {
		return 0, code.IsPath(c.pass.TypesInfo, wg, w)
	}
	fn := code.Callee(info, call)
	if fn == nil || code.IsInterfaceMethod(fn) {
		return 0, false
	}
	ref, ok := c.refAt(call, fn, w)
	if !ok {
		return 0, false
	}
	switch c.verdictOf(fn, ref) {
	case Once:
		return 1, true
	case Never:
		return 0, true
	}
	return 0, false
}

// refAt says through which parameter, or the receiver, call hands fn the
// WaitGroup at w. It fails when the WaitGroup goes in twice, in a variadic
// argument, or through an expression that is not an access path.
func (c *checker) refAt(call *ast.CallExpr, fn *types.Func, w code.Path) (Ref, bool) {
	info := c.pass.TypesInfo
	sig := fn.Signature()
	type input struct {
		param int
		expr  ast.Expr
	}
	var inputs []input
	fun := ast.Unparen(call.Fun)
	if ix, ok := fun.(*ast.IndexExpr); ok {
		fun = ix.X
	} else if ix, ok := fun.(*ast.IndexListExpr); ok {
		fun = ix.X
	}
	if sel, ok := fun.(*ast.SelectorExpr); ok {
		if s, ok := info.Selections[sel]; ok {
			if s.Kind() != types.MethodVal {
				return Ref{}, false // method expression: (*T).m(x)
			}
			inputs = append(inputs, input{Receiver, sel.X})
		}
	}
	for i, arg := range call.Args {
		inputs = append(inputs, input{i, arg})
	}
	found := false
	var ref Ref
	for _, in := range inputs {
		if !c.mentions(in.expr, w) {
			continue
		}
		if found || in.param >= 0 && sig.Variadic() && in.param >= sig.Params().Len()-1 {
			return Ref{}, false
		}
		p, ok := code.AccessPath(info, in.expr)
		if !ok || !p.Leads(w) {
			return Ref{}, false
		}
		found = true
		ref = Ref{Param: in.param, Fields: w.Fields[len(p.Fields):]}
	}
	if !found && code.IsGlobal(w.Root) {
		return Ref{Param: Global, Global: w.Root.Name(), Fields: w.Fields}, w.Root.Pkg() == fn.Pkg()
	}
	return ref, found
}

// mentions reports whether node refers to the WaitGroup at w or to a value
// that leads to it (s for s.wg, but not s.log).
func (c *checker) mentions(node ast.Node, w code.Path) bool {
	found := false
	ast.Inspect(node, func(n ast.Node) bool {
		if found {
			return false
		}
		if e, ok := n.(ast.Expr); ok {
			if m, decided := c.mentionsHere(e, w); decided {
				found = m
				return false
			}
		}
		return true
	})
	if !found && code.IsGlobal(w.Root) {
		// A same-package function may Done a global WaitGroup without
		// naming it at the call.
		ast.Inspect(node, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && !found {
				fn := code.Callee(c.pass.TypesInfo, call)
				found = fn != nil && fn.Pkg() == w.Root.Pkg() && c.decls[fn.Origin()] != nil &&
					c.verdictOf(fn, Ref{Param: Global, Global: w.Root.Name(), Fields: w.Fields}) != Never
			}
			return !found
		})
	}
	return found
}

// mentionsHere decides, when it can from expr alone, whether expr refers
// to the WaitGroup at w: an identifier of its root, or a field selection
// leading to it. decided is false when the answer lies in expr's parts.
func (c *checker) mentionsHere(expr ast.Expr, w code.Path) (mentions, decided bool) {
	info := c.pass.TypesInfo
	switch e := expr.(type) {
	case *ast.Ident:
		return info.Uses[e] == w.Root, true
	case *ast.SelectorExpr:
		sel, ok := info.Selections[e]
		if !ok {
			if v, ok := info.Uses[e.Sel].(*types.Var); ok {
				return v == w.Root, true // pkg.Var
			}
			return false, true // pkg.Func, pkg.Type
		}
		if sel.Kind() != types.FieldVal {
			return false, false
		}
		if p, ok := code.AccessPath(info, e); ok {
			return p.Leads(w) || w.Leads(p), true
		}
	}
	return false, false
}

// A candidate is a WaitGroup a body may call Done on, and the text that
// names it.
type candidate struct {
	path code.Path
	text string
}

// candidates returns the WaitGroups body calls Done on or hands to a
// function that does, or names as a WaitGroup at all, whose roots pass
// keep.
func (c *checker) candidates(body *ast.BlockStmt, keep func(code.Path) bool) []candidate {
	info := c.pass.TypesInfo
	var cands []candidate
	addPath := func(p code.Path, text string) {
		if !keep(p) {
			return
		}
		for _, cand := range cands {
			if cand.path == p {
				return
			}
		}
		cands = append(cands, candidate{p, text})
	}
	add := func(expr ast.Expr, fields string) {
		if p, ok := code.AccessPath(info, expr); ok {
			p.Fields += fields
			addPath(p, code.PathText(expr, fields))
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			if lit, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit); ok {
				ast.Inspect(lit.Body, func(m ast.Node) bool {
					if call, ok := m.(*ast.CallExpr); ok {
						if wg := code.MethodCall(info, call, "sync", "WaitGroup", "Done"); wg != nil {
							add(wg, "")
						}
					}
					return true
				})
			}
		case *ast.CallExpr:
			if wg := code.MethodCall(info, n, "sync", "WaitGroup", "Done"); wg != nil {
				add(wg, "")
			} else if wg := code.MethodCall(info, n, "sync", "WaitGroup", "Add"); wg != nil {
				add(wg, "") // an Add makes the verdict unknown, which callers must see
			} else if fn := code.Callee(info, n); fn != nil && !code.IsInterfaceMethod(fn) {
				c.calleeCandidates(n, fn, add, addPath)
			}
		}
		return true
	})
	return cands
}

// calleeCandidates adds the WaitGroups call hands fn that fn calls Done on.
func (c *checker) calleeCandidates(call *ast.CallExpr, fn *types.Func, add func(ast.Expr, string), addPath func(code.Path, string)) {
	refs := c.summaryOf(fn)
	if len(refs) == 0 {
		return
	}
	var recv ast.Expr
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s, ok := c.pass.TypesInfo.Selections[sel]; ok && s.Kind() == types.MethodVal {
			recv = sel.X
		}
	}
	for _, r := range refs {
		switch {
		case r.Param == Receiver && recv != nil:
			add(recv, r.Fields)
		case r.Param >= 0 && r.Param < len(call.Args):
			add(call.Args[r.Param], r.Fields)
		case r.Param == Global && fn.Pkg() != nil:
			if v, ok := fn.Pkg().Scope().Lookup(r.Global).(*types.Var); ok {
				addPath(code.Path{Root: v, Fields: r.Fields}, r.Global+r.Fields)
			}
		}
	}
}
