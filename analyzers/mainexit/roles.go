package mainexit

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

const errgroupPath = "golang.org/x/sync/errgroup"

// A goroutine is one spawn site of the entry function and what its body
// does with the entry's variables.
type goroutine struct {
	site *spawnsites.Site
	// body is the function literal's or the same-package function's body
	// the goroutine runs, or nil; lit is set for a literal, decl for a
	// declared function.
	body *ast.BlockStmt
	lit  *ast.FuncLit
	decl *ast.FuncDecl
	// params maps the body's parameters to the tracked variables the
	// spawn passes them.
	params map[*types.Var]*types.Var
	// refs holds the entry's variables the goroutine captures or is
	// handed; cancels is set when one of them is a context's cancel.
	refs    map[*types.Var]bool
	cancels bool
	// prod holds the tracked variables the goroutine may send on, close
	// or count down; cons those it may receive from or wait on.
	prod, cons map[*types.Var]bool
}

// track finds the entry's channels, WaitGroups and errgroups that are
// created here and used only in ways the analysis sees: channel
// operations, the groups' own methods, and handing them to goroutines.
// Any other use (passing one to a function, storing it, using it in a
// closure that is not a goroutine) could let unseen code send on it or
// count on it. bodies are the goroutines' literals, classified later.
func (e *entry) track(bodies map[*ast.FuncLit]bool) {
	info := e.c.pass.TypesInfo
	e.tracked = make(map[*types.Var]bool)
	e.signalled = make(map[*types.Var]bool)
	define := func(id *ast.Ident, rhs ast.Expr, hasRHS bool) {
		v, ok := info.Defs[id].(*types.Var)
		if ok && syncType(v.Type()) && (!hasRHS || fresh(info, rhs)) {
			e.tracked[v] = true
		}
	}
	ast.Inspect(e.decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE || len(n.Lhs) != len(n.Rhs) {
				return true
			}
			for i, lhs := range n.Lhs {
				if id, ok := lhs.(*ast.Ident); ok {
					define(id, n.Rhs[i], true)
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				switch {
				case len(n.Values) == 0:
					define(id, nil, false)
				case len(n.Values) == len(n.Names):
					define(id, n.Values[i], true)
				}
			}
		}
		return true
	})
	if len(e.tracked) == 0 {
		return
	}
	var stack []ast.Node
	ast.Inspect(e.decl.Body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if lit, ok := n.(*ast.FuncLit); ok && bodies[lit] {
			return false
		}
		stack = append(stack, n)
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok || !e.tracked[v] {
			return true
		}
		u := classify(info, stack)
		switch {
		case u.other || u.inLit:
			delete(e.tracked, v)
		case u.prod:
			e.signalled[v] = true
		}
		return true
	})
}

// syncType reports whether t is a channel, a WaitGroup or an errgroup,
// or a pointer to one of the latter.
func syncType(t types.Type) bool {
	return isChan(t) || code.IsNamed(t, "sync", "WaitGroup") || code.IsNamed(t, errgroupPath, "Group")
}

// fresh reports whether x makes a new value nobody else knows of: make,
// new, a composite literal or its address.
func fresh(info *types.Info, x ast.Expr) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.CompositeLit:
		return true
	case *ast.UnaryExpr:
		_, ok := ast.Unparen(x.X).(*ast.CompositeLit)
		return ok && x.Op == token.AND
	case *ast.CallExpr:
		if id, ok := ast.Unparen(x.Fun).(*ast.Ident); ok {
			b, ok := info.Uses[id].(*types.Builtin)
			return ok && (b.Name() == "make" || b.Name() == "new")
		}
	}
	return false
}

// A use says what the identifier on top of a syntax stack does with the
// channel or group it names.
type use struct {
	prod, cons bool // sends, closes or counts down; receives or waits
	other      bool // anything else: handed to a call, stored, compared...
	inLit      bool // inside a function literal on the stack
	spawn      bool // handed to a goroutine
}

