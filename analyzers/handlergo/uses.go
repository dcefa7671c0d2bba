package handlergo

import (
	"go/ast"
	"go/types"

	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

// A useKind says how a goroutine uses the request; larger is worse.
type useKind int

const (
	noUse     useKind = iota
	ctxUse            // works under the request's context
	bodyUse           // reads the request body
	writerUse         // uses the ResponseWriter
)

type use struct {
	kind   useKind
	node   ast.Node
	what   string   // what is used, for the message
	callee string   // ctxUse: the call the context is handed to
	fix    ast.Expr // ctxUse: the r.Context() to detach, or nil
	param  int      // the parameter the value comes from, for summaries
}

// bodyMethods are the *http.Request methods that may read the body.
var bodyMethods = map[string]bool{
	"FormValue": true, "PostFormValue": true, "FormFile": true, "ParseForm": true,
	"ParseMultipartForm": true, "MultipartReader": true,
}

// siteUse returns the worst use of the request that the goroutine started
// at s makes; fixes holds the r.Context() expressions to detach when every
// context use can be detached.
func (sc *scope) siteUse(s *spawnsites.Site) (best use, fixes []ast.Expr) {
	fixable := true
	emit := func(u use) {
		if u.kind > best.kind {
			best = u
		}
		if u.kind == ctxUse {
			fixes = append(fixes, u.fix)
			fixable = fixable && u.fix != nil
		}
	}
	if s.Lit != nil {
		sc.walk(s.Lit.Body, emit)
	}
	if s.Kind != spawnsites.FuncLit {
		if recv := goRecv(sc.info, s); recv != nil {
			sc.valueUse(recv, emit)
		}
		for i, arg := range s.Args {
			if !sc.valueUse(arg, emit) {
				sc.argUse(s.Callee, s.Callee == nil && s.Lit == nil, types.ExprString(goCallFun(s)), i, arg, emit)
			}
		}
	}
	if best.kind != ctxUse || !fixable {
		fixes = nil
	}
	return best, fixes
}

// goRecv returns the receiver of the method the goroutine runs: s.Recv,
// or for an interface method (go flusher.Flush(), go r.Body.Close()),
// which the spawn-site pass leaves dynamic, the x of its x.m.
func goRecv(info *types.Info, s *spawnsites.Site) ast.Expr {
	if s.Recv != nil || s.Kind != spawnsites.Dynamic {
		return s.Recv
	}
	if sel, ok := ast.Unparen(goCallFun(s)).(*ast.SelectorExpr); ok {
		if m, ok := info.Selections[sel]; ok && m.Kind() == types.MethodVal {
			return sel.X
		}
	}
	return nil
}

func goCallFun(s *spawnsites.Site) ast.Expr {
	if g, ok := s.Node.(*ast.GoStmt); ok {
		return g.Call.Fun
	}
	return s.Node.(*ast.CallExpr).Args[0]
}

// valueUse reports whether e, handed to a goroutine, is the ResponseWriter
// or the request body, or a view of them.
func (sc *scope) valueUse(e ast.Expr, emit func(use)) bool {
	if r := sc.derivedFrom(ast.Unparen(e), writerRole); r.kind != noRole {
		emit(use{kind: writerUse, node: e, what: sc.describe(e, r)})
		return true
	}
	if r := sc.derivedFrom(ast.Unparen(e), bodyRole); r.kind != noRole {
		emit(use{kind: bodyUse, node: e, what: sc.describe(e, r)})
		return true
	}
	return false
}

// walk calls emit for each use of a request-scoped value in n.
func (sc *scope) walk(n ast.Node, emit func(use)) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			switch r := sc.identRole(n); r.kind {
			case writerRole:
				emit(use{kind: writerUse, node: n, what: sc.describe(n, r), param: r.param})
			case bodyRole:
				emit(use{kind: bodyUse, node: n, what: sc.describe(n, r), param: r.param})
			}
		case *ast.SelectorExpr:
			if r := sc.valueRole(n); r.kind == bodyRole {
				emit(use{kind: bodyUse, node: n, what: types.ExprString(n), param: r.param})
				return false
			}
		case *ast.CallExpr:
			if x, name := sc.methodOn(n); bodyMethods[name] {
				if r := sc.valueRole(x); r.kind == requestRole {
					emit(use{kind: bodyUse, node: n, what: types.ExprString(n.Fun) + ", which may read it", param: r.param})
				}
			}
			fn := code.Callee(sc.info, n)
			tv := sc.info.Types[n.Fun]
			if tv.IsType() || tv.IsBuiltin() {
				return true
			}
			for i, arg := range n.Args {
				sc.argUse(fn, fn == nil || code.IsInterfaceMethod(fn), types.ExprString(n.Fun), i, arg, emit)
			}
		case *ast.CompositeLit:
			if !sc.summary {
				return true
			}
			// A constructor that keeps the context in what it builds,
			// as http.NewRequestWithContext does, works under it later.
			for _, elt := range n.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					elt = kv.Value
				}
				if r := sc.valueRole(elt); r.kind == ctxRole {
					emit(use{kind: ctxUse, node: elt, param: r.param})
				}
			}
		}
		return true
	})
}

