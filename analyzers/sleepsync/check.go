package sleepsync

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/golint-conc/golint-conc/internal/code"
)

// sleepers returns the flows of the functions, named or literal, whose
// own body calls time.Sleep, except goroutine bodies (their sleeps pace
// or simulate work) and functions running in a synctest bubble.
func (c *checker) sleepers() []*flow {
	ins := c.pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	bubbles := c.findBubbles()
	var flows []*flow
	seen := make(map[ast.Node]bool)
	ins.WithStack([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push || !code.IsFunc(code.Callee(c.pass.TypesInfo, n.(*ast.CallExpr)), "time", "Sleep") {
			return true
		}
		fn := code.EnclosingFunc(stack)
		lit, _ := fn.(*ast.FuncLit)
		if fn == nil || seen[fn] || c.bodies[lit] || inBubble(stack, bubbles) {
			return true
		}
		seen[fn] = true
		if fl := c.flowOf(fn); fl != nil {
			flows = append(flows, fl)
		}
		return true
	})
	return flows
}

// inBubble reports whether the top of the stack is in a function that
// runs in a synctest bubble.
func inBubble(stack []ast.Node, bubbles map[ast.Node]bool) bool {
	return slices.ContainsFunc(stack, func(n ast.Node) bool { return bubbles[n] })
}

func (c *checker) flowOf(fn ast.Node) *flow {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		if obj, ok := c.pass.TypesInfo.Defs[fn.Name].(*types.Func); ok {
			return c.flow(obj)
		}
	case *ast.FuncLit:
		if g := c.cfgs.FuncLit(fn); g != nil {
			return c.newFlow(fn.Body, g)
		}
	}
	return nil
}

// checkFunc reports the sleeps of a function that stand in for a join.
// Sleeps in loops are never reported: they retry, poll or pace. Nor are
// sleeps for a computed or configured duration, time.Sleep(d): a sleep
// standing in for a join sleeps for a guessed constant.
func (c *checker) checkFunc(fl *flow) {
	for _, ev := range fl.all {
		if ev.kind == evSleep && ev.loop == nil && c.constantArg(ev.node) {
			c.checkSleep(fl, ev)
		}
	}
}

func (c *checker) constantArg(n ast.Node) bool {
	call, ok := n.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	tv, ok := c.pass.TypesInfo.Types[call.Args[0]]
	return ok && tv.Value != nil
}

func (c *checker) checkSleep(fl *flow, sleep event) {
	spawns := c.spawnsBefore(fl, sleep)
	if len(spawns) == 0 {
		return
	}
	b, i := fl.locate(sleep.node)
	dials := fl.search(b, i, false, func(e event) verdict {
		switch {
		case e.kind == evConnect:
			return found
		case isCandidate(e):
			return cut
		}
		return onward
	})
	if dials {
		// The sleep waits for a server to come up. Joins after the dial
		// do not help; binding the listener first does.
		if !c.listensBefore(fl, sleep) {
			what, verb := describe(c.pass, spawns)
			c.pass.ReportRangef(sleep.node, "time.Sleep used to wait until %s %s ready: sleeping does not guarantee the server is listening; "+
				"bind the listener before starting the goroutine, or wait for a ready signal on a channel", what, verb)
		}
		return
	}
	if c.joinsAtExit(fl) || c.stopsAtExit(fl, sleep) || c.outlastsTimeout(fl, spawns, sleep) {
		return
	}
	// A later join, or a joining closure handed to the caller, means the
	// sleep is not what synchronises; a later stop means it only decides
	// how long the goroutines run; a later spawn means it staggers them; a
	// later sleep is the one reported.
	later := fl.search(b, i, false, func(e event) verdict {
		if c.isJoin(fl, e) || e.kind == evStop || e.kind == evHandOff || c.isSpawn(e) || isCandidate(e) {
			return found
		}
		return onward
	})
	if later {
		return
	}
	what, verb := describe(c.pass, spawns)
	it, runs, them, has := "it", "runs", "it", "it has"
	if len(spawns) > 1 || spawns[0].fn != nil {
		it, runs, them, has = "they", "run", "them", "they have"
	}
	if c.runsUntilStopped(fl, spawns, sleep) {
		// Waiting for it to finish would block forever.
		c.pass.ReportRangef(sleep.node, "time.Sleep used to wait until %s %s ready: sleeping does not guarantee %s %s; "+
			"%s %s until stopped, so have %s signal on a channel when ready", what, verb, it, verb, it, runs, them)
		return
	}
	c.pass.ReportRangef(sleep.node, "time.Sleep used to wait for %s: sleeping does not guarantee %s finished; "+
		"wait on a sync.WaitGroup, a channel or an errgroup instead", what, has)
}

// spawnsBefore returns the spawns from which some path reaches sleep
// without passing a join.
func (c *checker) spawnsBefore(fl *flow, sleep event) []event {
	var spawns []event
	for _, ev := range fl.all {
		if !c.isSpawn(ev) {
			continue
		}
		b, i := fl.locate(ev.node)
		if fl.search(b, i, false, func(e event) verdict {
			if e.node == sleep.node {
				return found
			}
			return c.cutAtJoin(fl, e)
		}) {
			spawns = append(spawns, ev)
		}
	}
	return spawns
}

