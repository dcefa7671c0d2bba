package synccopy

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/golint-conc/golint-conc/internal/analysisdoc"
	"github.com/golint-conc/golint-conc/internal/code"
)

//go:embed doc.go
var doc string

// Analyzer reports copies of values that hold sync and sync/atomic types.
var Analyzer = &analysis.Analyzer{
	Name:             "synccopy",
	Doc:              analysisdoc.MustExtract(doc, "synccopy"),
	URL:              "https://github.com/golint-conc/golint-conc/blob/main/docs/synccopy.md",
	Requires:         []*analysis.Analyzer{inspect.Analyzer},
	RunDespiteErrors: true,
	Run:              run,
}

// A checker reports the lock copies of one package.
type checker struct {
	pass  *analysis.Pass
	info  *types.Info
	locks *locks
}

func run(pass *analysis.Pass) (any, error) {
	// There is no early exit on imports: a lock-holding type can come from
	// any imported package, and a local struct with pointer Lock and
	// Unlock methods is a lock without importing anything.
	inspect := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &checker{pass: pass, info: pass.TypesInfo, locks: newLocks(pass.Pkg)}
	filter := []ast.Node{
		(*ast.FuncDecl)(nil),
		(*ast.FuncLit)(nil),
		(*ast.CallExpr)(nil),
		(*ast.AssignStmt)(nil),
		(*ast.ValueSpec)(nil),
		(*ast.CompositeLit)(nil),
		(*ast.ReturnStmt)(nil),
		(*ast.RangeStmt)(nil),
		(*ast.SendStmt)(nil),
	}
	for fileCur := range inspect.Root().Children() {
		file, ok := fileCur.Node().(*ast.File)
		if !ok {
			continue
		}
		version := code.FileVersion(pass, file)
		for cur := range fileCur.Preorder(filter...) {
			switch n := cur.Node().(type) {
			case *ast.FuncDecl:
				if n.Recv != nil && len(n.Recv.List) > 0 {
					c.receiver(n.Name.Name, n.Recv.List[0])
				}
				c.params(n.Name.Name, n.Type)
			case *ast.FuncLit:
				c.params("the function literal", n.Type)
			case *ast.CallExpr:
				c.call(n)
			case *ast.AssignStmt:
				c.assign(n, cur.Parent().Node(), version)
			case *ast.ValueSpec:
				c.valueSpec(n)
			case *ast.CompositeLit:
				c.compositeLit(n)
			case *ast.ReturnStmt:
				c.results(n)
			case *ast.RangeStmt:
				c.rangeStmt(n)
			case *ast.SendStmt:
				c.send(n)
			}
		}
	}
	return nil, nil
}

// receiver reports a value receiver of a lock-holding type: every call
// of the method works on a copy.
func (c *checker) receiver(method string, field *ast.Field) {
	name := types.ExprString(field.Type)
	t := c.info.TypeOf(field.Type)
	if len(field.Names) > 0 && field.Names[0].Name != "_" {
		name = field.Names[0].Name
		if v, ok := c.info.Defs[field.Names[0]].(*types.Var); ok {
			t = v.Type()
		}
	}
	if loc := c.locks.in(t); loc != nil {
		c.pass.ReportRangef(field, "%s has a value receiver that copies %s: use a pointer receiver",
			method, loc.copied(name))
	}
}

// params reports the lock-holding parameters of fn, a function name or
// "the function literal": each call copies the argument.
func (c *checker) params(fn string, ftype *ast.FuncType) {
	if ftype.Params == nil {
		return
	}
	for _, field := range ftype.Params.List {
		if len(field.Names) == 0 {
			t := c.info.TypeOf(field.Type)
			if loc := c.locks.in(t); loc != nil {
				ts := c.typeString(t)
				c.pass.ReportRangef(field.Type, "a parameter of %s copies %s on every call: use a pointer (*%s)",
					fn, loc.copied(ts), ts)
			}
			continue
		}
		for _, id := range field.Names {
			t := c.info.TypeOf(field.Type)
			if v, ok := c.info.Defs[id].(*types.Var); ok {
				t = v.Type()
			}
			loc := c.locks.in(t)
			if loc == nil {
				continue
			}
			ts := c.typeString(t)
			if id.Name == "_" {
				c.pass.ReportRangef(id, "a parameter of %s copies %s on every call: use a pointer (*%s)",
					fn, loc.copied(ts), ts)
				continue
			}
			c.pass.ReportRangef(id, "%s takes %s by value, which copies %s on every call: use a pointer (*%s)",
				fn, id.Name, loc.copied(id.Name), ts)
		}
	}
}