// argUse reports what handing arg, as argument i, to fn does with the
// request: fn is the callee, or nil; unknown says fn's body cannot be seen
// (a function value or an interface method).
func (sc *scope) argUse(fn *types.Func, unknown bool, callee string, i int, arg ast.Expr, emit func(use)) {
	r := sc.valueRole(arg)
	switch r.kind {
	case ctxRole:
		if sc.ctxWork(fn, unknown, i) {
			u := use{kind: ctxUse, node: arg, what: types.ExprString(arg), callee: callee, param: r.param}
			if r.plain {
				u.fix = arg
			}
			emit(u)
		}
	case requestRole:
		if fn == nil || unknown {
			return
		}
		f := sc.c.factOf(fn)
		bit := paramBit(fn, i)
		if f.Body&bit != 0 {
			emit(use{kind: bodyUse, node: arg, what: callee + "(" + types.ExprString(arg) + ")", param: r.param})
		}
		if f.Ctx&bit != 0 {
			emit(use{kind: ctxUse, node: arg, what: types.ExprString(arg) + ".Context()", callee: callee, param: r.param})
		}
	}
}

// ctxWork reports whether a call of fn works under the context it gets as
// argument i, so that cancelling the context cuts the work short.
// Deriving contexts and logging do not; calls the analysis cannot see
// into are assumed to.
func (sc *scope) ctxWork(fn *types.Func, unknown bool, i int) bool {
	if unknown {
		return true
	}
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "context", "log", "log/slog":
		return false
	}
	return sc.c.factOf(fn).Ctx&paramBit(fn, i) != 0
}

// paramBit returns the bit of the parameter that argument i of a call of
// fn sets; variadic arguments all set the last one.
func paramBit(fn *types.Func, i int) uint64 {
	n := fn.Signature().Params().Len()
	if fn.Signature().Variadic() && i >= n-1 {
		i = n - 1
	}
	if i < 0 || i >= n || i >= 64 {
		return 0
	}
	return 1 << i
}

// describe names a request-scoped value for a message.
func (sc *scope) describe(e ast.Expr, r role) string {
	s := types.ExprString(e)
	switch {
	case r.kind == writerRole && !r.alias:
		return "the ResponseWriter " + s
	case r.kind == writerRole:
		return s + " (made from the ResponseWriter)"
	}
	return s
}

// factOf returns what fn does with its request and context parameters:
// from the fact of another package, or summarised here on demand.
func (c *checker) factOf(fn *types.Func) RequestUseFact {
	fn = fn.Origin()
	var f RequestUseFact
	if fn.Pkg() == nil {
		return f
	}
	if fn.Pkg() != c.pass.Pkg {
		c.pass.ImportObjectFact(fn, &f)
		return f
	}
	if f, ok := c.facts[fn]; ok {
		return f
	}
	decl := c.decls[fn]
	if decl == nil || c.busy[fn] {
		return f // a recursive call adds nothing new
	}
	c.busy[fn] = true
	defer delete(c.busy, fn)
	sc := newScope(c, decl.Body)
	sc.summary = true
	params := fn.Signature().Params()
	for i := range params.Len() {
		switch p := params.At(i); {
		case isRequest(p.Type()):
			sc.set(p, role{kind: requestRole, param: i})
		case isContext(p.Type()):
			sc.set(p, role{kind: ctxRole, param: i, plain: true})
		}
	}
	if len(sc.seed) > 0 {
		sc.resolve()
		sc.walk(decl.Body, func(u use) {
			if u.param < 0 || u.param >= 64 {
				return
			}
			switch u.kind {
			case bodyUse:
				f.Body |= 1 << u.param
			case ctxUse:
				f.Ctx |= 1 << u.param
			}
		})
	}
	c.facts[fn] = f
	return f
}
