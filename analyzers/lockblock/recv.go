package lockblock

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/golint-conc/golint-conc/internal/code"
)

// A recvLoop is a loop that receives from a channel again and again: a
// range over it, or a receive (in a select case or not) inside a for.
type recvLoop struct {
	fn    *function
	ch    ref
	loop  ast.Node
	locks []regionLock // taken between one receive and the next
}

// A regionLock is a Lock or RLock taken in a region, directly or by a
// function of this package it calls, on a mutex of the same instance as
// the region's channel or WaitGroup.
type regionLock struct {
	ref  ref
	read bool
	pos  token.Pos // the Lock, or the call that locks
}

// lockOf returns the first lock of locks on key that blocks while a
// goroutine holds key (read-locked when read), or nil. Read locks do
// not block each other.
func lockOf(locks []regionLock, k key, read bool) *regionLock {
	for i, l := range locks {
		if l.ref.key == k && !(read && l.read) {
			return &locks[i]
		}
	}
	return nil
}

// recvLoops returns the package's receive loops by channel.
func (c *checker) recvLoops() map[key][]*recvLoop {
	if c.loops != nil {
		return c.loops
	}
	c.loops = make(map[key][]*recvLoop)
	for _, f := range c.funcs {
		var stack []ast.Node
		ast.Inspect(f.body, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			if _, ok := n.(*ast.FuncLit); ok {
				return false // a function of its own
			}
			stack = append(stack, n)
			switch n := n.(type) {
			case *ast.RangeStmt:
				if isChan(c.info.TypeOf(n.X)) {
					c.addLoop(f, n.X, n, n.Body, nil)
				}
			case *ast.UnaryExpr:
				if n.Op == token.ARROW {
					c.addRecv(f, n, stack)
				}
			}
			return true
		})
	}
	return c.loops
}

// addRecv adds the loop around the receive at the top of stack, if it
// is in one. The select cases around the receive are the ones that run
// after it; the loop's other select cases do not.
func (c *checker) addRecv(f *function, recv *ast.UnaryExpr, stack []ast.Node) {
	own := make(map[*ast.CommClause]bool)
	for i := len(stack) - 2; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.CommClause:
			own[n] = true
		case *ast.ForStmt:
			c.addLoop(f, recv.X, n, n.Body, own)
			return
		case *ast.RangeStmt:
			c.addLoop(f, recv.X, n, n.Body, own)
			return
		}
	}
}

func (c *checker) addLoop(f *function, ch ast.Expr, loop ast.Node, body *ast.BlockStmt, own map[*ast.CommClause]bool) {
	r, ok := c.refOf(ch)
	if !ok || c.freshIn(ch, loop) {
		return // each iteration receives from a new channel
	}
	l := &recvLoop{fn: f, ch: r, loop: loop}
	skip := func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CommClause:
			return !own[n] || leaves(n.Body)
		case *ast.CaseClause:
			return leaves(n.Body)
		case *ast.BlockStmt:
			return n != body && leaves(n.List)
		}
		return false
	}
	for _, s := range c.locksIn(body, skip) {
		if declaredIn(s.path.Root, loop) {
			continue // a new mutex each iteration
		}
		if lr, ok := c.refOfPath(s.path); ok && lr.related(r) {
			l.locks = append(l.locks, regionLock{ref: lr, read: s.read, pos: s.pos})
		}
	}
	c.loops[r.key] = append(c.loops[r.key], l)
}

// leaves reports whether a block of the loop ends in a return: what it
// locks runs after the last receive, as when the channel is closed.
func leaves(list []ast.Stmt) bool {
	if len(list) == 0 {
		return false
	}
	_, ok := list[len(list)-1].(*ast.ReturnStmt)
	return ok
}

// freshIn reports whether the variable the access path x is rooted at
// is declared inside loop, so that every iteration has its own.
func (c *checker) freshIn(x ast.Expr, loop ast.Node) bool {
	p, ok := code.AccessPath(c.info, x)
	return ok && declaredIn(p.Root, loop)
}

func declaredIn(v *types.Var, n ast.Node) bool {
	return v != nil && n.Pos() <= v.Pos() && v.Pos() < n.End()
}

func isChan(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

// A lockSite is a Lock or RLock that code reaches, as a path in the
// variables of the function it is in.
type lockSite struct {
	path code.Path
	read bool
	pos  token.Pos
}

// locksIn returns the locks n takes when it runs: its Lock and RLock
// calls and those of the functions of this package it calls on its own
// variables, outside function literals, go and defer statements and the
// nodes skip excludes.
func (c *checker) locksIn(n ast.Node, skip func(ast.Node) bool) []lockSite {
	var sites []lockSite
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case nil:
			return false
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			return false
		case *ast.CallExpr:
			if lc, ok := c.lockCallOf(n); ok {
				if !lc.unlock {
					sites = append(sites, lockSite{path: lc.path, read: lc.read, pos: n.Pos()})
				}
				return false
			}
			sites = append(sites, c.calleeLocks(n)...)
		}
		return skip == nil || !skip(n)
	})
	return sites
}

// A calleeLock is a lock a function takes on its receiver (param -1),
// on one of its parameters, through the fields rel, or on a
// package-level variable (global).
type calleeLock struct {
	global bool
	path   code.Path // for global
	param  int
	rel    string
	read   bool
}

// calleeLocks returns the locks the function call calls takes, as
// paths in the caller's variables.
func (c *checker) calleeLocks(call *ast.CallExpr) []lockSite {
	fn := code.Callee(c.info, call)
	if fn == nil {
		return nil
	}
	var sites []lockSite
	for _, cl := range c.summary(fn.Origin()) {
		var p code.Path
		switch {
		case cl.global:
			p = cl.path
		case cl.param < 0:
			sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok {
				continue
			}
			if p, ok = code.ReceiverPath(c.info, sel); !ok {
				continue
			}
			p.Fields += cl.rel
		default:
			if cl.param >= len(call.Args) || call.Ellipsis.IsValid() {
				continue
			}
			var ok bool
			if p, ok = code.AccessPath(c.info, call.Args[cl.param]); !ok {
				continue
			}
			p.Fields += cl.rel
		}
		sites = append(sites, lockSite{path: p, read: cl.read, pos: call.Pos()})
	}
	return sites
}

// summary returns the locks fn, a function of this package, takes on
// its receiver, parameters and package-level variables, including those
// of the functions it calls in turn.
func (c *checker) summary(fn *types.Func) []calleeLock {
	if s, ok := c.summaries[fn]; ok {
		return s
	}
	c.summaries[fn] = nil // recursion
	decl := c.decls[fn]
	if decl == nil {
		return nil
	}
	sig := fn.Signature()
	var out []calleeLock
	for _, s := range c.locksIn(decl.Body, nil) {
		root := s.path.Root
		switch {
		case root.Pkg() != c.pass.Pkg || root.Parent() == c.pass.Pkg.Scope():
			out = append(out, calleeLock{global: true, path: s.path, read: s.read})
		case sig.Recv() != nil && root == sig.Recv():
			out = append(out, calleeLock{param: -1, rel: s.path.Fields, read: s.read})
		default:
			for i := range sig.Params().Len() {
				if sig.Params().At(i) == root {
					out = append(out, calleeLock{param: i, rel: s.path.Fields, read: s.read})
				}
			}
		}
	}
	c.summaries[fn] = out
	return out
}
