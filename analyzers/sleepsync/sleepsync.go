package sleepsync

import (
	_ "embed"
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"

	"github.com/golint-conc/golint-conc/internal/analysisdoc"
	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:      "sleepsync",
	Doc:       analysisdoc.MustExtract(doc, "sleepsync"),
	URL:       "https://github.com/golint-conc/golint-conc/blob/main/docs/sleepsync.md",
	Requires:  []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer, spawnsites.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(spawnsFact), new(waitsFact), new(listensFact), new(timeoutFact)},
}

// spawnsFact marks an exported function that starts goroutines and can
// return while they still run, such as startWorkers or (*Server).Start.
// spawnsites.SpawnsFact cannot serve: facts are private to the analyzer
// that declares them, and it also marks functions that wait for their
// goroutines before returning.
type spawnsFact struct{}

func (*spawnsFact) AFact()         {}
func (*spawnsFact) String() string { return "leaves goroutines running" }

// waitsFact marks an exported function that blocks on other goroutines,
// directly or through a call: it waits on a WaitGroup, receives from a
// channel, or polls in a sleeping loop. A call to it is a join.
type waitsFact struct{}

func (*waitsFact) AFact()         {}
func (*waitsFact) String() string { return "waits" }

// listensFact marks an exported function that binds a listener and
// returns with it still bound, such as a constructor New(opts) that calls
// net.Listen: after a call to it, dials succeed whether or not the
// goroutine serving the listener has started.
type listensFact struct{}

func (*listensFact) AFact()         {}
func (*listensFact) String() string { return "binds a listener" }

// A checker holds what is known about the functions of one package.
type checker struct {
	pass      *analysis.Pass
	cfgs      *ctrlflow.CFGs
	sites     map[ast.Node]bool     // spawn sites' nodes
	bodies    map[*ast.FuncLit]bool // literals that spawn sites run as goroutines
	decls     map[*types.Func]*ast.FuncDecl
	flows     map[*types.Func]*flow // built on demand; nil for functions without a graph
	waiters   map[*types.Func]bool
	spawners  map[*types.Func]bool
	listeners map[*types.Func]bool // functions that return with a listener bound
	clocks    map[*types.Var]bool  // durations that arm a clock; see findClocks
}

func run(pass *analysis.Pass) (any, error) {
	c := newChecker(pass)
	if code.Imports(pass.Pkg, "time") {
		c.findClocks() // before any flow: flows record the timeouts given
	}
	sk := c.sketch()
	c.findWaiters(sk)
	c.findSpawners(sk)
	c.findListeners(sk)
	c.exportFacts()
	c.exportClockFacts()
	if !code.Imports(pass.Pkg, "time") || pass.Pkg.Path() == "time_test" {
		return nil, nil // time's own tests sleep to test Sleep
	}
	for _, fn := range c.sleepers() {
		c.checkFunc(fn)
	}
	return nil, nil
}

func newChecker(pass *analysis.Pass) *checker {
	c := &checker{
		pass:      pass,
		cfgs:      pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		sites:     make(map[ast.Node]bool),
		bodies:    make(map[*ast.FuncLit]bool),
		decls:     make(map[*types.Func]*ast.FuncDecl),
		flows:     make(map[*types.Func]*flow),
		waiters:   make(map[*types.Func]bool),
		spawners:  make(map[*types.Func]bool),
		listeners: make(map[*types.Func]bool),
		clocks:    make(map[*types.Var]bool),
	}
	for _, s := range pass.ResultOf[spawnsites.Analyzer].(*spawnsites.Result).Sites {
		c.sites[s.Node] = true
		if s.Lit != nil {
			c.bodies[s.Lit] = true
		}
	}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			decl, ok := d.(*ast.FuncDecl)
			if !ok || decl.Body == nil {
				continue
			}
			if fn, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func); ok {
				c.decls[fn] = decl
			}
		}
	}
	return c
}

// flow returns the flow of a function of the package, building it on
// first use: most functions never need one.
func (c *checker) flow(fn *types.Func) *flow {
	if fl, ok := c.flows[fn]; ok {
		return fl
	}
	var fl *flow
	if decl := c.decls[fn]; decl != nil {
		if g := c.cfgs.FuncDecl(decl); g != nil {
			fl = c.newFlow(decl.Body, g)
			fl.main = isMain(fn)
		}
	}
	c.flows[fn] = fl
	return fl
}

// isMain reports whether fn is a program's main function.
func isMain(fn *types.Func) bool {
	return fn.Name() == "main" && fn.Pkg().Name() == "main" && fn.Signature().Recv() == nil
}

// waitDepth bounds how far findWaiters follows calls within the package:
// a function waits if it joins itself or calls, at most two calls deep, a
// function that does. Following calls further, or into other packages,
// would make nearly everything a waiter (in the runtime, runtime.Caller
// reaches a channel receive).
const waitDepth = 3

