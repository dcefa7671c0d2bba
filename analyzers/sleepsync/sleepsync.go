package sleepsync

import (
	_ "embed"
	"go/ast"
	"go/types"
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
	FactTypes: []analysis.Fact{new(spawnsFact), new(waitsFact)},
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

// A checker holds what is known about the functions of one package.
type checker struct {
	pass     *analysis.Pass
	cfgs     *ctrlflow.CFGs
	sites    map[ast.Node]bool     // spawn sites' nodes
	bodies   map[*ast.FuncLit]bool // literals that spawn sites run as goroutines
	decls    map[*types.Func]*ast.FuncDecl
	flows    map[*types.Func]*flow
	waiters  map[*types.Func]bool
	spawners map[*types.Func]bool
}

func run(pass *analysis.Pass) (any, error) {
	c := newChecker(pass)
	c.findWaiters()
	c.findSpawners()
	c.exportFacts()
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
		pass:     pass,
		cfgs:     pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		sites:    make(map[ast.Node]bool),
		bodies:   make(map[*ast.FuncLit]bool),
		decls:    make(map[*types.Func]*ast.FuncDecl),
		flows:    make(map[*types.Func]*flow),
		waiters:  make(map[*types.Func]bool),
		spawners: make(map[*types.Func]bool),
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
	for fn, decl := range c.decls {
		if g := c.cfgs.FuncDecl(decl); g != nil {
			c.flows[fn] = c.newFlow(decl.Body, g)
		}
	}
	return c
}

// waitDepth bounds how far findWaiters follows calls within the package:
// a function waits if it joins itself or calls, at most two calls deep, a
// function that does. Following calls further, or into other packages,
// would make nearly everything a waiter (in the runtime, runtime.Caller
// reaches a channel receive).
const waitDepth = 3

// findWaiters finds the functions of the package that join, directly or
// through calls of other such functions.
func (c *checker) findWaiters() {
	callers := make(map[*types.Func][]*types.Func)
	var level []*types.Func
	for fn, fl := range c.flows {
		direct := fl.ownDeferredJoin
		for _, ev := range fl.all {
			switch {
			case ev.kind == evCall:
				callers[ev.fn] = append(callers[ev.fn], fn)
			case ev.kind == evJoin && ev.fn != nil:
				// a call of an imported waiter: not followed
			case c.isJoin(fl, ev):
				direct = true
			}
		}
		for _, callee := range fl.deferredCalls {
			callers[callee] = append(callers[callee], fn)
		}
		if direct {
			c.waiters[fn] = true
			level = append(level, fn)
		}
	}
	for depth := 1; depth < waitDepth; depth++ {
		var next []*types.Func
		for _, fn := range level {
			for _, caller := range callers[fn] {
				if !c.waiters[caller] {
					c.waiters[caller] = true
					next = append(next, caller)
				}
			}
		}
		level = next
	}
}

// findSpawners finds the functions of the package that start a goroutine
// and can return without joining. Only a function's own spawns count, so
// the result does not depend on the order functions are visited.
func (c *checker) findSpawners() {
	spawners := make(map[*types.Func]bool)
	for fn, fl := range c.flows {
		if c.joinsAtExit(fl) {
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
