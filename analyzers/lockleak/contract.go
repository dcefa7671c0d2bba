package lockleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/internal/ref"
)

// An acquiring helper, such as franz-go's waitJoinSyncMu, takes a lock
// of its receiver or of a parameter and returns holding it on success,
// releasing it, or never taking it, when it fails: its holding returns
// are its contract, which the callers complete by unlocking. contract
// decides, for a return l of decl that holds a lock other returns
// release, whether it is such a contract. When a caller does not
// release the lock, it also returns where that caller is, for the
// report.
//
// The callers of the package decide when they can all be seen: at least
// one, and every one releasing the lock after the call on its non-error
// path. When some may be elsewhere, because the function is exported
// and not called here or is used as a value, the function's own shape
// is the fallback: the holding return says nil for its error result and
// every releasing return a non-nil error. In either case a releasing
// return whose results look the same as the holding one's (both return
// nil) leaves the callers no way to tell them apart, so the holding
// return stays a bug. A release counts here only if the function itself
// unlocks: a lock handed to a goroutine may be held for the caller.
func (c *checker) contract(decl *ast.FuncDecl, f *flow, l leak) (bool, []analysis.RelatedInformation) {
	h := c.helpers
	fn, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if !ok {
		return false, nil
	}
	r, ok := h.ref(l.key, h.params(fn, decl))
	if !ok || r.param == global {
		return false, nil
	}
	frees := f.ownReleases(l.key)
	for _, free := range frees {
		if slices.Equal(c.resultKinds(l.ret), c.resultKinds(free)) {
			return false, nil
		}
	}
	if c.acquireOrFail(fn, l.ret, frees) && c.releasedElsewhere(fn, l.key) {
		return true, nil
	}
	sites := c.callSites()
	var calls []callSite
	for _, s := range sites.calls[fn] {
		if s.fn != ast.Node(decl) { // a recursive call is not a caller that completes the contract
			calls = append(calls, s)
		}
	}
	for _, s := range calls {
		if !c.callerReleases(s, r) {
			return false, []analysis.RelatedInformation{{
				Pos:     s.call.Pos(),
				End:     s.call.End(),
				Message: fmt.Sprintf("this call of %s returns holding the lock, and the caller does not release it", fn.Name()),
			}}
		}
	}
	switch {
	case len(calls) > 0 && !sites.values[fn]:
		return true, nil
	case fn.Exported() || sites.values[fn]:
		return c.acquireOrFail(fn, l.ret, frees), nil
	}
	return false, nil // never called: nothing vouches for the contract
}

// A fieldLock is a lock that is a struct field, the same whichever
// instance holds it: DB.rwlock, reached as db.rwlock or tx.db.rwlock.
type fieldLock struct {
	key  ref.TypeKey
	read bool
}

// fieldKey returns the type-level key of the lock reached from root by
// fields, spelled as code.Path spells them.
func (c *checker) fieldKey(root *types.Var, fields string) (ref.TypeKey, bool) {
	r, ok := ref.Select(root, c.pass.Pkg, fields)
	if !ok {
		return ref.TypeKey{}, false
	}
	return r.TypeKey()
}

// releasedElsewhere reports whether a function of the package other
// than fn releases the lock k without taking it first, as bbolt's
// Tx.close releases the DB.rwlock that beginRWTx took: the lock is held
// for the life of something the helper returns, by a protocol the
// package implements, and the callers of fn need not release it. A
// function that calls fn is one of its callers, which the callers rule
// judges, not a release elsewhere: its first Unlock may complete the
// contract of its own call.
func (c *checker) releasedElsewhere(fn *types.Func, k lockKey) bool {
	key, ok := c.fieldKey(k.path.Root, k.path.Fields)
	if !ok {
		return false
	}
	calls := c.callSites().calls[fn]
	for _, g := range c.fieldReleasers()[fieldLock{key, k.read}] {
		decl := c.helpers.decls[g]
		caller := slices.ContainsFunc(calls, func(s callSite) bool {
			return decl.Pos() <= s.call.Pos() && s.call.End() <= decl.End()
		})
		if g != fn && !caller {
			return true
		}
	}
	return false
}