// call reports lock-holding arguments, conversions of lock-holding values,
// and copy and append calls that duplicate slices of them.
func (c *checker) call(call *ast.CallExpr) {
	fun := ast.Unparen(call.Fun)
	if tv, ok := c.info.Types[fun]; ok && tv.IsType() {
		if len(call.Args) == 1 {
			arg := call.Args[0]
			if loc := c.copiedLock(arg); loc != nil {
				c.pass.ReportRangef(arg, "converting %s to %s copies %s: %s",
					types.ExprString(arg), c.typeString(tv.Type), loc.copied(operand(arg)), c.usePointer("convert", arg))
			}
		}
		return
	}
	switch builtinName(c.info, fun) {
	case "len", "cap", "Sizeof", "Offsetof", "Alignof":
		return // only the type, or a slice header, is used
	case "copy":
		if len(call.Args) == 2 {
			c.elementCopy("copy", call.Args[1])
		}
	case "append":
		if call.Ellipsis.IsValid() && len(call.Args) == 2 {
			c.elementCopy("append", call.Args[1])
		}
	}
	for _, arg := range call.Args {
		if loc := c.copiedLock(arg); loc != nil {
			c.pass.ReportRangef(arg, "passing %s by value copies %s: %s",
				types.ExprString(arg), loc.copied(operand(arg)), c.usePointer("pass", arg))
		}
	}
}

// elementCopy reports copy(dst, src) and append(dst, src...) where the
// elements of src hold a lock.
func (c *checker) elementCopy(fn string, src ast.Expr) {
	t := c.info.TypeOf(src)
	if t == nil {
		return
	}
	slice, ok := t.Underlying().(*types.Slice)
	if !ok {
		return
	}
	loc := c.locks.in(slice.Elem())
	if loc == nil {
		return
	}
	elem := c.typeString(slice.Elem())
	if loc.path == "" {
		c.pass.ReportRangef(src, "%s duplicates each %s in %s: use a slice of pointers ([]*%s)",
			fn, loc.lock, types.ExprString(src), elem)
		return
	}
	c.pass.ReportRangef(src, "%s duplicates %s in each element of %s: use a slice of pointers ([]*%s)",
		fn, loc.copied(elem), types.ExprString(src), elem)
}

// assign reports assignments that copy a lock-holding value, and, from
// Go 1.22 on, a lock-holding variable declared by a for statement's init,
// which each iteration copies into a fresh variable.
func (c *checker) assign(as *ast.AssignStmt, parent ast.Node, version string) {
	reported := false
	for i, rhs := range as.Rhs {
		lhs := as.Lhs[0]
		if len(as.Lhs) == len(as.Rhs) {
			lhs = as.Lhs[i]
		}
		if isBlank(lhs) {
			continue
		}
		if loc := c.copiedLock(rhs); loc != nil {
			reported = true
			c.pass.ReportRangef(rhs, "%s %s %s copies %s: %s",
				types.ExprString(lhs), as.Tok, types.ExprString(rhs), loc.copied(operand(rhs)), c.usePointer("use", rhs))
		}
	}
	if reported || as.Tok != token.DEFINE || !code.AtLeast(version, "go1.22") {
		return
	}
	if loop, ok := parent.(*ast.ForStmt); !ok || loop.Init != as {
		return
	}
	for _, lhs := range as.Lhs {
		id, ok := lhs.(*ast.Ident)
		if !ok || id.Name == "_" {
			continue
		}
		v, ok := c.info.Defs[id].(*types.Var)
		if !ok {
			continue
		}
		if loc := c.locks.in(v.Type()); loc != nil {
			c.pass.ReportRangef(id, "loop variable %s is copied into each iteration (Go 1.22 semantics), which copies %s: declare it before the loop",
				id.Name, loc.copied(id.Name))
		}
	}
}

