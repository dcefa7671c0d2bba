package ctxdone

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/golint-conc/golint-conc/internal/code"
)

// This file answers one question: which cancellable contexts can the code
// at a given position see? It is kept apart from the loop checks because
// other analyzers may need it too.

// contextInterface returns the context.Context interface if pkg depends on
// the context package at all, and nil otherwise: then no value in pkg can
// be a context and the analyzer has nothing to do.
func contextInterface(pkg *types.Package) *types.Interface {
	seen := map[*types.Package]bool{pkg: true}
	queue := []*types.Package{pkg}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if p.Path() == "context" {
			obj, _ := p.Scope().Lookup("Context").(*types.TypeName)
			if obj == nil {
				return nil
			}
			iface, _ := obj.Type().Underlying().(*types.Interface)
			return iface
		}
		for _, imp := range p.Imports() {
			if !seen[imp] {
				seen[imp] = true
				queue = append(queue, imp)
			}
		}
	}
	return nil
}

// A frame is one function on the syntax stack: the contexts it declares
// (parameters and locals derived from a cancellable context, in source
// order) and the loops open in its body.
type frame struct {
	fn    ast.Node // *ast.FuncDecl or *ast.FuncLit
	ctxs  []*types.Var
	loops []loop
	// inherits reports that the contexts of the enclosing frame count here
	// too: the literal runs while its maker's context is live (it is started
	// as a goroutine, called at once, or handed to a call). A literal that is
	// stored or returned runs who knows when, so a captured context says
	// nothing about its lifetime.
	inherits bool
}

// A loop is a for or range statement and the label naming it, if any.
type loop struct {
	stmt  ast.Stmt
	label *types.Label
}

// scope tracks the frames of the function being walked.
type scope struct {
	pkg    *types.Package
	info   *types.Info
	iface  *types.Interface
	frames []*frame
}

func (s *scope) isContext(t types.Type) bool {
	return t != nil && s.iface != nil && types.Implements(t, s.iface)
}

func (s *scope) top() *frame {
	if len(s.frames) == 0 {
		return nil
	}
	return s.frames[len(s.frames)-1]
}

// enter pushes the frame of fn; stack is the syntax path ending at fn.
func (s *scope) enter(fn ast.Node, stack []ast.Node, spawned map[*ast.FuncLit]bool) {
	f := &frame{fn: fn}
	var ftype *ast.FuncType
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		ftype = fn.Type
	case *ast.FuncLit:
		ftype = fn.Type
		f.inherits = len(s.frames) > 0 && (spawned[fn] || handedToCall(fn, stack))
	}
	// A literal called on the spot gets its contexts from the arguments:
	// go func(ctx context.Context) {...}(context.WithoutCancel(parent)).
	var args []ast.Expr
	if lit, ok := fn.(*ast.FuncLit); ok && len(stack) >= 2 {
		if call, ok := stack[len(stack)-2].(*ast.CallExpr); ok && call.Fun == lit && !call.Ellipsis.IsValid() {
			args = call.Args
		}
	}
	i := 0
	for _, field := range ftype.Params.List {
		for _, name := range field.Names {
			v, ok := s.info.Defs[name].(*types.Var)
			if ok && name.Name != "_" && s.isContext(v.Type()) && (args == nil || i < len(args) && s.cancellable(args[i], args[i].Pos())) {
				f.ctxs = append(f.ctxs, v)
			}
			i++
		}
	}
	s.frames = append(s.frames, f)
}

func (s *scope) leave() { s.frames = s.frames[:len(s.frames)-1] }

// handedToCall reports whether lit is called at once (func(){...}(),
// defer func(){...}()) or passed to a call (g.Go(func() error {...}),
// t.Run(name, func(t *testing.T) {...})).
func handedToCall(lit *ast.FuncLit, stack []ast.Node) bool {
	if len(stack) < 2 {
		return false
	}
	_, ok := stack[len(stack)-2].(*ast.CallExpr) // lit is its Fun or an argument
	return ok
}

