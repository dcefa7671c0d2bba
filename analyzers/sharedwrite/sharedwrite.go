package sharedwrite

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"

	"github.com/golint-conc/golint-conc/internal/analysisdoc"
	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "sharedwrite",
	Doc:      analysisdoc.MustExtract(doc, "sharedwrite"),
	URL:      "https://github.com/golint-conc/golint-conc/blob/main/docs/sharedwrite.md",
	Requires: []*analysis.Analyzer{ctrlflow.Analyzer, spawnsites.Analyzer},
	Run:      run,
}

// A checker holds what one package's run needs.
type checker struct {
	pass     *analysis.Pass
	cfgs     *ctrlflow.CFGs
	oneSlots map[*ast.File]map[*types.Var]bool
	reported map[ast.Expr]bool
}

// A goroutine is a spawn site of a function literal that writes outer
// memory, and what can run after the spawn before the goroutine is
// joined.
type goroutine struct {
	site    *spawnsites.Site
	writes  []*write // not under a lock
	at      place
	reached map[ast.Node]bool
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[spawnsites.Analyzer].(*spawnsites.Result)
	var funcs []ast.Node
	sites := make(map[ast.Node][]*spawnsites.Site)
	for _, s := range res.Sites {
		if s.Lit == nil || s.Func == nil {
			continue // only literals show what the goroutine writes
		}
		if sites[s.Func] == nil {
			funcs = append(funcs, s.Func)
		}
		sites[s.Func] = append(sites[s.Func], s)
	}
	if len(funcs) == 0 {
		return nil, nil
	}
	c := &checker{
		pass:     pass,
		cfgs:     pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		oneSlots: make(map[*ast.File]map[*types.Var]bool),
		reported: make(map[ast.Expr]bool),
	}
	for _, fn := range funcs {
		c.checkFunc(fn, sites[fn])
	}
	return nil, nil
}

// checkFunc checks the goroutines one function starts: each against
// itself, when the spawn can run again before a join; each pair that can
// run at the same time; and each against the function's own writes made
// while it runs.
func (c *checker) checkFunc(fn ast.Node, sites []*spawnsites.Site) {
	var gs []*goroutine
	for _, s := range sites {
		if ws := c.goroutineWrites(s); len(ws) > 0 {
			gs = append(gs, &goroutine{site: s, writes: ws})
		}
	}
	if len(gs) == 0 {
		return
	}
	fl := c.flowOf(fn)
	if fl == nil {
		return
	}
	live := gs[:0]
	for _, g := range gs {
		at, ok := fl.locate(g.site.Node.Pos())
		if !ok {
			continue
		}
		g.at = at
		g.reached = fl.reach(at, c.joinerOf(g.site))
		live = append(live, g)
	}
	for _, g := range live {
		if !c.serial(fn, g.site) {
			c.checkRepeated(g)
		}
	}
	c.checkPairs(live)
	c.checkSpawner(fn, fl, live)
}

// goroutineWrites returns the writes of outer memory in a goroutine's
// literal that no lock guards.
func (c *checker) goroutineWrites(s *spawnsites.Site) []*write {
	lit := s.Lit
	col := &collector{
		info: c.pass.TypesInfo,
		outer: func(v *types.Var) bool {
			return v.Pkg() != nil && (v.Pos() < lit.Pos() || v.Pos() >= lit.End())
		},
		oneSlot: c.oneSlot,
	}
	var ws []*write
	for _, w := range col.collect(lit.Body) {
		if !w.guarded {
			ws = append(ws, w)
		}
	}
	return ws
}

func (c *checker) flowOf(fn ast.Node) *flow {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		if g := c.cfgs.FuncDecl(fn); g != nil && fn.Body != nil {
			return newFlow(g, fn.Body, c.pass.TypesInfo)
		}
	case *ast.FuncLit:
		if g := c.cfgs.FuncLit(fn); g != nil {
			return newFlow(g, fn.Body, c.pass.TypesInfo)
		}
	}
	return nil
}

