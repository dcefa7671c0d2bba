package chanops

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

// where says in what circumstances a use of a channel runs.
type where struct {
	goroutine *spawnsites.Site
	fn        ast.Node
	inLoop    bool
	deferred  bool
}

// A callEdge is a call that passes a followed channel as a channel
// parameter; what the callee does with it is known only once every
// function's summary is.
type callEdge struct {
	callee *types.Func // the declared function, not an instance
	index  int
	node   ast.Node // the *ast.CallExpr, or the *ast.GoStmt of go f(ch)
	where  where
	// reached reports that the call runs on every path through its
	// function: see reachedAlways.
	reached bool
}

// walkUses classifies every use of a variable holding a followed channel.
func (w *walker) walkUses() {
	for _, decl := range w.scope.decls {
		for cur := range decl.Preorder((*ast.Ident)(nil)) {
			v, ok := w.info.Uses[cur.Node().(*ast.Ident)].(*types.Var)
			if !ok {
				continue
			}
			if t := w.vars[v]; t != nil {
				w.use(t, cur)
			}
		}
	}
}

func (w *walker) use(t *tracked, id inspector.Cursor) {
	at, ok := w.where(t, id)
	if !ok {
		return
	}
	val := w.outerValue(id)
	parent := val.Parent()
	ch := t.ch
	switch k, i := val.ParentEdge(); k {
	case edge.SendStmt_Chan:
		w.op(t, Send, parent, at)
	case edge.SendStmt_Value:
		ch.escape("sent on another channel", parent.Node())
	case edge.UnaryExpr_X:
		switch parent.Node().(*ast.UnaryExpr).Op {
		case token.ARROW:
			w.op(t, Recv, parent, at)
		case token.AND:
			ch.escape("address taken", parent.Node())
		default:
			ch.escape("used in an expression", parent.Node())
		}
	case edge.RangeStmt_X:
		w.op(t, Range, parent, at)
	case edge.CallExpr_Args:
		w.arg(t, parent, i, at)
	case edge.AssignStmt_Lhs:
		w.assigned(t, id, parent.Node().(*ast.AssignStmt), i)
	case edge.AssignStmt_Rhs:
		n := parent.Node().(*ast.AssignStmt)
		w.copied(t, pairedLHS(n.Lhs, n.Rhs, i), n)
	case edge.ValueSpec_Values:
		n := parent.Node().(*ast.ValueSpec)
		w.copied(t, pairedLHS(n.Names, n.Values, i), n)
	case edge.ReturnStmt_Results:
		ch.escape("returned", parent.Node())
	case edge.CompositeLit_Elts, edge.KeyValueExpr_Key, edge.KeyValueExpr_Value:
		ch.escape("stored in a composite literal", parent.Node())
	case edge.BinaryExpr_X, edge.BinaryExpr_Y:
		if op := parent.Node().(*ast.BinaryExpr).Op; op != token.EQL && op != token.NEQ {
			ch.escape("used in an expression", parent.Node())
		}
	case edge.SwitchStmt_Tag, edge.CaseClause_List:
		// compared only
	case edge.SelectorExpr_X:
		ch.escape("method called on it", parent.Node())
	case edge.IndexExpr_Index:
		ch.escape("used as a map key", parent.Node())
	default:
		ch.escape("used in an expression", parent.Node())
	}
}

// outerValue returns the outermost expression that is still just the
// channel: id itself, or a parenthesised or direction-converted form of it.
func (w *walker) outerValue(id inspector.Cursor) inspector.Cursor {
	for {
		switch id.ParentEdgeKind() {
		case edge.ParenExpr_X:
		case edge.CallExpr_Args:
			if !w.isChanConversion(id.Parent().Node().(*ast.CallExpr)) {
				return id
			}
		default:
			return id
		}
		id = id.Parent()
	}
}

// pairedLHS returns the expression assigned rhs[i], or nil.
func pairedLHS[L ast.Node](lhs []L, rhs []ast.Expr, i int) ast.Expr {
	if len(lhs) != len(rhs) {
		return nil
	}
	e, _ := any(lhs[i]).(ast.Expr)
	return e
}

