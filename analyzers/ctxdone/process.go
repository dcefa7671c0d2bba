package ctxdone

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/golint-conc/golint-conc/internal/code"
)

// This file answers: does a goroutine live exactly as long as the
// process? Such a goroutine, blocked for good, costs nothing: the program
// ends when the function that started it returns.

// livesWithProcess reports whether fn is the body of a goroutine started
// once per process (see startsOnce): a literal started outside any loop
// of main, of a function whose return ends the process (see endsProcess)
// or of another such goroutine, or a function of this package that is
// only ever started that way. Blocked for good, it costs one goroutine
// until the program ends.
func (c *checker) livesWithProcess(fn ast.Node) bool {
	if c.pass.Pkg.Name() != "main" {
		return false
	}
	if v, ok := c.process[fn]; ok {
		return v
	}
	c.process[fn] = false // a cycle through the spawn graph proves nothing
	v := false
	switch fn := fn.(type) {
	case *ast.FuncLit:
		site := c.sites[fn]
		v = site != nil && c.startsOnce(site.Func, site.Loops())
	case *ast.FuncDecl:
		obj, _ := c.pass.TypesInfo.Defs[fn.Name].(*types.Func)
		n := 0
		for _, site := range c.allSites {
			if site.Callee != nil && site.Callee.Origin() == obj {
				if !c.startsOnce(site.Func, site.Loops()) {
					n = -1
					break
				}
				n++
			}
		}
		v = obj != nil && n > 0 && n == c.uses(obj)
	}
	c.process[fn] = v
	return v
}

// startsOnce reports whether a go statement in spawner, inside loops,
// runs once per process: outside any loop of main, of a function whose
// return ends the process, or of a goroutine that itself runs once.
func (c *checker) startsOnce(spawner ast.Node, loops []ast.Stmt) bool {
	if len(loops) > 0 {
		return false
	}
	if decl, ok := spawner.(*ast.FuncDecl); ok {
		fn, _ := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
		if fn != nil && c.endsProcess(fn) {
			return true
		}
	}
	return c.livesWithProcess(spawner)
}

// endsProcess reports whether fn's return ends the process: fn is main,
// or every reference to fn is a call in main after which main exits at
// once, such as log.Fatal(run()), os.Exit(run()), or a call in main's
// last statements followed by nothing that waits (see waitsFor).
func (c *checker) endsProcess(fn *types.Func) bool {
	main := c.mainDecl()
	if main == nil || fn.Signature().Recv() != nil {
		return false
	}
	if c.pass.TypesInfo.Defs[main.Name] == fn {
		return true
	}
	n := 0
	for i, stmt := range main.Body.List {
		var calls []*ast.CallExpr
		ast.Inspect(stmt, func(node ast.Node) bool {
			if call, ok := node.(*ast.CallExpr); ok && code.Callee(c.pass.TypesInfo, call) == fn {
				calls = append(calls, call)
			}
			return true
		})
		for _, call := range calls {
			if !c.exitsWith(stmt, call) && c.waitsFor(call, main.Body.List[i:]) {
				return false
			}
			n++
		}
	}
	return n > 0 && n == c.uses(fn)
}

// exitsWith reports whether call is the argument of a call in stmt that
// never returns: log.Fatal(run()), os.Exit(run()).
func (c *checker) exitsWith(stmt ast.Stmt, call *ast.CallExpr) bool {
	found := false
	ast.Inspect(stmt, func(n ast.Node) bool {
		if outer, ok := n.(*ast.CallExpr); ok && code.NeverReturns(c.pass.TypesInfo, outer) {
			for _, arg := range outer.Args {
				found = found || ast.Unparen(arg) == call
			}
		}
		return !found
	})
	return found
}

// waitsFor reports whether, after call returns, the statements from the
// one holding call to the end of main may wait for something: a loop, a
// go statement, a select, a channel operation, or a call of a function of
// this package. Printing an error and exiting waits for nothing.
func (c *checker) waitsFor(call *ast.CallExpr, rest []ast.Stmt) bool {
	waits := false
	for _, stmt := range rest {
		ast.Inspect(stmt, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ForStmt, *ast.RangeStmt, *ast.GoStmt, *ast.SelectStmt, *ast.SendStmt, *ast.FuncLit:
				waits = true
			case *ast.UnaryExpr:
				waits = waits || n.Op == token.ARROW
			case *ast.CallExpr:
				if fn := code.Callee(c.pass.TypesInfo, n); n != call && fn != nil && fn.Pkg() == c.pass.Pkg {
					waits = true
				}
			}
			return !waits
		})
	}
	return waits
}

// mainDecl returns the declaration of func main of package main.
func (c *checker) mainDecl() *ast.FuncDecl {
	obj, _ := c.pass.Pkg.Scope().Lookup("main").(*types.Func)
	if obj == nil {
		return nil
	}
	for _, f := range c.pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && c.pass.TypesInfo.Defs[fd.Name] == obj {
				return fd
			}
		}
	}
	return nil
}
