package tickerleak

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/analysisdoc"
	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "tickerleak",
	Doc:      analysisdoc.MustExtract(doc, "tickerleak"),
	URL:      "https://github.com/golint-conc/golint-conc/blob/main/docs/tickerleak.md",
	Requires: []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer, spawnsites.Analyzer},
	Run:      run,
}

// collected is the release from which the runtime collects unreferenced
// timers and tickers, stopped or not (when the main module says so).
const collected = "go1.23"

func run(pass *analysis.Pass) (any, error) {
	if !code.Imports(pass.Pkg, "time") {
		return nil, nil
	}
	c := &checker{
		pass:    pass,
		cfgs:    pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		inspect: pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		ending:  make(map[*types.Func]bool),
	}
	c.checkCalls(c.inspect)
	c.checkGoroutines(pass.ResultOf[spawnsites.Analyzer].(*spawnsites.Result))
	return nil, nil
}

// A checker holds what one package's checks share.
type checker struct {
	pass     *analysis.Pass
	cfgs     *ctrlflow.CFGs
	inspect  *inspector.Inspector
	tickVars map[*types.Var]bool       // locals only ever assigned time.Tick(...); nil until needed
	refs     map[*types.Func][]funcRef // references to the package's functions; nil until needed
	ending   map[*types.Func]bool      // whether the process ends when the function returns
}

// checkCalls applies the checks that only hold before Go 1.23 to the
// time.Tick, time.NewTicker, time.NewTimer and time.After calls of files
// compiled under an older version. Test files are skipped: a test binary
// exits soon after, so nothing it leaks accumulates.
func (c *checker) checkCalls(in *inspector.Inspector) {
	old := make(map[*ast.File]bool)
	for _, f := range c.pass.Files {
		if !code.AtLeast(code.FileVersion(c.pass, f), collected) && !c.isTestFile(f) {
			old[f] = true
		}
	}
	if len(old) == 0 {
		return
	}
	in.WithStack([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		file, _ := stack[0].(*ast.File)
		fn := code.EnclosingFunc(stack)
		if !old[file] || fn == nil {
			return true
		}
		call := n.(*ast.CallExpr)
		switch timeFunc(c.pass.TypesInfo, call) {
		case "Tick":
			c.checkTick(call, fn, stack)
		case "NewTicker":
			if isC(stack) {
				c.checkTick(call, fn, stack) // time.NewTicker(d).C: a Tick by another name
			} else {
				c.checkNew(call, fn, stack, "ticker")
			}
		case "NewTimer":
			c.checkNew(call, fn, stack, "timer")
		case "After":
			c.checkAfter(call, fn, stack)
		}
		return true
	})
}

// timeFunc returns the name of the time package function call calls, or "".
func timeFunc(info *types.Info, call *ast.CallExpr) string {
	fn := code.Callee(info, call)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "time" || fn.Signature().Recv() != nil {
		return ""
	}
	return fn.Name()
}

