package tickerleak

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/funcs"
)

// livesAsProcess reports whether fn runs for as long as the program, so
// that a ticker it keeps, or a daemon goroutine it starts, lives exactly
// as long as it is useful: main, init, a function that never returns, or
// a function whose return ends the process (see endsProcess).
func (c *checker) livesAsProcess(fn ast.Node) bool {
	if c.isMainOrInit(fn) || !c.canReturn(fn) {
		return true
	}
	decl, ok := fn.(*ast.FuncDecl)
	return ok && c.endsProcess(decl)
}

// A funcRef is one reference to a function of the package.
type funcRef struct {
	call   *ast.CallExpr // the call whose callee the reference is, or nil for a function value
	caller ast.Node      // the enclosing *ast.FuncDecl or *ast.FuncLit, or nil
	stack  []ast.Node    // the syntax path down to the reference
	test   bool          // in a _test.go file
}

// endsProcess reports whether the process ends when decl returns: it is
// called at least once, only directly, never from a test file, and each
// call is made by main, or by a function that itself ends the process,
// and is the last thing its caller does (see lastWork). Such a function
// (run in log.Fatal(run())) is called once per process. An exported
// function outside package main may have callers elsewhere and does not
// qualify, nor does one used as a function value (a handler).
func (c *checker) endsProcess(decl *ast.FuncDecl) bool {
	fn, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if !ok || fn.Exported() && c.pass.Pkg.Name() != "main" {
		return false
	}
	if v, ok := c.ending[fn]; ok {
		return v
	}
	c.ending[fn] = false // a recursive call keeps it running
	refs := c.funcRefs()[fn]
	ends := len(refs) > 0
	for _, r := range refs {
		caller, ok := r.caller.(*ast.FuncDecl)
		if r.call == nil || r.test || !ok || !c.lastWork(caller, r.call, r.stack) {
			ends = false
			break
		}
		if !c.isMain(caller) && !c.endsProcess(caller) {
			ends = false
			break
		}
	}
	c.ending[fn] = ends
	return ends
}

func (c *checker) isMain(decl *ast.FuncDecl) bool {
	return decl.Recv == nil && decl.Name.Name == "main" && c.pass.Pkg.Name() == "main"
}

// lastWork reports whether call, in caller, runs at most once per call of
// caller and leaves caller nothing to wait for or repeat once it returns:
// it is in no loop, and on every path from it the caller only makes calls
// outside the package (log.Fatal, os.Exit, printing the error) or calls
// that never return, with no loop, select, send or receive, before it
// returns.
func (c *checker) lastWork(caller *ast.FuncDecl, call *ast.CallExpr, stack []ast.Node) bool {
	if loopAround(stack, caller, call) != nil {
		return false
	}
	g := c.graph(caller)
	if g == nil {
		return false
	}
	b, i := locate(g, call)
	if b == nil {
		return false
	}
	seen := make(map[*cfg.Block]bool)
	nodes := b.Nodes[i+1:]
	queue := b.Succs
	for {
		for _, n := range nodes {
			if c.keepsRunning(n) {
				return false
			}
		}
		if len(queue) == 0 {
			return true
		}
		b, queue = queue[0], queue[1:]
		if seen[b] {
			continue
		}
		seen[b] = true
		switch b.Kind {
		case cfg.KindForLoop, cfg.KindForBody, cfg.KindForPost, cfg.KindRangeLoop, cfg.KindRangeBody,
			cfg.KindSelectCaseBody, cfg.KindSelectAfterCase:
			return false
		}
		nodes = b.Nodes
		queue = append(queue, b.Succs...)
	}
}

// keepsRunning reports whether n, after the call, may keep its function
// going: a channel operation, or a call of a function of this package
// that may return.
func (c *checker) keepsRunning(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SendStmt:
			found = true
		case *ast.UnaryExpr:
			found = n.Op == token.ARROW
		case *ast.CallExpr:
			fn := code.Callee(c.pass.TypesInfo, n)
			found = fn != nil && fn.Pkg() == c.pass.Pkg && !c.cfgs.NoReturn(fn)
		}
		return !found
	})
	return found
}

// locate returns the live block of g holding n and the index of the
// node that holds it there, or nil.
func locate(g *cfg.CFG, n ast.Node) (*cfg.Block, int) {
	if b, i := funcs.Locate(g, n); b != nil && b.Live {
		return b, i
	}
	return nil, 0
}

// funcRefs maps the package's functions and methods to their references,
// computed once per package.
func (c *checker) funcRefs() map[*types.Func][]funcRef {
	if c.refs != nil {
		return c.refs
	}
	c.refs = make(map[*types.Func][]funcRef)
	info := c.pass.TypesInfo
	var test bool
	c.inspect.WithStack([]ast.Node{(*ast.File)(nil), (*ast.Ident)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		if f, ok := n.(*ast.File); ok {
			test = c.isTestFile(f)
			return true
		}
		fn, ok := info.Uses[n.(*ast.Ident)].(*types.Func)
		if !ok || fn.Pkg() != c.pass.Pkg {
			return true
		}
		r := funcRef{caller: code.EnclosingFunc(stack), stack: slices.Clone(stack), test: test}
		r.call = calleeOf(stack)
		c.refs[fn.Origin()] = append(c.refs[fn.Origin()], r)
		return true
	})
	return c.refs
}

// calleeOf returns the call whose function the identifier on top of stack
// is (f in f(), x.f in x.f()), or nil.
func calleeOf(stack []ast.Node) *ast.CallExpr {
	var fun ast.Node = stack[len(stack)-1]
	i := len(stack) - 2
	if sel, ok := stack[i].(*ast.SelectorExpr); ok && sel.Sel == fun {
		fun, i = sel, i-1
	}
	call, ok := stack[i].(*ast.CallExpr)
	if !ok || call.Fun != fun {
		return nil
	}
	return call
}