// findWaiters finds the functions of the package that join, directly or
// through calls of other such functions. The sketch names the candidates;
// their flows decide.
func (c *checker) findWaiters(sk *sketch) {
	var level []*types.Func
	for _, fn := range sk.joining {
		if fl := c.flow(fn); fl != nil && c.joinsDirectly(fl) {
			c.waiters[fn] = true
			level = append(level, fn)
		}
	}
	for depth := 1; depth < waitDepth; depth++ {
		var next []*types.Func
		for _, fn := range level {
			for _, caller := range sk.callers[fn] {
				if !c.waiters[caller] && c.calls(caller, fn) {
					c.waiters[caller] = true
					next = append(next, caller)
				}
			}
		}
		level = next
	}
}

// joinsDirectly reports whether the function joins other than by calling
// a function of this package or an imported waiter.
func (c *checker) joinsDirectly(fl *flow) bool {
	if fl.ownDeferredJoin {
		return true
	}
	for _, ev := range fl.all {
		switch {
		case ev.kind == evCall:
		case ev.kind == evJoin && ev.fn != nil:
			// a call of an imported waiter: not followed
		case c.isJoin(fl, ev):
			return true
		}
	}
	return false
}

// calls reports whether the flow of caller calls callee, now or when it
// returns.
func (c *checker) calls(caller, callee *types.Func) bool {
	fl := c.flow(caller)
	if fl == nil {
		return false
	}
	return slices.Contains(fl.deferredCalls, callee) ||
		slices.ContainsFunc(fl.all, func(ev event) bool { return ev.kind == evCall && ev.fn == callee })
}

// findSpawners finds the functions of the package that start a goroutine
// and can return without joining. Only a function's own spawns count, so
// the result does not depend on the order functions are visited.
func (c *checker) findSpawners(sk *sketch) {
	spawners := make(map[*types.Func]bool)
	for _, fn := range sk.spawning {
		fl := c.flow(fn)
		if fl == nil || c.joinsAtExit(fl) {
			continue
		}
		for _, ev := range fl.all {
			if ev.kind != evSpawn || ev.fn != nil {
				continue
			}
			b, i := fl.locate(ev.node)
			if fl.search(b, i, true, func(e event) verdict { return c.cutAtJoin(fl, e) }) {
				spawners[fn] = true
				break
			}
		}
	}
	c.spawners = spawners
}

// findListeners finds the functions of the package that can return with
// a listener bound, by their own listen calls or through calls of other
// such functions, however deep: a listener is rare enough that following
// every call costs little. A function that closes the listener it bound
// before returning (a free-port finder) is not one.
func (c *checker) findListeners(sk *sketch) {
	work := slices.Clone(sk.listening)
	for len(work) > 0 {
		fn := work[len(work)-1]
		work = work[:len(work)-1]
		if c.listeners[fn] {
			continue
		}
		if fl := c.flow(fn); fl != nil && c.leavesBound(fl) {
			c.listeners[fn] = true
			work = append(work, sk.callers[fn]...)
		}
	}
}

// leavesBound reports whether some path from a listen of the flow
// reaches its return without closing the listener.
func (c *checker) leavesBound(fl *flow) bool {
	for _, ev := range fl.all {
		if !c.isListen(ev) || ev.v != nil && (slices.Contains(fl.deferredReleases, ev.v) || slices.Contains(fl.deferredStops, ev.v)) {
			continue
		}
		b, i := fl.locate(ev.node)
		if fl.search(b, i, true, func(e event) verdict { return releases(e, ev.v) }) {
			return true
		}
	}
	return false
}

// isListen reports whether e binds a listener, itself or through a call.
func (c *checker) isListen(e event) bool {
	return e.kind == evListen || e.kind == evCall && c.listeners[e.fn]
}

// releases cuts a path at the closing of v, a listener, or the stopping
// of v, a server holding one (s.Shutdown()).
func releases(e event, v *types.Var) verdict {
	if v != nil && (e.kind == evRelease || e.kind == evStop) && e.v == v {
		return cut
	}
	return onward
}

// exportFacts exports facts for the functions other packages can call:
// exported ones outside test files.
func (c *checker) exportFacts() {
	for fn := range c.waiters {
		if c.visible(fn) {
			c.pass.ExportObjectFact(fn, new(waitsFact))
		}
	}
	for fn := range c.spawners {
		if c.visible(fn) && !plumbing[funcKey(fn)] {
			c.pass.ExportObjectFact(fn, new(spawnsFact))
		}
	}
	for fn := range c.listeners {
		if c.visible(fn) {
			c.pass.ExportObjectFact(fn, new(listensFact))
		}
	}
}

// plumbing lists the standard library's exported functions that start
// goroutines of their own, which callers never wait for directly: a sleep
// after exec.Cmd.Start waits for the child process, not for the goroutines
// copying its output, which Cmd.Wait joins.
var plumbing = map[string]bool{
	"os/exec.Cmd.Start":                               true,
	"os/signal.NotifyContext":                         true,
	"runtime/pprof.StartCPUProfile":                   true,
	"database/sql.OpenDB":                             true,
	"net/rpc.NewClientWithCodec":                      true,
	"net/http/httptest.Server.CloseClientConnections": true,
	"net/http.http2responseWriter.CloseNotify":        true,
}

func (c *checker) visible(fn *types.Func) bool {
	return fn.Exported() && !strings.HasSuffix(c.pass.Fset.Position(fn.Pos()).Filename, "_test.go")
}
