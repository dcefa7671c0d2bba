package handlergo

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

// A roleKind says what request-scoped thing a variable holds.
type roleKind int

const (
	noRole      roleKind = iota
	writerRole           // the ResponseWriter, or a view of it (w.(http.Flusher), json.NewEncoder(w))
	requestRole          // the *http.Request, or r.WithContext(ctx)
	bodyRole             // the request body, or a reader over it
	ctxRole              // the request's context, or one derived from it
)

type role struct {
	kind  roleKind
	param int  // the parameter the value comes from, for summaries
	plain bool // ctxRole: only ever assigned r.Context() itself
	alias bool // not a parameter but a variable derived from one
	// detached: requestRole whose context was replaced by one that does
	// not derive from the request's, as in r.Clone(context.Background()).
	detached bool
}

// A scope tracks, flow-insensitively, which variables of a function body
// (nested literals included) hold request-scoped values. A variable that
// is also assigned something unrelated anywhere is dropped: it may hold a
// detached copy (ctx = context.WithoutCancel(ctx)) or a wrapper.
type scope struct {
	c     *checker
	info  *types.Info
	body  ast.Node
	seed  map[*types.Var]role
	roles map[*types.Var]role
	binds []binding
	// summary is set when summarising a function for its fact rather
	// than checking a handler.
	summary bool
}

// A binding is an assignment that is not written as one: an argument of
// go func(x T) { ... }(arg) and the parameter it sets.
type binding struct {
	v   *types.Var
	arg ast.Expr
}

func newScope(c *checker, body ast.Node) *scope {
	return &scope{c: c, info: c.pass.TypesInfo, body: body, seed: make(map[*types.Var]role), roles: make(map[*types.Var]role)}
}

func (sc *scope) set(v *types.Var, r role) {
	sc.seed[v] = r
	sc.roles[v] = r
}

// bindLitParams records the parameters of a goroutine's function literal
// as assigned from the arguments of its go statement.
func (sc *scope) bindLitParams(s *spawnsites.Site) {
	if s.Kind != spawnsites.FuncLit || s.Lit.Type.Params == nil {
		return
	}
	i := 0
	for _, field := range s.Lit.Type.Params.List {
		for _, name := range field.Names {
			if v, ok := sc.info.Defs[name].(*types.Var); ok && i < len(s.Args) {
				sc.binds = append(sc.binds, binding{v, s.Args[i]})
			}
			i++
		}
		if len(field.Names) == 0 {
			i++
		}
	}
}

// resolve computes the roles of the body's variables. Three rounds reach
// the variables assigned before their source in the text (in loops).
func (sc *scope) resolve() {
	for range 3 {
		next := make(map[*types.Var]role, len(sc.roles))
		spoiled := make(map[*types.Var]bool)
		assign := func(lhs ast.Expr, rhs ast.Expr, tuple bool) {
			id, ok := ast.Unparen(lhs).(*ast.Ident)
			if !ok || id.Name == "_" {
				return
			}
			v, _ := sc.info.ObjectOf(id).(*types.Var)
			if v == nil {
				return
			}
			r := sc.exprRole(rhs, v.Type(), tuple)
			if r.kind == noRole || spoiled[v] {
				spoiled[v] = true
				delete(next, v)
				return
			}
			if old, ok := next[v]; ok && old.kind != r.kind {
				spoiled[v] = true
				delete(next, v)
				return
			}
			if old, ok := next[v]; ok {
				r.plain = r.plain && old.plain
			}
			r.alias = true
			if s, ok := sc.seed[v]; ok {
				r = s
			}
			next[v] = r
		}
		for v, r := range sc.seed {
			next[v] = r
		}
		ast.Inspect(sc.body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
					return true
				}
				for i, lhs := range n.Lhs {
					switch {
					case len(n.Lhs) == len(n.Rhs):
						assign(lhs, n.Rhs[i], false)
					case len(n.Rhs) == 1:
						assign(lhs, n.Rhs[0], true)
					}
				}
			case *ast.ValueSpec:
				for i, name := range n.Names {
					switch {
					case len(n.Names) == len(n.Values):
						assign(name, n.Values[i], false)
					case len(n.Values) == 1:
						assign(name, n.Values[0], true)
					}
				}
			}
			return true
		})
		for _, b := range sc.binds {
			if r := sc.exprRole(b.arg, b.v.Type(), false); r.kind != noRole && !spoiled[b.v] {
				r.alias = true
				next[b.v] = r
			}
		}
		sc.roles = next
	}
}

// exprRole returns the role a variable of type t takes when assigned e
// (one result of e when tuple is set).
func (sc *scope) exprRole(e ast.Expr, t types.Type, tuple bool) role {
	e = ast.Unparen(e)
	if t == nil || isScalar(t) {
		return role{}
	}
	if id, ok := e.(*ast.Ident); ok {
		return sc.identRole(id)
	}
	switch {
	case isRequest(t):
		if call, ok := e.(*ast.CallExpr); ok && !tuple {
			if x, name := sc.methodOn(call); (name == "WithContext" || name == "Clone") && len(call.Args) == 1 {
				if r := sc.valueRole(x); r.kind == requestRole {
					// The copy shares the body; its context is the
					// request's only if the new one derives from it.
					r.detached = sc.ctxRoleOf(call.Args[0]).kind != ctxRole
					return r
				}
			}
		}
	case isContext(t):
		return sc.ctxRoleOf(e)
	}
	if isReaderLike(t) {
		if r := sc.derivedFrom(e, bodyRole); r.kind != noRole {
			return r
		}
	}
	if types.Identical(t, errorType) || isChan(t) {
		return role{}
	}
	return sc.derivedFrom(e, writerRole)
}