func classify(info *types.Info, stack []ast.Node) use {
	var u use
	for _, n := range stack[:len(stack)-1] {
		if _, ok := n.(*ast.FuncLit); ok {
			u.inLit = true
		}
	}
	i := len(stack) - 1
	x := stack[i].(ast.Expr)
climb:
	for i > 0 {
		switch p := stack[i-1].(type) {
		case *ast.ParenExpr, *ast.StarExpr:
			x, i = p.(ast.Expr), i-1
			continue
		case *ast.UnaryExpr:
			if p.Op == token.AND {
				x, i = p, i-1
				continue
			}
		}
		break climb
	}
	if i == 0 {
		u.other = true
		return u
	}
	switch p := stack[i-1].(type) {
	case *ast.UnaryExpr:
		u.cons = p.Op == token.ARROW
		u.other = !u.cons
	case *ast.SendStmt:
		u.prod = p.Chan == x
		u.other = !u.prod
	case *ast.RangeStmt:
		u.cons = p.X == x
		u.other = !u.cons
	case *ast.SelectorExpr:
		call, ok := stackAt(stack, i-2).(*ast.CallExpr)
		if !ok || call.Fun != p {
			u.other = true
			break
		}
		switch p.Sel.Name {
		case "Wait":
			u.cons = true
		case "Add", "Done", "Go", "TryGo":
			u.prod = true
		case "SetLimit":
		default:
			u.other = true
		}
	case *ast.CallExpr:
		if id, ok := ast.Unparen(p.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok {
				switch b.Name() {
				case "close":
					u.prod = true
				case "len", "cap":
				default:
					u.other = true
				}
				return u
			}
		}
		if _, ok := stackAt(stack, i-2).(*ast.GoStmt); ok && p.Fun != x {
			u.spawn = true
			return u
		}
		u.other = true
	default:
		u.other = true
	}
	return u
}

func stackAt(stack []ast.Node, i int) ast.Node {
	if i < 0 || i >= len(stack) {
		return nil
	}
	return stack[i]
}

// newGoroutine works out what the goroutine of site s does with the
// entry's variables.
func (e *entry) newGoroutine(s *spawnsites.Site) *goroutine {
	info := e.c.pass.TypesInfo
	g := &goroutine{
		site:   s,
		params: make(map[*types.Var]*types.Var),
		refs:   make(map[*types.Var]bool),
		prod:   make(map[*types.Var]bool),
		cons:   make(map[*types.Var]bool),
	}
	ref := func(v *types.Var) {
		if v == nil {
			return
		}
		g.refs[v] = true
		if t := v.Type(); code.IsNamed(t, "context", "CancelFunc") || code.IsNamed(t, "context", "CancelCauseFunc") {
			g.cancels = true
		}
	}
	for _, v := range s.Captures {
		ref(v)
	}
	for _, arg := range s.Args {
		ref(code.RootVar(info, arg))
	}
	if s.Recv != nil {
		ref(code.RootVar(info, s.Recv))
	}
	if call, ok := s.Node.(*ast.CallExpr); ok { // wg.Go(f), g.Go(f)
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if v := plainVar(info, sel.X); v != nil {
				ref(v)
				if e.tracked[v] {
					g.prod[v] = true
				}
			}
		}
	}

	var fields *ast.FieldList
	switch {
	case s.Lit != nil:
		g.lit, g.body, fields = s.Lit, s.Lit.Body, s.Lit.Type.Params
	case s.Kind == spawnsites.StaticCall && s.Callee != nil:
		if decl := e.c.decls[s.Callee.Origin()]; decl != nil {
			g.decl, g.body, fields = decl, decl.Body, decl.Type.Params
		}
	}
	var params []*types.Var
	if fields != nil {
		for _, f := range fields.List {
			for _, name := range f.Names {
				v, _ := info.Defs[name].(*types.Var)
				params = append(params, v)
			}
			if len(f.Names) == 0 {
				params = append(params, nil)
			}
		}
	}
	variadic := fields != nil && len(fields.List) > 0 && isEllipsis(fields.List[len(fields.List)-1].Type)
	for i, arg := range s.Args {
		v := plainVar(info, arg)
		if v == nil || !e.tracked[v] {
			continue
		}
		if g.body == nil || i >= len(params) || params[i] == nil || variadic && i >= len(params)-1 {
			g.prod[v], g.cons[v] = true, true // unseen code may do anything with it
			continue
		}
		g.params[params[i]] = v
	}
	if g.body != nil {
		e.roles(g)
	}
	return g
}

func isEllipsis(x ast.Expr) bool {
	_, ok := x.(*ast.Ellipsis)
	return ok
}

// roles fills in g.prod and g.cons from the goroutine's body, nested
// literals included: they may run in it.
func (e *entry) roles(g *goroutine) {
	info := e.c.pass.TypesInfo
	var stack []ast.Node
	ast.Inspect(g.body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		obj, ok := info.Uses[id].(*types.Var)
		if !ok {
			return true
		}
		v := g.params[obj]
		if v == nil && g.lit != nil && e.tracked[obj] {
			v = obj
		}
		if v == nil {
			return true
		}
		u := classify(info, stack)
		if ch, ok := obj.Type().Underlying().(*types.Chan); ok && g.params[obj] != nil && ch.Dir() != types.SendRecv {
			// A directional parameter can only do one thing, whatever
			// the body hands it to.
			u = use{prod: ch.Dir() == types.SendOnly, cons: ch.Dir() == types.RecvOnly}
		}
		if u.prod || u.other || u.spawn {
			g.prod[v] = true
		}
		if u.cons || u.other || u.spawn {
			g.cons[v] = true
		}
		return true
	})
}