// fieldReleasers indexes the functions of the package by the field
// locks whose first operation in them is an unlock, built on first use.
func (c *checker) fieldReleasers() map[fieldLock][]*types.Func {
	if c.releasers != nil {
		return c.releasers
	}
	c.releasers = make(map[fieldLock][]*types.Func)
	for fn := range c.helpers.decls {
		sig := fn.Signature()
		for _, r := range c.helpers.releases(fn) {
			var root *types.Var
			switch r.param {
			case receiver:
				if sig.Recv() == nil {
					continue
				}
				root = sig.Recv()
			case global:
				root = r.global
			default:
				root = sig.Params().At(r.param)
			}
			if key, ok := c.fieldKey(root, r.fields); ok {
				k := fieldLock{key, r.read}
				c.releasers[k] = append(c.releasers[k], fn)
			}
		}
	}
	return c.releasers
}

// resultKinds classifies the results of a return as a caller can tell
// them apart: nil, a constant, or any other value.
func (c *checker) resultKinds(ret *ast.ReturnStmt) []string {
	if len(ret.Results) == 0 {
		return []string{"bare"}
	}
	kinds := make([]string, len(ret.Results))
	for i, e := range ret.Results {
		tv := c.pass.TypesInfo.Types[e]
		switch {
		case tv.IsNil():
			kinds[i] = "nil"
		case tv.Value != nil:
			kinds[i] = "const " + tv.Value.ExactString()
		default:
			kinds[i] = "value"
		}
	}
	return kinds
}

// acquireOrFail reports whether fn's last result is an error, for
// which the holding return hold says nil and every releasing return
// something else.
func (c *checker) acquireOrFail(fn *types.Func, hold *ast.ReturnStmt, frees []*ast.ReturnStmt) bool {
	results := fn.Signature().Results()
	if results.Len() == 0 || !types.Identical(results.At(results.Len()-1).Type(), types.Universe.Lookup("error").Type()) {
		return false
	}
	isNil := func(ret *ast.ReturnStmt) bool {
		return len(ret.Results) == results.Len() && c.pass.TypesInfo.Types[ret.Results[len(ret.Results)-1]].IsNil()
	}
	if !isNil(hold) || len(frees) == 0 {
		return false
	}
	for _, free := range frees {
		if len(free.Results) != results.Len() || isNil(free) {
			return false
		}
	}
	return true
}

// callerReleases reports whether the caller of site releases the lock r
// names, seen from the callee, on every path from the call that does not
// take the error branch of the call's error result, before it locks the
// lock again or returns; and on one path at least.
func (c *checker) callerReleases(site callSite, r release) bool {
	sel, _ := ast.Unparen(site.call.Fun).(*ast.SelectorExpr)
	key, ok := c.helpers.callerKey(r, sel, site.call.Args)
	if !ok {
		return false
	}
	f := c.callerFlow(site.fn)
	if f == nil {
		return false
	}
	start := f.blockOf(site.call)
	if start == nil {
		return false
	}
	errVar := c.errResult(code.FuncBody(site.fn), site.call)
	released := false
	visited := make(map[*cfg.Block]bool)
	// follow reports whether every path on from b's ops after pos
	// releases the lock.
	var follow func(b *cfg.Block, pos token.Pos) bool
	follow = func(b *cfg.Block, pos token.Pos) bool {
		for _, o := range f.ops[b.Index] {
			if o.pos < pos || o.key != key {
				continue
			}
			switch o.kind {
			case opUnlock, opHandOff, opDefer:
				released = true
				return true
			case opLock, opTry:
				return false
			}
		}
		if len(b.Succs) == 0 {
			return f.rets[b.Index] == nil // a panic or os.Exit releases nothing but leaks nothing either
		}
		skip := c.errorEdge(b, site.call, errVar)
		for i, succ := range b.Succs {
			if i == skip || visited[succ] {
				continue
			}
			visited[succ] = true
			if !follow(succ, token.NoPos) {
				return false
			}
		}
		return true
	}
	return follow(start, site.call.End()) && released
}

// errorEdge returns the index of the successor of b that a nil test of
// the call's error result, ending b, takes on failure, or -1.
func (c *checker) errorEdge(b *cfg.Block, call *ast.CallExpr, errVar *types.Var) int {
	if len(b.Succs) != 2 || len(b.Nodes) == 0 {
		return -1
	}
	e, ok := b.Nodes[len(b.Nodes)-1].(ast.Expr)
	if !ok {
		return -1
	}
	cond, ok := ast.Unparen(e).(*ast.BinaryExpr)
	if !ok || cond.Op != token.NEQ && cond.Op != token.EQL {
		return -1
	}
	x, y := ast.Unparen(cond.X), ast.Unparen(cond.Y)
	if c.pass.TypesInfo.Types[x].IsNil() {
		x, y = y, x
	}
	if !c.pass.TypesInfo.Types[y].IsNil() {
		return -1
	}
	id, isIdent := x.(*ast.Ident)
	if x != ast.Expr(call) && (!isIdent || errVar == nil || c.pass.TypesInfo.Uses[id] != errVar) {
		return -1
	}
	if cond.Op == token.NEQ {
		return 0 // err != nil: the true edge fails
	}
	return 1
}

