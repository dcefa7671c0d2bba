package lockleak

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/golint-conc/golint-conc/internal/code"
)

// A loopWalk follows the paths of a loop body from a Lock at its top
// level, tracking whether the lock may still be held, to the places
// where they go round the loop: a continue of the loop, or the end of
// the body. It sets unsure, and the caller stays silent, on anything it
// cannot follow exactly.
type loopWalk struct {
	s      *scanner
	path   code.Path
	label  *types.Label          // the loop's label, if any
	inner  map[*types.Label]bool // labels of statements inside the body
	backs  []token.Pos           // continues reached with the lock held
	breaks []*bool               // enclosing switches and selects: held at one of their breaks
	unsure bool
}

// held walks list, entered with the lock held on some path when in is
// set, and reports whether it may be held after it.
func (w *loopWalk) held(list []ast.Stmt, in bool) bool {
	for _, s := range list {
		in = w.stmt(s, in)
		if w.unsure {
			return false
		}
	}
	return in
}

func (w *loopWalk) stmt(s ast.Stmt, in bool) bool {
	switch s := s.(type) {
	case *ast.BlockStmt:
		return w.held(s.List, in)
	case *ast.LabeledStmt:
		if l, ok := w.s.info.Defs[s.Label].(*types.Label); ok {
			w.inner[l] = true
		}
		return w.stmt(s.Stmt, in)
	case *ast.IfStmt:
		in = w.apply(s.Init, in)
		in = w.apply(s.Cond, in)
		then, els := w.stmt(s.Body, in), in
		if s.Else != nil {
			els = w.stmt(s.Else, in)
		}
		return then || els
	case *ast.SwitchStmt:
		in = w.apply(s.Init, in)
		return w.clauses(s.Body, w.apply(s.Tag, in), false)
	case *ast.TypeSwitchStmt:
		in = w.apply(s.Init, in)
		return w.clauses(s.Body, w.apply(s.Assign, in), false)
	case *ast.SelectStmt:
		return w.clauses(s.Body, in, true)
	case *ast.ForStmt, *ast.RangeStmt:
		w.nested(s)
		return in
	case *ast.BranchStmt:
		return w.branch(s, in)
	case *ast.ReturnStmt:
		w.apply(s, in)
		return false
	case *ast.ExprStmt:
		in = w.apply(s, in)
		return in && !w.noReturn(s.X)
	}
	return w.apply(s, in)
}

// clauses walks the clauses of a switch or select. A switch without a
// default may run none of them; a select always runs one.
func (w *loopWalk) clauses(body *ast.BlockStmt, in, isSelect bool) bool {
	out := false
	w.breaks = append(w.breaks, &out)
	always := isSelect
	for _, cl := range body.List {
		cin := in
		var list []ast.Stmt
		switch cl := cl.(type) {
		case *ast.CaseClause:
			for _, e := range cl.List {
				cin = w.apply(e, cin)
			}
			always = always || cl.List == nil
			list = cl.Body
		case *ast.CommClause:
			cin = w.apply(cl.Comm, cin)
			list = cl.Body
		}
		if w.held(list, cin) {
			out = true
		}
	}
	w.breaks = w.breaks[:len(w.breaks)-1]
	return out || !always && in
}

func (w *loopWalk) branch(s *ast.BranchStmt, in bool) bool {
	var label *types.Label
	if s.Label != nil {
		label, _ = w.s.info.Uses[s.Label].(*types.Label)
	}
	ours := s.Label == nil || label != nil && label == w.label
	switch {
	case s.Tok == token.CONTINUE && ours:
		if in {
			w.backs = append(w.backs, s.Pos())
		}
	case s.Tok == token.BREAK && s.Label == nil && len(w.breaks) > 0:
		top := w.breaks[len(w.breaks)-1]
		*top = *top || in
	case s.Tok == token.BREAK && label != nil && w.inner[label]:
		w.unsure = true // a labeled switch inside the body
	case s.Tok == token.GOTO || s.Tok == token.FALLTHROUGH:
		w.unsure = true
	}
	// anything else leaves the loop
	return false
}

// nested gives up on a loop nested in the body that touches the lock or
// branches to the outer loop.
func (w *loopWalk) nested(loop ast.Stmt) {
	for _, o := range w.s.scan(loop) {
		if o.key.path == w.path {
			w.unsure = true
		}
	}
	ast.Inspect(loop, func(n ast.Node) bool {
		if b, ok := n.(*ast.BranchStmt); ok && b.Label != nil {
			if l, _ := w.s.info.Uses[b.Label].(*types.Label); l != nil && l == w.label {
				w.unsure = true
			}
		}
		_, lit := n.(*ast.FuncLit)
		return !lit && !w.unsure
	})
}

// apply applies what node n does to the lock: an unlock or hand-off
// frees it, and locking it again makes the walk unsure.
func (w *loopWalk) apply(n ast.Node, in bool) bool {
	if n == nil {
		return in
	}
	for _, o := range w.s.scan(n) {
		if o.key.path != w.path {
			continue
		}
		switch o.kind {
		case opUnlock, opHandOff:
			in = false
		case opLock, opTry:
			w.unsure = true
		}
	}
	return in
}

// noReturn reports whether e is a call that never returns, such as
// panic, log.Fatal or os.Exit.
func (w *loopWalk) noReturn(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := w.s.info.Uses[id].(*types.Builtin); ok && b.Name() == "panic" {
			return true
		}
	}
	fn := code.Callee(w.s.info, call)
	return fn != nil && w.s.c.cfgs.NoReturn(fn)
}