// valueSpec reports var x = y declarations that copy a lock-holding value.
func (c *checker) valueSpec(spec *ast.ValueSpec) {
	for i, val := range spec.Values {
		if len(spec.Names) != len(spec.Values) {
			i = 0 // var v, ok = m[k]
		}
		if i >= len(spec.Names) || spec.Names[i].Name == "_" {
			continue
		}
		if loc := c.copiedLock(val); loc != nil {
			c.pass.ReportRangef(val, "var %s = %s copies %s: %s",
				spec.Names[i].Name, types.ExprString(val), loc.copied(operand(val)), c.usePointer("use", val))
		}
	}
}

// compositeLit reports elements of a composite literal that copy a
// lock-holding value into the new value.
func (c *checker) compositeLit(lit *ast.CompositeLit) {
	for _, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			elt = kv.Value
		}
		if loc := c.copiedLock(elt); loc != nil {
			c.pass.ReportRangef(elt, "composite literal element %s copies %s: %s",
				types.ExprString(elt), loc.copied(operand(elt)), c.usePointer("store", elt))
		}
	}
}

// results reports returned lock-holding values.
func (c *checker) results(ret *ast.ReturnStmt) {
	for _, r := range ret.Results {
		if loc := c.copiedLock(r); loc != nil {
			c.pass.ReportRangef(r, "returning %s copies %s: %s",
				types.ExprString(r), loc.copied(operand(r)), c.usePointer("return", r))
		}
	}
}

// send reports lock-holding values sent on a channel: the receiver gets a
// copy.
func (c *checker) send(s *ast.SendStmt) {
	if loc := c.copiedLock(s.Value); loc != nil {
		c.pass.ReportRangef(s.Value, "sending %s on %s copies %s: %s",
			types.ExprString(s.Value), types.ExprString(s.Chan), loc.copied(operand(s.Value)), c.usePointer("send", s.Value))
	}
}

// rangeStmt reports range variables that receive copies of lock-holding
// elements.
func (c *checker) rangeStmt(rs *ast.RangeStmt) {
	first := "key"
	if t := c.info.TypeOf(rs.X); t != nil && singleValue(t.Underlying()) {
		first = "value"
	}
	c.rangeVar(rs, rs.Key, first)
	c.rangeVar(rs, rs.Value, "value")
}

// singleValue reports whether ranging over a value of type t, an
// underlying type, yields values only: a channel or an iter.Seq.
func singleValue(t types.Type) bool {
	switch t := t.(type) {
	case *types.Chan:
		return true
	case *types.Signature:
		if t.Params().Len() != 1 {
			return false
		}
		yield, ok := t.Params().At(0).Type().Underlying().(*types.Signature)
		return ok && yield.Params().Len() == 1
	}
	return false
}

// rangeVar reports a range key or value, role, that receives a copy of a
// lock-holding element.
func (c *checker) rangeVar(rs *ast.RangeStmt, e ast.Expr, role string) {
	if e == nil || isBlank(e) {
		return
	}
	var t types.Type
	if rs.Tok == token.DEFINE {
		id, ok := e.(*ast.Ident)
		if !ok {
			return
		}
		v, ok := c.info.Defs[id].(*types.Var)
		if !ok {
			return
		}
		t = v.Type()
	} else {
		t = c.info.TypeOf(e)
	}
	if loc := c.locks.in(t); loc != nil {
		c.pass.ReportRangef(e, "range %s %s copies %s: %s",
			role, types.ExprString(e), loc.copied(operand(e)), c.rangeFix(rs.X, role))
	}
}

