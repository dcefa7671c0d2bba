package tickerleak

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

// checkGoroutines reports goroutines paced by a ticker whose loop has no
// exit at all. The ticker fires for as long as the goroutine runs, which
// is forever, and Go 1.23's collection of unreferenced tickers does not
// help: the goroutine still references it. This holds in every Go
// version. Goroutines started by main, init or a sync.Once, or by a
// function that itself never returns, are daemons meant to live as long
// as the program, and are not reported; nor are those of test files,
// whose helpers often serve as a subprocess's main (os/exec's tests).
func (c *checker) checkGoroutines(res *spawnsites.Result) {
	var decls map[*types.Func]*ast.FuncDecl
	for _, s := range res.Sites {
		var body ast.Node
		switch {
		case s.Lit != nil:
			body = s.Lit
		case s.Callee != nil:
			if decls == nil {
				decls = c.funcDecls()
			}
			if d := decls[s.Callee.Origin()]; d != nil {
				body = d
			}
		}
		if body == nil || funcBody(body) == nil || s.File == nil || c.isTestFile(s.File) {
			continue
		}
		t, ok := c.tickerLoop(body, s)
		if !ok || c.daemon(s) {
			continue
		}
		also := ""
		if t.deferredStop {
			also = ", and its deferred Stop never runs"
		}
		c.pass.ReportRangef(s.Node, "goroutine never returns: its loop receiving from %s has no exit, so the ticker fires forever, whatever the Go version%s; give the loop a stop channel or ctx.Done() case that returns", t.name, also)
	}
}

// funcDecls maps the package's functions and methods to their declarations.
func (c *checker) funcDecls() map[*types.Func]*ast.FuncDecl {
	decls := make(map[*types.Func]*ast.FuncDecl)
	for _, f := range c.pass.Files {
		for _, d := range f.Decls {
			if decl, ok := d.(*ast.FuncDecl); ok && decl.Body != nil {
				if fn, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func); ok {
					decls[fn] = decl
				}
			}
		}
	}
	return decls
}

// A tickerUse is the ticker an endless goroutine's loop receives from.
type tickerUse struct {
	name         string // the channel as written: t.C, time.Tick(d), lim
	deferredStop bool   // the goroutine defers its Stop
}

// tickerLoop finds, in the body of the goroutine s starts (not counting
// its function literals), a loop that receives from a ticker only this
// goroutine can stop (one it makes itself, time.Tick's, or one it captures
// from its spawner that nothing stops) and after which the goroutine can
// no longer return. An early return before the loop, when there is
// nothing to tick for, does not end a goroutine that got as far as it.
func (c *checker) tickerLoop(body ast.Node, s *spawnsites.Site) (tickerUse, bool) {
	var found tickerUse
	ok := false
	ast.PreorderStack(funcBody(body), nil, func(n ast.Node, stack []ast.Node) bool {
		if ok {
			return false
		}
		var x ast.Expr
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.RangeStmt:
			x = n.X
		case *ast.UnaryExpr:
			if n.Op == token.ARROW && loopAround(stack, nil, n) != nil {
				x = n.X
			}
		}
		if x == nil || !c.isTickerChan(x) {
			return true
		}
		if t, own := c.owned(x, body, s); own && !c.returnsAfter(body, x) {
			found, ok = t, true
		}
		return true
	})
	return found, ok
}

// owned reports whether the goroutine running body, started at s, is the
// only one that could stop the ticker x delivers on, and describes it.
func (c *checker) owned(x ast.Expr, body ast.Node, s *spawnsites.Site) (tickerUse, bool) {
	t := tickerUse{name: types.ExprString(x)}
	sel, ok := ast.Unparen(x).(*ast.SelectorExpr)
	if !ok {
		return t, true // time.Tick's ticker: nobody can stop it
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return t, false // a field: a Close method may stop it
	}
	v, _ := c.pass.TypesInfo.Uses[id].(*types.Var)
	if v == nil {
		return t, false
	}
	b := funcBody(body)
	switch {
	case b.Pos() <= v.Pos() && v.Pos() < b.End():
		stops, deferred := stopsOf(c.pass.TypesInfo, v, b)
		t.deferredStop = deferred > 0
		return t, stops == deferred
	case captured(v, s) && s.Func != nil:
		stops, _ := stopsOf(c.pass.TypesInfo, v, funcBody(s.Func))
		return t, stops == 0
	}
	return t, false // a parameter: the caller may stop it
}

func captured(v *types.Var, s *spawnsites.Site) bool {
	for _, cv := range s.Captures {
		if cv == v {
			return true
		}
	}
	return false
}

// stopsOf counts the references to v.Stop in body, and how many of them
// are in a defer statement.
func stopsOf(info *types.Info, v *types.Var, body *ast.BlockStmt) (stops, deferred int) {
	if body == nil {
		return 0, 0
	}
	ast.PreorderStack(body, nil, func(n ast.Node, stack []ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Stop" {
			return true
		}
		if id, ok := ast.Unparen(sel.X).(*ast.Ident); !ok || info.Uses[id] != v {
			return true
		}
		stops++
		for _, n := range stack {
			if _, ok := n.(*ast.DeferStmt); ok {
				deferred++ // defer t.Stop(), or a deferred closure that calls it
				break
			}
		}
		return true
	})
	return stops, deferred
}

// daemon reports whether the goroutine s starts is meant to run as long
// as the program: it is started by main or init, inside a sync.Once, by a
// function that itself never returns, or by one whose return ends the
// process (run in log.Fatal(run())).
func (c *checker) daemon(s *spawnsites.Site) bool {
	if s.Func == nil || c.livesAsProcess(s.Func) {
		return true
	}
	for i := len(s.Stack) - 1; i > 0; i-- {
		if s.Stack[i] != s.Func {
			continue
		}
		call, ok := s.Stack[i-1].(*ast.CallExpr)
		if !ok {
			return false
		}
		fn := code.Callee(c.pass.TypesInfo, call)
		return code.IsMethod(fn, "sync", "Once", "Do") ||
			code.IsFunc(fn, "sync", "OnceFunc") || code.IsFunc(fn, "sync", "OnceValue") || code.IsFunc(fn, "sync", "OnceValues")
	}
	return false
}