// where walks up from a use of t's channel to the function that declares
// t's variable, noting the goroutine the use runs in, loops, and deferred
// literals. A function literal on the way that is neither a goroutine body
// nor called in place may run anywhere, at any time: the channel escapes.
func (w *walker) where(t *tracked, id inspector.Cursor) (where, bool) {
	var at where
	decl := t.ch.Var.Pos()
	made := token.NoPos
	if t.ch.Make != nil {
		made = t.ch.Make.Pos()
	}
	for cur := id; ; {
		k := cur.ParentEdgeKind()
		parent := cur.Parent()
		switch n := parent.Node().(type) {
		case nil, *ast.File:
			return at, true
		case *ast.ForStmt:
			if k != edge.ForStmt_Init && !encloses(n, made) {
				at.inLoop = true
			}
		case *ast.RangeStmt:
			if k == edge.RangeStmt_Body && !encloses(n, made) {
				at.inLoop = true
			}
		case *ast.FuncDecl:
			if at.fn == nil {
				at.fn = n
			}
			return at, true
		case *ast.FuncLit:
			if at.fn == nil {
				at.fn = n
			}
			if encloses(n, decl) {
				return at, true
			}
			if site := w.goLits[n]; site != nil {
				if at.goroutine == nil {
					at.goroutine = site
				}
			} else if call, ok := calledInPlace(parent); ok {
				if call.ParentEdgeKind() == edge.DeferStmt_Call {
					at.deferred = true
				}
			} else {
				t.ch.escape("captured by a closure", n)
				return at, false
			}
		}
		cur = parent
	}
}

func encloses(n ast.Node, pos token.Pos) bool {
	return pos.IsValid() && n.Pos() <= pos && pos < n.End()
}

// calledInPlace returns the call of the function literal lit, if lit is
// called where it is written: func() { ... }() or defer func() { ... }().
func calledInPlace(lit inspector.Cursor) (inspector.Cursor, bool) {
	for lit.ParentEdgeKind() == edge.ParenExpr_X {
		lit = lit.Parent()
	}
	if lit.ParentEdgeKind() != edge.CallExpr_Fun {
		return lit, false
	}
	return lit.Parent(), true
}

// op records a send, receive, range or close seen directly.
func (w *walker) op(t *tracked, kind OpKind, node inspector.Cursor, at where) {
	op := &Op{Kind: kind, Node: node.Node(), Goroutine: at.goroutine, Func: at.fn, InLoop: at.inLoop, Deferred: at.deferred}
	switch kind {
	case Send:
		op.Select = selectOf(node)
	case Recv:
		stmt := node
		for stmt.ParentEdgeKind() == edge.ParenExpr_X {
			stmt = stmt.Parent()
		}
		if k := stmt.ParentEdgeKind(); k == edge.ExprStmt_X || k == edge.AssignStmt_Rhs {
			op.Select = selectOf(stmt.Parent())
		}
	case Range:
		r := node.Node().(*ast.RangeStmt)
		stmt, label := node, (*types.Label)(nil)
		if node.ParentEdgeKind() == edge.LabeledStmt_Stmt {
			stmt = node.Parent()
			label, _ = w.info.Defs[stmt.Node().(*ast.LabeledStmt).Label].(*types.Label)
		}
		op.Drains = reachedAlways(at.fn, stmt.Node()) && !code.LeavesLoop(w.info, r, label, r, 0)
	case Close:
		op.Deferred = op.Deferred || node.ParentEdgeKind() == edge.DeferStmt_Call
	}
	t.ch.Ops = append(t.ch.Ops, op)
}

// reachedAlways reports whether stmt, or the call it wraps, runs on every
// path through fn that returns: it is a statement of fn's body itself,
// not nested in a branch or loop, and no statement before it can return
// or jump past it. (A panic or exit on the way ends everything anyway.)
func reachedAlways(fn ast.Node, stmt ast.Node) bool {
	body := code.FuncBody(fn)
	if body == nil {
		return false
	}
	for _, s := range body.List {
		if s == stmt {
			return true
		}
		switch s := s.(type) {
		case *ast.ExprStmt:
			if s.X == stmt {
				return true
			}
		case *ast.GoStmt:
			if s == stmt || s.Call == stmt {
				return true
			}
		case *ast.DeferStmt:
			if s.Call == stmt {
				return true
			}
		}
		if s.Pos() <= stmt.Pos() && stmt.End() <= s.End() || code.MayLeave(s) {
			return false // nested inside s, or s may leave before it
		}
	}
	return false
}

// selectOf returns the select statement whose case stmt is the
// communication of, or nil.
func selectOf(stmt inspector.Cursor) *ast.SelectStmt {
	if stmt.ParentEdgeKind() != edge.CommClause_Comm {
		return nil
	}
	sel, _ := stmt.Parent().Parent().Parent().Node().(*ast.SelectStmt)
	return sel
}