// rangeFix says how to range over x without copying its elements.
func (c *checker) rangeFix(x ast.Expr, role string) string {
	t := c.info.TypeOf(x)
	if t == nil {
		return "use pointers"
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	switch t := t.Underlying().(type) {
	case *types.Slice:
		return "range over indices or use []*" + c.typeString(t.Elem())
	case *types.Array:
		return "range over indices"
	case *types.Map:
		if role == "key" {
			return "use pointer keys"
		}
		return "store pointers (map[" + c.typeString(t.Key()) + "]*" + c.typeString(t.Elem()) + ")"
	case *types.Chan:
		return "send pointers (chan *" + c.typeString(t.Elem()) + ")"
	case *types.Signature:
		return "yield pointers"
	}
	return "use pointers"
}

// copiedLock returns where the value of x, which is being copied, holds a
// lock, or nil. Composite literals and call results are fresh values, not
// copies of a lock in use (x := sync.Mutex{}, c := newCounter()).
func (c *checker) copiedLock(x ast.Expr) *lockLoc {
	x = ast.Unparen(x)
	switch e := x.(type) {
	case *ast.CompositeLit, *ast.CallExpr:
		return nil
	case *ast.BasicLit, *ast.FuncLit, *ast.BinaryExpr:
		// Constants, functions, arithmetic and comparisons hold no lock;
		// telling them by syntax spares a type lookup for most arguments.
		return nil
	case *ast.UnaryExpr:
		if e.Op != token.ARROW {
			return nil // &x, -x, !x, ^x: a pointer, a number or a bool
		}
	case *ast.StarExpr:
		if _, ok := ast.Unparen(e.X).(*ast.CallExpr); ok {
			return nil // *newCounter() may well be a zero value
		}
	}
	tv, ok := c.info.Types[x]
	if !ok || !tv.IsValue() {
		return nil
	}
	return c.locks.in(tv.Type)
}

// usePointer advises to verb a pointer instead of the value x: "pass a
// pointer (&wg)", "pass a pointer (p)" for *p, or just "pass a pointer"
// when x is not addressable.
func (c *checker) usePointer(verb string, x ast.Expr) string {
	x = ast.Unparen(x)
	if star, ok := x.(*ast.StarExpr); ok {
		return verb + " a pointer (" + types.ExprString(star.X) + ")"
	}
	if c.addressable(x) {
		return verb + " a pointer (&" + types.ExprString(x) + ")"
	}
	return verb + " a pointer"
}

// addressable reports whether &x is legal.
func (c *checker) addressable(x ast.Expr) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		_, ok := c.info.Uses[x].(*types.Var)
		return ok
	case *ast.SelectorExpr:
		sel, ok := c.info.Selections[x]
		if !ok {
			_, ok := c.info.Uses[x.Sel].(*types.Var) // pkg.Var
			return ok
		}
		if sel.Kind() != types.FieldVal {
			return false
		}
		return sel.Indirect() || c.addressable(x.X)
	case *ast.IndexExpr:
		t := c.info.TypeOf(x.X)
		if t == nil {
			return false
		}
		switch u := t.Underlying().(type) {
		case *types.Slice:
			return true
		case *types.Pointer:
			_, isArray := u.Elem().Underlying().(*types.Array)
			return isArray
		case *types.Array:
			return c.addressable(x.X)
		}
	case *ast.StarExpr:
		return true
	}
	return false
}

func (c *checker) typeString(t types.Type) string {
	return types.TypeString(t, c.locks.qual)
}

// operand renders x to be followed by a field path: p for *p, since Go
// dereferences p.mu itself, and a parenthesised x for other expressions
// that a selector cannot follow.
func operand(x ast.Expr) string {
	switch e := ast.Unparen(x).(type) {
	case *ast.StarExpr:
		return operand(e.X)
	case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.IndexListExpr, *ast.CallExpr, *ast.TypeAssertExpr:
		return types.ExprString(e)
	}
	return "(" + types.ExprString(x) + ")"
}

// builtinName returns the name of the builtin fun denotes, or "".
func builtinName(info *types.Info, fun ast.Expr) string {
	var id *ast.Ident
	switch f := fun.(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel // unsafe.Sizeof
	default:
		return ""
	}
	if b, ok := info.Uses[id].(*types.Builtin); ok {
		return b.Name()
	}
	return ""
}

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}