// isC reports whether the top of stack is the operand of a .C selector.
func isC(stack []ast.Node) bool {
	sel, ok := stack[len(stack)-2].(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "C"
}

func (c *checker) isTestFile(f *ast.File) bool {
	return strings.HasSuffix(c.pass.Fset.Position(f.Pos()).Filename, "_test.go")
}

func (c *checker) graph(fn ast.Node) *cfg.CFG { return code.Graph(c.cfgs, fn) }

// canReturn reports whether fn can return normally. Unlike
// cfg.CFG.NoReturn it does not count a deferred call as a way out (the
// defer ticker.Stop() of an endless loop would otherwise make every such
// loop look finite), and it knows that ranging over a ticker's channel
// never ends, since tickers never close their channels. Unknown bodies
// can return.
func (c *checker) canReturn(fn ast.Node) bool {
	g := c.graph(fn)
	if g == nil || len(g.Blocks) == 0 {
		return true
	}
	return c.returnsFrom(g.Blocks[0])
}

// returnsAfter reports whether fn can return, as canReturn counts it,
// once n, a node in it, has run. A function that returns only before it
// makes its ticker (an early return when ticking is disabled, then a
// range over time.Tick) keeps the ticker as long as it runs, for ever.
func (c *checker) returnsAfter(fn, n ast.Node) bool {
	g := c.graph(fn)
	if g == nil {
		return true
	}
	b, _ := locate(g, n)
	if b == nil {
		return c.canReturn(fn)
	}
	return c.returnsFrom(b)
}

// returnsFrom reports whether a return is reachable from start.
func (c *checker) returnsFrom(start *cfg.Block) bool {
	seen := map[*cfg.Block]bool{start: true}
	queue := []*cfg.Block{start}
	for len(queue) > 0 {
		b := queue[0]
		queue = queue[1:]
		if b.Return() != nil {
			return true
		}
		succs := b.Succs
		if r, ok := b.Stmt.(*ast.RangeStmt); ok && b.Kind == cfg.KindRangeLoop && len(succs) == 2 && c.isTickerChan(r.X) {
			succs = succs[:1] // the body; the loop itself only ends by break
		}
		for _, s := range succs {
			if !seen[s] {
				seen[s] = true
				queue = append(queue, s)
			}
		}
	}
	return false
}

// isTickerChan reports whether x is a channel a ticker delivers on, which
// is never closed: t.C for a *time.Ticker, time.Tick(d), or a local only
// ever assigned one of those made in place.
func (c *checker) isTickerChan(x ast.Expr) bool {
	info := c.pass.TypesInfo
	switch x := ast.Unparen(x).(type) {
	case *ast.SelectorExpr:
		return x.Sel.Name == "C" && code.IsNamed(info.TypeOf(x.X), "time", "Ticker")
	case *ast.CallExpr:
		return timeFunc(info, x) == "Tick"
	case *ast.Ident:
		v, _ := info.Uses[x].(*types.Var)
		if v == nil {
			return false
		}
		if c.tickVars == nil {
			c.tickVars = tickVars(c.pass)
		}
		return c.tickVars[v]
	}
	return false
}

// tickVars finds the local variables whose every assignment is a call of
// time.Tick or time.NewTicker(d).C, such as lim in lim := time.Tick(d):
// ranging over one never ends.
func tickVars(pass *analysis.Pass) map[*types.Var]bool {
	info := pass.TypesInfo
	vars := make(map[*types.Var]bool)
	other := make(map[*types.Var]bool)
	note := func(id *ast.Ident, rhs ast.Expr) {
		v, _ := info.ObjectOf(id).(*types.Var)
		if v == nil || v.IsField() {
			return
		}
		if isTickCall(info, rhs) {
			vars[v] = true
		} else {
			other[v] = true
		}
	}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					if id, ok := ast.Unparen(lhs).(*ast.Ident); ok {
						if len(n.Lhs) == len(n.Rhs) {
							note(id, n.Rhs[i])
						} else {
							note(id, nil)
						}
					}
				}
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if len(n.Names) == len(n.Values) {
						note(id, n.Values[i])
					} else {
						note(id, nil)
					}
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND { // &lim: written through a pointer
					if id, ok := ast.Unparen(n.X).(*ast.Ident); ok {
						note(id, nil)
					}
				}
			}
			return true
		})
	}
	for v := range other {
		delete(vars, v)
	}
	return vars
}

// isTickCall reports whether x is time.Tick(d) or time.NewTicker(d).C.
func isTickCall(info *types.Info, x ast.Expr) bool {
	x = ast.Unparen(x)
	if sel, ok := x.(*ast.SelectorExpr); ok && sel.Sel.Name == "C" {
		call, ok := ast.Unparen(sel.X).(*ast.CallExpr)
		return ok && timeFunc(info, call) == "NewTicker"
	}
	call, ok := x.(*ast.CallExpr)
	return ok && timeFunc(info, call) == "Tick"
}

// isMainOrInit reports whether fn is the program's main function or a
// package initializer: both run once, and whatever main leaves running
// ends with the program.
func (c *checker) isMainOrInit(fn ast.Node) bool {
	decl, ok := fn.(*ast.FuncDecl)
	if !ok || decl.Recv != nil {
		return false
	}
	return decl.Name.Name == "init" || decl.Name.Name == "main" && c.pass.Pkg.Name() == "main"
}

// funcName names fn for a message: a declared function by its name, a
// literal by the function it is written in (the function literal in
// streamEvents), so the reader can find which literal returns. stack is
// the syntax path through fn.
func funcName(fn ast.Node, stack []ast.Node) string {
	if decl, ok := fn.(*ast.FuncDecl); ok {
		return decl.Name.Name
	}
	for _, n := range stack {
		if decl, ok := n.(*ast.FuncDecl); ok {
			return "the function literal in " + decl.Name.Name
		}
	}
	return "the function literal"
}

// loopAround returns the innermost for or range statement of fn that
// evaluates n on every iteration (n is in its body, condition or post
// statement, not in its init or range expression), or nil. stack is the
// syntax path down to n.
func loopAround(stack []ast.Node, fn ast.Node, n ast.Node) ast.Stmt {
	for i := len(stack) - 1; i >= 0 && stack[i] != fn; i-- {
		switch l := stack[i].(type) {
		case *ast.ForStmt:
			if within(n, l.Body) || within(n, l.Cond) || within(n, l.Post) {
				return l
			}
		case *ast.RangeStmt:
			if within(n, l.Body) {
				return l
			}
		}
	}
	return nil
}

// within reports whether n lies inside outer.
func within(n, outer ast.Node) bool {
	return outer != nil && outer.Pos() <= n.Pos() && n.End() <= outer.End()
}
