package chanops

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

// scope is the part of a package the pass looks at: the top-level
// declarations that make a channel or declare a function with a channel
// parameter. Every variable the pass follows is local to one of them.
type scope struct {
	decls []inspector.Cursor
	makes []inspector.Cursor
	funcs []*ast.FuncDecl
}

func findScope(pass *analysis.Pass, inspect *inspector.Inspector) scope {
	var s scope
	add := func(cur inspector.Cursor) {
		decl := topDecl(cur)
		if n := len(s.decls); n == 0 || s.decls[n-1] != decl {
			s.decls = append(s.decls, decl)
		}
	}
	for cur := range inspect.Root().Preorder((*ast.CallExpr)(nil), (*ast.FuncDecl)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.CallExpr:
			if makeChan(pass.TypesInfo, n) != nil {
				s.makes = append(s.makes, cur)
				add(cur)
			}
		case *ast.FuncDecl:
			if fn, ok := pass.TypesInfo.Defs[n.Name].(*types.Func); ok && n.Body != nil && hasChanParam(fn) {
				s.funcs = append(s.funcs, n)
				add(cur)
			}
		}
	}
	return s
}

// topDecl returns the cursor of the file-level declaration holding cur.
func topDecl(cur inspector.Cursor) inspector.Cursor {
	for {
		parent := cur.Parent()
		if _, ok := parent.Node().(*ast.File); ok || parent.Node() == nil {
			return cur
		}
		cur = parent
	}
}

// makeChan returns the channel type call makes, if it is make(chan T) or
// make(chan T, n).
func makeChan(info *types.Info, call *ast.CallExpr) *types.Chan {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || id.Name != "make" {
		return nil
	}
	if _, ok := info.Uses[id].(*types.Builtin); !ok {
		return nil
	}
	t := info.TypeOf(call)
	if t == nil {
		return nil
	}
	ch, _ := t.Underlying().(*types.Chan)
	return ch
}

func hasChanParam(fn *types.Func) bool {
	params := fn.Signature().Params()
	for i := range params.Len() {
		if isChan(params.At(i).Type()) {
			return true
		}
	}
	return false
}