// joinerOf returns what waits for the goroutine of s: operations on the
// variables its literal refers to, its arguments, and the WaitGroup or
// errgroup.Group that started it.
func (c *checker) joinerOf(s *spawnsites.Site) *joiner {
	info := c.pass.TypesInfo
	j := &joiner{info: info, vars: make(map[*types.Var]bool)}
	ast.Inspect(s.Lit.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok && !v.IsField() {
				j.vars[v] = true
			}
		}
		return true
	})
	for _, arg := range s.Args {
		if v := code.RootVar(info, arg); v != nil {
			j.vars[v] = true
		}
	}
	if call, ok := s.Node.(*ast.CallExpr); ok {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if v := code.RootVar(info, sel.X); v != nil {
				j.vars[v] = true
			}
		}
	}
	return j
}

// checkRepeated reports the writes of a goroutine whose spawn can run
// again before it is joined, as in a loop, to memory all of its
// instances share.
func (c *checker) checkRepeated(g *goroutine) {
	if !g.reached[g.at.node] {
		return
	}
	where := fmt.Sprintf("at line %d", c.line(g.site.Node))
	if loops := g.site.Loops(); len(loops) > 0 {
		where = fmt.Sprintf("in the loop at line %d", c.line(loops[0]))
	}
	for _, w := range g.writes {
		if c.sharedByInstances(g, w) {
			c.report(w, "goroutines started %s all write %s without synchronization: %s", where, w.name(), consequence(w))
		}
	}
}