// errResult returns the variable that the statement of body made of
// call alone assigns its last result to, when that result is an error.
func (c *checker) errResult(body *ast.BlockStmt, call *ast.CallExpr) *types.Var {
	var v *types.Var
	pick := func(lhs []ast.Expr) {
		if id, ok := lhs[len(lhs)-1].(*ast.Ident); ok {
			if obj, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var); ok && types.Identical(obj.Type(), types.Universe.Lookup("error").Type()) {
				v = obj
			}
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Rhs) == 1 && n.Rhs[0] == ast.Expr(call) {
				pick(n.Lhs)
			}
		case *ast.ValueSpec:
			if len(n.Values) == 1 && n.Values[0] == ast.Expr(call) {
				lhs := make([]ast.Expr, len(n.Names))
				for i, name := range n.Names {
					lhs[i] = name
				}
				pick(lhs)
			}
		}
		return v == nil
	})
	return v
}

// blockOf returns the live block whose nodes contain call.
func (f *flow) blockOf(call *ast.CallExpr) *cfg.Block {
	for _, b := range f.g.Blocks {
		if !b.Live {
			continue
		}
		for _, n := range b.Nodes {
			if n.Pos() <= call.Pos() && call.End() <= n.End() {
				return b
			}
		}
	}
	return nil
}

// callerFlow returns the flow of a caller, a function declaration or
// literal, whose ops are all that callerReleases needs.
func (c *checker) callerFlow(fn ast.Node) *flow {
	if f, ok := c.callers[fn]; ok {
		return f
	}
	var g *cfg.CFG
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		g = c.cfgs.FuncDecl(fn)
	case *ast.FuncLit:
		g = c.cfgs.FuncLit(fn)
	}
	var f *flow
	if g != nil {
		f = c.newFlow(code.FuncBody(fn), g)
	}
	c.callers[fn] = f
	return f
}

// A callSite is a call of a function of the package, in the function
// declaration or literal fn.
type callSite struct {
	call *ast.CallExpr
	fn   ast.Node
}

// sites indexes the calls of the functions of the package, and those
// used as values, whose callers cannot be seen.
type sites struct {
	calls  map[*types.Func][]callSite
	values map[*types.Func]bool
}

// callSites returns the package's call index, built on first use.
func (c *checker) callSites() *sites {
	if c.sites != nil {
		return c.sites
	}
	s := &sites{calls: make(map[*types.Func][]callSite), values: make(map[*types.Func]bool)}
	info := c.pass.TypesInfo
	called := make(map[*ast.Ident]bool)
	filter := []ast.Node{(*ast.CallExpr)(nil), (*ast.Ident)(nil)}
	c.ins.WithStack(filter, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			fn := code.Callee(info, n)
			if fn == nil || c.helpers.decls[fn.Origin()] == nil {
				return true
			}
			if id := calledName(n.Fun); id != nil {
				called[id] = true
			}
			if encl := code.EnclosingFunc(stack); encl != nil {
				s.calls[fn.Origin()] = append(s.calls[fn.Origin()], callSite{n, encl})
			}
		case *ast.Ident:
			if fn, ok := info.Uses[n].(*types.Func); ok && !called[n] && c.helpers.decls[fn.Origin()] != nil {
				s.values[fn.Origin()] = true
			}
		}
		return true
	})
	c.sites = s
	return s
}

// calledName returns the name a call's function expression ends in:
// f, c.f, pkg.f, f[T].
func calledName(fun ast.Expr) *ast.Ident {
	for {
		switch e := ast.Unparen(fun).(type) {
		case *ast.Ident:
			return e
		case *ast.SelectorExpr:
			return e.Sel
		case *ast.IndexExpr:
			fun = e.X
		case *ast.IndexListExpr:
			fun = e.X
		default:
			return nil
		}
	}
}
