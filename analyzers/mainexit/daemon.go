package mainexit

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/code"
)

// daemon reports whether g runs for the life of the program by design,
// so that nothing is lost when the program exits under it: it serves
// (http.ListenAndServe, srv.Serve), ticks over a ticker's channel, never
// returns (an accept loop, a spinner), or is a handler that waits for an
// event nothing in the program triggers (<-sigc, <-ctx.Done()). A
// goroutine whose body is out of sight (another package's function, a
// function value) counts as a daemon too.
func (e *entry) daemon(g *goroutine) bool {
	if s := g.site; s.Callee != nil && serves(s.Callee) {
		return true
	}
	if g.body == nil {
		// A function of another package, or a function value: whether it
		// ever returns is unknown, so it may well be a daemon.
		return true
	}
	info := e.c.pass.TypesInfo
	forever := false
	ast.Inspect(g.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if serves(code.Callee(info, n)) {
				forever = true
			}
		case *ast.RangeStmt:
			if t := info.TypeOf(n.X); isChan(t) && code.IsNamed(t.Underlying().(*types.Chan).Elem(), "time", "Time") {
				forever = true
			}
		}
		return !forever
	})
	if forever || e.handler(g) {
		return true
	}
	var graph *cfg.CFG
	if g.lit != nil {
		graph = e.c.cfgs.FuncLit(g.lit)
	} else {
		graph = e.c.cfgs.FuncDecl(g.decl)
	}
	return graph != nil && !newBodyFlow(e.c, g.body, graph).returns()
}

// serves reports whether fn serves connections until its server stops.
func serves(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	switch fn.Name() {
	case "Serve", "ServeTLS", "ListenAndServe", "ListenAndServeTLS":
		return true
	}
	return false
}

// handler reports whether g's body begins by waiting for a channel that
// nothing in the entry function sends on or closes: a signal handler, or
// a goroutine that cleans up when a context is cancelled. Until the event
// comes it has done nothing that exiting could lose.
func (e *entry) handler(g *goroutine) bool {
	var first ast.Stmt
	for _, s := range g.body.List {
		if _, ok := s.(*ast.DeferStmt); !ok {
			first = s
			break
		}
	}
	var chans []ast.Expr
	switch s := first.(type) {
	case *ast.ExprStmt:
		chans = appendRecv(chans, s.X)
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			chans = appendRecv(chans, s.Rhs[0])
		}
	case *ast.RangeStmt:
		if isChan(e.c.pass.TypesInfo.TypeOf(s.X)) {
			chans = append(chans, s.X)
		}
	case *ast.SelectStmt:
		for _, cc := range s.Body.List {
			switch comm := cc.(*ast.CommClause).Comm.(type) {
			case *ast.ExprStmt:
				chans = appendRecv(chans, comm.X)
			case *ast.AssignStmt:
				chans = appendRecv(chans, comm.Rhs[0])
			default: // a send or default: the goroutine acts at once
				return false
			}
		}
	}
	if len(chans) == 0 {
		return false
	}
	for _, ch := range chans {
		if e.triggered(g, ch) {
			return false
		}
	}
	return true
}

func appendRecv(chans []ast.Expr, x ast.Expr) []ast.Expr {
	if u, ok := ast.Unparen(x).(*ast.UnaryExpr); ok && u.Op.String() == "<-" {
		return append(chans, u.X)
	}
	return chans
}

// triggered reports whether the entry or another of its goroutines may
// send on or close ch, a channel g receives from. Channels the analysis
// does not track count as never triggered: a goroutine blocked on them
// when the program exits loses nothing.
func (e *entry) triggered(g *goroutine, ch ast.Expr) bool {
	v := plainVar(e.c.pass.TypesInfo, ch)
	if p := g.params[v]; p != nil {
		v = p
	}
	if v == nil || !e.tracked[v] {
		return false
	}
	if e.signalled[v] {
		return true
	}
	for _, other := range e.goroutines {
		if other != g && other.prod[v] {
			return true
		}
	}
	return false
}