// listensBefore reports whether a listener is bound, and not closed
// again, on some path to sleep: by the function itself or by a function
// it calls, such as a constructor that binds its server's listener.
func (c *checker) listensBefore(fl *flow, sleep event) bool {
	for _, ev := range fl.all {
		if !c.isListen(ev) {
			continue
		}
		b, i := fl.locate(ev.node)
		if fl.search(b, i, false, func(e event) verdict {
			if e.node == sleep.node {
				return found
			}
			return releases(e, ev.v)
		}) {
			return true
		}
	}
	return false
}

func (c *checker) cutAtJoin(fl *flow, e event) verdict {
	if c.isJoin(fl, e) {
		return cut
	}
	return onward
}

// isCandidate reports whether e is a sleep that may stand in for a join:
// one outside any loop of its function.
func isCandidate(e event) bool { return e.kind == evSleep && e.loop == nil }

// isJoin reports whether e blocks until other goroutines act. A sleep in
// a loop that starts no goroutines polls for a condition, which is a join
// too: for !ready() { time.Sleep(d) }.
func (c *checker) isJoin(fl *flow, e event) bool {
	switch e.kind {
	case evJoin:
		return true
	case evCall:
		return c.waiters[e.fn]
	case evSleep:
		return e.loop != nil && !c.spawnsIn(fl, e.loop)
	}
	return false
}

func (c *checker) isSpawn(e event) bool {
	return e.kind == evSpawn || e.kind == evCall && c.spawners[e.fn]
}

// spawnsIn reports whether the loop starts goroutines: a sleep in it
// paces the spawns, as in for { go tick(); time.Sleep(d) }.
func (c *checker) spawnsIn(fl *flow, loop ast.Node) bool {
	for _, e := range fl.all {
		if c.isSpawn(e) && loop.Pos() <= e.node.Pos() && e.node.End() <= loop.End() {
			return true
		}
	}
	return false
}

// joinsAtExit reports whether a deferred or cleanup call joins.
func (c *checker) joinsAtExit(fl *flow) bool {
	if fl.deferredJoin {
		return true
	}
	for _, fn := range fl.deferredCalls {
		if c.waiters[fn] {
			return true
		}
	}
	return false
}

// stopsAtExit reports whether a deferred or cleanup call stops something
// that nothing stopped before sleep, and the sleep is the last thing the
// function does: then the sleep decides how long the goroutines run, as a
// sleep before an explicit stop does. A stop already made, or a context
// seen done (<-ctx.Done()), leaves the deferred one nothing to decide.
// Code after the sleep runs before the deferred stop, while the
// goroutines still run: what it reads of their work, the sleep was
// waiting for. In main, the program's exit follows the deferred stop at
// once, so the stop decides nothing and the sleep waits for the
// goroutines to finish before the exit kills them.
func (c *checker) stopsAtExit(fl *flow, sleep event) bool {
	if len(fl.deferredStops) == 0 || fl.main || fl.nodeAfter(sleep.node, c.reads) {
		return false
	}
	for _, v := range fl.deferredStops {
		if v == nil || !stoppedBefore(fl, v, sleep) {
			return true
		}
	}
	return false
}

// reads reports whether n, a node of a function's graph, reads a
// variable or calls a function. A deferred call runs only at the exit.
func (c *checker) reads(n ast.Node) bool {
	if _, ok := n.(*ast.DeferStmt); ok {
		return false
	}
	reads := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			switch c.pass.TypesInfo.Uses[id].(type) {
			case *types.Var, *types.Func:
				reads = true
			}
		}
		return !reads
	})
	return reads
}

// stoppedBefore reports whether some path to sleep passes a stop of v or
// sees its context done.
func stoppedBefore(fl *flow, v *types.Var, sleep event) bool {
	for _, ev := range fl.all {
		if (ev.kind != evStop && ev.kind != evDone) || ev.v != v {
			continue
		}
		if fl.reaches(ev, sleep) {
			return true
		}
	}
	return false
}

// describe names the goroutines that spawns start, for a message, and
// returns the verb that agrees with it.
func describe(pass *analysis.Pass, spawns []event) (string, string) {
	line := func(e event) int { return pass.Fset.Position(e.node.Pos()).Line }
	if len(spawns) == 1 {
		if fn := spawns[0].fn; fn != nil {
			return fmt.Sprintf("the goroutines started by %s at line %d", fn.Name(), line(spawns[0])), "are"
		}
		return fmt.Sprintf("the goroutine started at line %d", line(spawns[0])), "is"
	}
	var lines []string
	for i, e := range spawns {
		if i == 3 {
			lines = append(lines, fmt.Sprintf("%d more", len(spawns)-i))
			break
		}
		lines = append(lines, fmt.Sprint(line(e)))
	}
	last := len(lines) - 1
	return "the goroutines started at lines " + strings.Join(lines[:last], ", ") + " and " + lines[last], "are"
}