// define records the context variables an assignment or var declaration
// derives from a cancellable context.
func (s *scope) define(n ast.Node) {
	f := s.top()
	if f == nil {
		return
	}
	var lhs []*ast.Ident
	var rhs []ast.Expr
	switch n := n.(type) {
	case *ast.AssignStmt:
		if n.Tok != token.DEFINE {
			return
		}
		for _, e := range n.Lhs {
			id, _ := e.(*ast.Ident)
			lhs = append(lhs, id)
		}
		rhs = n.Rhs
	case *ast.ValueSpec:
		lhs, rhs = n.Names, n.Values
	}
	for i, id := range lhs {
		if id == nil || id.Name == "_" {
			continue
		}
		v, ok := s.info.Defs[id].(*types.Var)
		if !ok || !s.isContext(v.Type()) {
			continue
		}
		var src ast.Expr
		switch {
		case len(rhs) == len(lhs):
			src = rhs[i]
		case len(rhs) == 1 && i == 0:
			src = rhs[0] // ctx, cancel := context.WithCancel(parent)
		}
		if src != nil && s.cancellable(src, id.Pos()) {
			f.ctxs = append(f.ctxs, v)
		}
	}
}

// cancellable reports whether the context expr evaluates to can be
// cancelled by someone: a visible cancellable context, a context made with
// a cancel function, a request's or test's Context(), or anything derived
// from a visible context by a call that takes it.
func (s *scope) cancellable(expr ast.Expr, pos token.Pos) bool {
	switch e := ast.Unparen(expr).(type) {
	case *ast.Ident:
		v, _ := s.info.Uses[e].(*types.Var)
		return v != nil && s.visible(v, pos)
	case *ast.CallExpr:
		fn := code.Callee(s.info, e)
		if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "context" {
			switch fn.Name() {
			case "WithCancel", "WithTimeout", "WithDeadline", "WithCancelCause", "WithTimeoutCause", "WithDeadlineCause":
				return true
			case "Background", "TODO", "WithoutCancel":
				return false
			}
		}
		if code.IsFunc(fn, "os/signal", "NotifyContext") {
			return true
		}
		if fn != nil && fn.Name() == "Context" && fn.Signature().Recv() != nil && len(e.Args) == 0 {
			return true // r.Context(), t.Context(), stream.Context()
		}
		for _, arg := range e.Args {
			if id, ok := ast.Unparen(arg).(*ast.Ident); ok {
				if v, _ := s.info.Uses[id].(*types.Var); v != nil && s.visible(v, pos) {
					return true
				}
			}
		}
	}
	return false
}

// visible reports whether v is one of the contexts visible at pos.
func (s *scope) visible(v *types.Var, pos token.Pos) bool {
	for _, c := range s.contextsAt(pos) {
		if c == v {
			return true
		}
	}
	return false
}

// contextsAt returns the cancellable contexts visible at pos, innermost
// first: those of the current function, then, while each literal inherits,
// those of the functions around it.
func (s *scope) contextsAt(pos token.Pos) []*types.Var {
	var ctxs []*types.Var
	for i := len(s.frames) - 1; i >= 0; i-- {
		f := s.frames[i]
		for j := len(f.ctxs) - 1; j >= 0; j-- {
			v := f.ctxs[j]
			if v.Pos() < pos && (v.Parent() == nil || v.Parent().Contains(pos)) && !s.shadowed(v, pos) {
				ctxs = append(ctxs, v)
			}
		}
		if !f.inherits {
			break
		}
	}
	return ctxs
}

// shadowed reports whether another declaration hides v at pos.
func (s *scope) shadowed(v *types.Var, pos token.Pos) bool {
	inner := s.pkg.Scope().Innermost(pos)
	if inner == nil {
		return false
	}
	_, obj := inner.LookupParent(v.Name(), pos)
	return obj != nil && obj != v
}