// serial reports whether the goroutines of s run one at a time: they
// are started with g.Go on an errgroup.Group limited by g.SetLimit(1).
func (c *checker) serial(fn ast.Node, s *spawnsites.Site) bool {
	call, ok := s.Node.(*ast.CallExpr)
	if !ok || s.Via != spawnsites.ErrgroupGo {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	info := c.pass.TypesInfo
	group := code.RootVar(info, sel.X)
	if group == nil {
		return false
	}
	found := false
	ast.Inspect(fn, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && len(call.Args) == 1 {
			if recv := code.MethodCall(info, call, "golang.org/x/sync/errgroup", "Group", "SetLimit"); recv != nil && code.RootVar(info, recv) == group {
				if tv, ok := info.Types[call.Args[0]]; ok && tv.Value != nil && tv.Value.String() == "1" {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// sharedByInstances reports whether every instance of g writes the same
// memory with w: its root and each index on the way are shared, not a
// variable of the goroutine or of the loop iteration that started it.
func (c *checker) sharedByInstances(g *goroutine, w *write) bool {
	if c.perIteration(g.site, w.root) {
		return false
	}
	for i, e := range w.elems {
		if e.index == nil || w.isMap && i == len(w.elems)-1 {
			continue // a field, or the key of the map written: any key races
		}
		if e.index.own {
			return false
		}
		for _, v := range e.index.vars {
			if c.perIteration(g.site, v) {
				return false
			}
		}
	}
	return true
}

// perIteration reports whether v is a new variable in each iteration of
// the innermost loop around the spawn: declared in its body, or in its
// header from Go 1.22 on.
func (c *checker) perIteration(s *spawnsites.Site, v *types.Var) bool {
	loops := s.Loops()
	if len(loops) == 0 {
		return false
	}
	var body *ast.BlockStmt
	switch l := loops[0].(type) {
	case *ast.ForStmt:
		body = l.Body
	case *ast.RangeStmt:
		body = l.Body
	}
	switch pos := v.Pos(); {
	case body.Pos() <= pos && pos < body.End():
		return true
	case loops[0].Pos() <= pos && pos < body.Pos():
		return code.AtLeast(code.FileVersion(c.pass, s.File), "go1.22")
	}
	return false
}

// checkPairs reports writes to the same memory by two goroutines that
// can run at the same time: one is started while the other may still run.
func (c *checker) checkPairs(gs []*goroutine) {
	for i, a := range gs {
		for _, b := range gs[i+1:] {
			if !a.reached[b.at.node] && !b.reached[a.at.node] {
				continue
			}
			for _, wb := range b.writes {
				for _, wa := range a.writes {
					if wa.conflicts(wb) && !c.ordered(wa, b.site.Lit) && !c.ordered(wb, a.site.Lit) {
						c.report(wb, "goroutines started at lines %d and %d both write %s without synchronization: %s",
							c.line(a.site.Node), c.line(b.site.Node), wb.name(), consequence(wb))
						break
					}
				}
			}
		}
	}
}

// checkSpawner reports the function's own writes that can run while a
// goroutine it started writes the same memory, before it is joined.
func (c *checker) checkSpawner(fn ast.Node, fl *flow, gs []*goroutine) {
	var body *ast.BlockStmt
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		body = fn.Body
	case *ast.FuncLit:
		body = fn.Body
	}
	col := &collector{
		info:    c.pass.TypesInfo,
		outer:   func(*types.Var) bool { return true },
		oneSlot: c.oneSlot,
	}
	for _, sw := range col.collect(body) {
		if sw.guarded {
			continue
		}
		at, ok := fl.locate(sw.lhs.Pos())
		if !ok || fl.comms[at.node] {
			continue
		}
		for _, g := range gs {
			if !g.reached[at.node] || c.perIteration(g.site, sw.root) && sw.lhs.Pos() < g.site.Node.Pos() {
				continue // joined first, or a later iteration's variable
			}
			if w := g.conflicting(sw); w != nil && !c.ordered(w, body) {
				c.report(sw, "%s is written here while the goroutine started at line %d may still write it: %s",
					sw.name(), c.line(g.site.Node), consequence(sw))
				break
			}
		}
	}
}

func (g *goroutine) conflicting(o *write) *write {
	for _, w := range g.writes {
		if w.conflicts(o) {
			return w
		}
	}
	return nil
}

// ordered reports whether w, made after a Wait or after receiving from a
// channel that other sends on or closes, happens after what other does
// before that send.
func (c *checker) ordered(w *write, other ast.Node) bool {
	if w.waited {
		return true
	}
	if len(w.recvs) == 0 {
		return false
	}
	info := c.pass.TypesInfo
	signals := make(map[*types.Var]bool)
	ast.Inspect(other, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SendStmt:
			if v := code.RootVar(info, n.Chan); v != nil {
				signals[v] = true
			}
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "close" && len(n.Args) == 1 {
				if _, ok := info.Uses[id].(*types.Builtin); ok {
					if v := code.RootVar(info, n.Args[0]); v != nil {
						signals[v] = true
					}
				}
			}
		}
		return true
	})
	for _, v := range w.recvs {
		if signals[v] {
			return true
		}
	}
	return false
}

// oneSlot reports whether the channel variable v is made with capacity 1
// (ch := make(chan T, 1)), so that a send and a receive on it bracket a
// critical section.
func (c *checker) oneSlot(v *types.Var) bool {
	var file *ast.File
	for _, f := range c.pass.Files {
		if f.FileStart <= v.Pos() && v.Pos() < f.FileEnd {
			file = f
			break
		}
	}
	if file == nil {
		return false
	}
	slots, ok := c.oneSlots[file]
	if !ok {
		slots = c.findOneSlots(file)
		c.oneSlots[file] = slots
	}
	return slots[v]
}

func (c *checker) findOneSlots(file *ast.File) map[*types.Var]bool {
	info := c.pass.TypesInfo
	slots := make(map[*types.Var]bool)
	assign := func(id *ast.Ident, rhs ast.Expr) {
		call, ok := ast.Unparen(rhs).(*ast.CallExpr)
		if !ok || len(call.Args) != 2 || !isChan(info.TypeOf(call)) {
			return
		}
		if fn, ok := ast.Unparen(call.Fun).(*ast.Ident); !ok || fn.Name != "make" {
			return
		}
		if tv, ok := info.Types[call.Args[1]]; !ok || tv.Value == nil || tv.Value.Kind() != constant.Int || tv.Value.String() != "1" {
			return
		}
		if v, ok := info.ObjectOf(id).(*types.Var); ok {
			slots[v] = true
		}
	}
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, lhs := range n.Lhs {
					if id := identOf(lhs); id != nil {
						assign(id, n.Rhs[i])
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, id := range n.Names {
					assign(id, n.Values[i])
				}
			}
		}
		return true
	})
	return slots
}

// consequence says what the race does and how to fix it.
func consequence(w *write) string {
	if w.isMap {
		return "data race (concurrent map writes crash the program); guard it with a mutex, or send results on a channel"
	}
	return "data race (lost updates); guard it with a mutex, use sync/atomic, or send results on a channel"
}

func (c *checker) report(w *write, format string, args ...any) {
	if c.reported[w.lhs] {
		return
	}
	c.reported[w.lhs] = true
	c.pass.Report(analysis.Diagnostic{Pos: w.lhs.Pos(), End: w.lhs.End(), Message: fmt.Sprintf(format, args...)})
}

func (c *checker) line(n ast.Node) int {
	return c.pass.Fset.Position(n.Pos()).Line
}