func isChan(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

// tracked is a channel the pass follows: one made here, or a channel
// parameter of a function declared here, whose summary becomes a fact.
type tracked struct {
	ch *Chan
	// fn and index identify the parameter, for parameters.
	fn    *types.Func
	index int
	calls []*callEdge
	use   Use // the parameter's summary, for parameters
}

// assignment records how often a channel-typed variable is assigned, and
// from what the first time.
type assignment struct {
	n     int
	rhs   ast.Expr // nil when the value is not a single expression
	node  ast.Node
	again ast.Node // the second assignment, if any
}

type walker struct {
	pass   *analysis.Pass
	info   *types.Info
	spawns *spawnsites.Result
	scope  scope
	// goLits maps each function literal that is a goroutine's body to its
	// spawn site.
	goLits map[*ast.FuncLit]*spawnsites.Site
	// assigns records the assignments of channel-typed variables, and
	// bound the argument a function literal called in place receives for
	// each of its channel parameters.
	assigns map[*types.Var]*assignment
	bound   map[*types.Var]ast.Expr
	// vars maps every variable that holds a followed channel to it; a nil
	// entry means the variable was looked at and holds none.
	vars    map[*types.Var]*tracked
	chans   []*Chan
	params  []*tracked
	local   map[*types.Func][]*tracked
	imports map[*types.Func][]ParamUse
}

func newWalker(pass *analysis.Pass, spawns *spawnsites.Result, s scope) *walker {
	w := &walker{
		pass:    pass,
		info:    pass.TypesInfo,
		spawns:  spawns,
		scope:   s,
		goLits:  make(map[*ast.FuncLit]*spawnsites.Site),
		assigns: make(map[*types.Var]*assignment),
		bound:   make(map[*types.Var]ast.Expr),
		vars:    make(map[*types.Var]*tracked),
		local:   make(map[*types.Func][]*tracked),
		imports: make(map[*types.Func][]ParamUse),
	}
	for _, site := range spawns.Sites {
		if site.Kind == spawnsites.FuncLit && site.Lit != nil {
			w.goLits[site.Lit] = site
		}
	}
	return w
}

// bind finds the variables that hold a followed channel: those a make is
// assigned to, channel parameters, and single-assignment copies of either.
func (w *walker) bind() {
	w.recordAssignments()
	for _, cur := range w.scope.makes {
		w.bindMake(cur)
	}
	for _, decl := range w.scope.funcs {
		w.bindParams(decl)
	}
	for v := range w.assigns {
		w.resolve(v, 0)
	}
	for v := range w.bound {
		w.resolve(v, 0)
	}
}

func (w *walker) recordAssignments() {
	record := func(lhs ast.Expr, rhs ast.Expr, node ast.Node) {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok {
			return
		}
		v, ok := w.info.ObjectOf(id).(*types.Var)
		if !ok || !isChan(v.Type()) {
			return
		}
		a := w.assigns[v]
		if a == nil {
			a = &assignment{rhs: rhs, node: node}
			w.assigns[v] = a
		} else if a.again == nil {
			a.again = node
		}
		a.n++
	}
	filter := []ast.Node{(*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.RangeStmt)(nil), (*ast.CallExpr)(nil)}
	for _, decl := range w.scope.decls {
		for cur := range decl.Preorder(filter...) {
			switch n := cur.Node().(type) {
			case *ast.AssignStmt:
				if n.Tok != token.DEFINE && n.Tok != token.ASSIGN {
					continue
				}
				for i, lhs := range n.Lhs {
					record(lhs, pairedValue(n.Lhs, n.Rhs, i), n)
				}
			case *ast.ValueSpec:
				if len(n.Values) == 0 {
					continue // var ch chan T: no value yet
				}
				for i, id := range n.Names {
					record(id, pairedValue(n.Names, n.Values, i), n)
				}
			case *ast.RangeStmt:
				if n.Key != nil {
					record(n.Key, nil, n)
				}
				if n.Value != nil {
					record(n.Value, nil, n)
				}
			case *ast.CallExpr:
				w.bindLiteralArgs(n)
			}
		}
	}
}

// pairedValue returns the value assigned to lhs[i], or nil when the
// right-hand side is a single multi-valued expression.
func pairedValue[L any](lhs []L, rhs []ast.Expr, i int) ast.Expr {
	if len(lhs) != len(rhs) {
		return nil
	}
	return rhs[i]
}

// bindLiteralArgs records the arguments of a function literal called in
// place, go func(c chan int) { ... }(ch): its parameters alias them.
func (w *walker) bindLiteralArgs(call *ast.CallExpr) {
	lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit)
	if !ok {
		return
	}
	sig, ok := w.info.TypeOf(lit).(*types.Signature)
	if !ok || call.Ellipsis.IsValid() {
		return
	}
	for i, arg := range call.Args {
		if p := paramAt(sig, i); p != nil && isChan(p.Type()) {
			w.bound[p] = arg
		}
	}
}

// paramAt returns the parameter that receives argument i, or nil when it
// is variadic or out of range.
func paramAt(sig *types.Signature, i int) *types.Var {
	n := sig.Params().Len()
	if i < 0 || i >= n || sig.Variadic() && i == n-1 {
		return nil
	}
	return sig.Params().At(i)
}