// arg handles a channel passed as argument i of call.
func (w *walker) arg(t *tracked, call inspector.Cursor, i int, at where) {
	n := call.Node().(*ast.CallExpr)
	ch := t.ch
	fun := ast.Unparen(n.Fun)
	if lit, ok := fun.(*ast.FuncLit); ok {
		// The literal's parameter aliases the channel, unless it is
		// variadic or reassigned.
		if sig, ok := w.info.TypeOf(lit).(*types.Signature); ok && !n.Ellipsis.IsValid() {
			if p := paramAt(sig, i); p != nil && w.vars[p] == t {
				return
			}
		}
		ch.escape("passed to a function literal that reassigns or collects it", n)
		return
	}
	if tv, ok := w.info.Types[fun]; ok && tv.IsType() {
		ch.escape("converted to "+types.TypeString(tv.Type, types.RelativeTo(w.pass.Pkg)), n)
		return
	}
	switch callee := typeutil.Callee(w.info, n).(type) {
	case *types.Builtin:
		switch callee.Name() {
		case "close":
			w.op(t, Close, call, at)
		case "len", "cap":
		case "append":
			ch.escape("stored in a slice", n)
		default:
			ch.escape("passed to "+callee.Name(), n)
		}
	case *types.Func:
		w.callArg(t, call, callee, i, at)
	default:
		// go m(ch) where m := s.run holds a method value: the goroutine
		// runs that method, as spawnsites resolved.
		if call.ParentEdgeKind() == edge.GoStmt_Call {
			if site := w.spawns.Of(call.Parent().Node()); site != nil && site.Kind == spawnsites.MethodValue {
				w.callArg(t, call, site.Callee, i, at)
				return
			}
		}
		ch.escape("passed to a function value", n)
	}
}

// callArg records a call edge for a channel passed to a named function or
// method, or marks the channel escaping when the callee cannot be summarised.
func (w *walker) callArg(t *tracked, call inspector.Cursor, callee *types.Func, i int, at where) {
	n := call.Node().(*ast.CallExpr)
	ch := t.ch
	sig := callee.Signature()
	if recv := sig.Recv(); recv != nil && types.IsInterface(recv.Type()) {
		ch.escape("passed to interface method "+callee.Name(), n)
		return
	}
	if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
		if s, ok := w.info.Selections[sel]; ok && s.Kind() == types.MethodExpr {
			i-- // (*T).m(recv, args...)
		}
	}
	p := paramAt(sig, i)
	if n.Ellipsis.IsValid() || p == nil || !isChan(p.Type()) {
		ch.escape("passed to "+callee.Name()+" as a non-channel parameter", n)
		return
	}
	e := &callEdge{callee: callee.Origin(), index: i, node: n, where: at, reached: reachedAlways(at.fn, n)}
	switch call.ParentEdgeKind() {
	case edge.GoStmt_Call:
		e.node = call.Parent().Node()
		if site := w.spawns.Of(e.node); site != nil {
			e.where.goroutine = site
		}
	case edge.DeferStmt_Call:
		e.where.deferred = true
	}
	t.calls = append(t.calls, e)
}

// assigned handles the variable itself on the left of an assignment. For a
// followed local that is its only assignment, the one that binds it; a
// parameter may be set to nil (to disable a select case) but any other
// value makes later operations be on some other channel.
func (w *walker) assigned(t *tracked, id inspector.Cursor, n *ast.AssignStmt, i int) {
	v := w.info.Uses[id.Node().(*ast.Ident)].(*types.Var)
	if v.Kind() != types.ParamVar || v != t.ch.Var {
		return
	}
	if rhs := pairedValue(n.Lhs, n.Rhs, i); rhs != nil {
		if tv, ok := w.info.Types[rhs]; ok && tv.IsNil() {
			return
		}
	}
	t.ch.escape("parameter reassigned", n)
}

// copied handles the channel assigned to lhs: a copy that aliases it, or
// a store that lets it escape.
func (w *walker) copied(t *tracked, lhs ast.Expr, stmt ast.Node) {
	ch := t.ch
	switch e := ast.Unparen(lhs).(type) {
	case nil:
		ch.escape("assigned", stmt)
	case *ast.Ident:
		if e.Name == "_" {
			return
		}
		v, _ := w.info.ObjectOf(e).(*types.Var)
		switch {
		case v == nil:
			ch.escape("assigned", stmt)
		case w.vars[v] == t:
			// a copy followed as the same channel
		case v.Kind() == types.PackageVar:
			ch.escape("stored in a global", stmt)
		case types.IsInterface(v.Type()):
			ch.escape("assigned to an interface", stmt)
		case v.Kind() == types.ResultVar:
			ch.escape("returned", stmt)
		default:
			ch.escape("copied to a variable assigned more than once", stmt)
		}
	case *ast.SelectorExpr:
		if v, ok := w.info.Uses[e.Sel].(*types.Var); ok && v.Kind() == types.PackageVar {
			ch.escape("stored in a global", stmt)
		} else {
			ch.escape("stored in a struct field", stmt)
		}
	case *ast.IndexExpr:
		if _, ok := typeUnder(w.info.TypeOf(e.X)).(*types.Map); ok {
			ch.escape("stored in a map", stmt)
		} else {
			ch.escape("stored in a slice or array", stmt)
		}
	default:
		ch.escape("assigned", stmt)
	}
}

func typeUnder(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}