// derivedFrom reports whether e makes a view of a value of the given role
// (writerRole or bodyRole): a type assertion or method call on it, or a
// call taking it as an argument. Calls that also take the request, such as
// a WebSocket upgrader's Upgrade(w, r, nil), and Hijack, take the
// connection over from the server and are not views.
func (sc *scope) derivedFrom(e ast.Expr, kind roleKind) role {
	if r := sc.valueRole(e); r.kind == kind {
		return r
	}
	switch e := e.(type) {
	case *ast.TypeAssertExpr:
		if r := sc.valueRole(e.X); r.kind == kind {
			return r
		}
	case *ast.CallExpr:
		if x, name := sc.methodOn(e); x != nil {
			if r := sc.valueRole(x); r.kind == kind && name != "Hijack" {
				return r
			}
		}
		var found role
		for _, arg := range e.Args {
			switch r := sc.valueRole(arg); r.kind {
			case requestRole:
				return role{}
			case kind:
				found = r
			}
		}
		return found
	}
	return role{}
}

// ctxRoleOf returns the ctxRole of e when it is made from the request's
// context: r.Context(), or a call deriving from it, such as
// context.WithTimeout(r.Context(), d) or errgroup.WithContext(ctx).
func (sc *scope) ctxRoleOf(e ast.Expr) role {
	if call, ok := e.(*ast.CallExpr); ok {
		fn := code.Callee(sc.info, call)
		if code.IsFunc(fn, "context", "WithoutCancel") || code.IsFunc(fn, "context", "Background") || code.IsFunc(fn, "context", "TODO") {
			return role{}
		}
	}
	if r := sc.valueRole(e); r.kind == ctxRole {
		return r
	}
	var found role
	ast.Inspect(e, func(n ast.Node) bool {
		if found.kind != noRole {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case ast.Expr:
			if r := sc.valueRole(n); r.kind == ctxRole {
				found = r
				found.plain = false
				return false
			}
		}
		return true
	})
	return found
}

// valueRole returns the role of the value e denotes: a variable with a
// role, r.Context() or r.Body.
func (sc *scope) valueRole(e ast.Expr) role {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return sc.identRole(e)
	case *ast.CallExpr:
		if x, name := sc.methodOn(e); name == "Context" && len(e.Args) == 0 {
			if r := sc.valueRole(x); r.kind == requestRole && !r.detached {
				return role{kind: ctxRole, param: r.param, plain: true, alias: r.alias}
			}
		}
	case *ast.SelectorExpr:
		if e.Sel.Name == "Body" {
			if r := sc.valueRole(e.X); r.kind == requestRole {
				return role{kind: bodyRole, param: r.param, alias: r.alias}
			}
		}
	}
	return role{}
}

func (sc *scope) identRole(id *ast.Ident) role {
	v, ok := sc.info.Uses[id].(*types.Var)
	if !ok {
		return role{}
	}
	return sc.roles[v]
}

// methodOn returns the receiver and name of a method call x.name(...).
func (sc *scope) methodOn(call *ast.CallExpr) (ast.Expr, string) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, ""
	}
	if s, ok := sc.info.Selections[sel]; !ok || s.Kind() != types.MethodVal {
		return nil, ""
	}
	return sel.X, sel.Sel.Name
}

var errorType = types.Universe.Lookup("error").Type()

func isScalar(t types.Type) bool {
	if t == nil {
		return false
	}
	_, basic := t.Underlying().(*types.Basic)
	return basic
}

func isChan(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

// isReaderLike reports whether t reads from something: an io.Reader, a
// decoder, a scanner or a multipart reader.
func isReaderLike(t types.Type) bool {
	for _, name := range [...]string{"Read", "Decode", "Scan", "NextPart"} {
		if obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name); obj != nil {
			if _, ok := obj.(*types.Func); ok {
				return true
			}
		}
	}
	return false
}

// takesOver reports whether the handler takes the connection over from
// the server: it calls Hijack, or a function such as a WebSocket
// upgrader's Upgrade(w, r, nil) that takes both the ResponseWriter and
// the request and returns something. Such a handler usually serves the
// connection for as long as the request lasts, and goroutines it starts
// under the request's context are meant to end with it.
func (sc *scope) takesOver() bool {
	found := false
	ast.Inspect(sc.body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		if x, name := sc.methodOn(call); name == "Hijack" && sc.valueRole(x).kind == writerRole {
			found = true
			return false
		}
		if sig, ok := sc.info.TypeOf(call.Fun).(*types.Signature); !ok || sig.Results().Len() == 0 {
			return true
		}
		var w, r bool
		for _, arg := range call.Args {
			switch sc.valueRole(arg).kind {
			case writerRole:
				w = true
			case requestRole:
				r = true
			}
		}
		found = w && r
		return !found
	})
	return found
}