func (w *walker) bindMake(cur inspector.Cursor) {
	call := cur.Node().(*ast.CallExpr)
	for cur.ParentEdgeKind() == edge.ParenExpr_X {
		cur = cur.Parent()
	}
	var lhs ast.Expr
	switch k, i := cur.ParentEdge(); k {
	case edge.AssignStmt_Rhs:
		n := cur.Parent().Node().(*ast.AssignStmt)
		if len(n.Lhs) == len(n.Rhs) {
			lhs = n.Lhs[i]
		}
	case edge.ValueSpec_Values:
		n := cur.Parent().Node().(*ast.ValueSpec)
		if len(n.Names) == len(n.Values) {
			lhs = n.Names[i]
		}
	}
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	if !ok {
		return // not bound to a variable: returned, stored, passed
	}
	v, ok := w.info.ObjectOf(id).(*types.Var)
	a := w.assigns[v]
	if !ok || v.Kind() != types.LocalVar || a == nil {
		return
	}
	ct := makeChan(w.info, call)
	ch := &Chan{Var: v, Make: call, Elem: ct.Elem(), Cap: capacity(w.info, call), Func: enclosingFunc(cur)}
	w.chans = append(w.chans, ch)
	switch {
	case a.n > 1:
		other := a.again
		if a.rhs != call {
			other = a.node
		}
		ch.escape("variable reassigned", other)
	case ch.Func == nil || v.Pos() < ch.Func.Pos() || v.Pos() >= ch.Func.End():
		ch.escape("made in a function nested in the variable's scope", call)
	default:
		w.vars[v] = &tracked{ch: ch}
	}
}

// capacity returns the constant capacity of a make(chan T, n) call, 0 when
// there is none, and -1 when it is not a constant.
func capacity(info *types.Info, call *ast.CallExpr) int {
	if len(call.Args) < 2 {
		return 0
	}
	tv, ok := info.Types[call.Args[1]]
	if !ok || tv.Value == nil {
		return -1
	}
	n, ok := constant.Int64Val(constant.ToInt(tv.Value))
	if !ok || n < 0 || n > 1<<31 {
		return -1
	}
	return int(n)
}

func (w *walker) bindParams(decl *ast.FuncDecl) {
	fn := w.info.Defs[decl.Name].(*types.Func)
	params := fn.Signature().Params()
	var list []*tracked
	for i := range params.Len() {
		p := params.At(i)
		if !isChan(p.Type()) {
			continue
		}
		ch := &Chan{Var: p, Elem: p.Type().Underlying().(*types.Chan).Elem(), Cap: -1, Func: decl}
		t := &tracked{ch: ch, fn: fn, index: i}
		w.vars[p] = t
		list = append(list, t)
	}
	w.params = append(w.params, list...)
	w.local[fn] = list
}

// resolve returns the channel v holds when v is a copy of a followed
// channel: a local variable assigned exactly once, or a parameter of a
// function literal called in place and never assigned, whose value is a
// followed channel's variable (possibly converted to another direction).
func (w *walker) resolve(v *types.Var, depth int) *tracked {
	if t, ok := w.vars[v]; ok || depth > 8 {
		return t
	}
	var src ast.Expr
	a := w.assigns[v]
	switch v.Kind() {
	case types.LocalVar:
		if a != nil && a.n == 1 {
			src = a.rhs
		}
	case types.ParamVar:
		if a == nil {
			src = w.bound[v]
		}
	}
	var t *tracked
	if u := w.chanVar(src); u != nil {
		t = w.resolve(u, depth+1)
	}
	w.vars[v] = t
	return t
}

// chanVar returns the variable expr names, looking through parentheses
// and conversions to channel types.
func (w *walker) chanVar(expr ast.Expr) *types.Var {
	for expr != nil {
		switch e := ast.Unparen(expr).(type) {
		case *ast.Ident:
			v, _ := w.info.Uses[e].(*types.Var)
			return v
		case *ast.CallExpr:
			if len(e.Args) != 1 || !w.isChanConversion(e) {
				return nil
			}
			expr = e.Args[0]
		default:
			return nil
		}
	}
	return nil
}

func (w *walker) isChanConversion(call *ast.CallExpr) bool {
	tv, ok := w.info.Types[call.Fun]
	return ok && tv.IsType() && isChan(tv.Type)
}

// enclosingFunc returns the innermost *ast.FuncDecl or *ast.FuncLit
// holding cur.
func enclosingFunc(cur inspector.Cursor) ast.Node {
	for c := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return c.Node()
	}
	return nil
}
