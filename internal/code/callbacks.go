package code

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
)

// Callbacks knows which function arguments a call may run after it has
// returned, for a package's calls: a subtest that calls t.Parallel, the
// function given to time.AfterFunc or context.AfterFunc, a function
// appended to a slice, or one given to a function of the package that
// stores its function parameter or starts a goroutine with it. t.Run
// otherwise, sync.Once.Do and a function of the package that only calls
// its parameter run it before they return; so, for want of knowing
// better, do the functions of other packages.
type Callbacks struct {
	info  *types.Info
	later map[*types.Var]bool // function parameters that may run after their call returns
}

// NewCallbacks summarises the functions declared under root.
func NewCallbacks(info *types.Info, root inspector.Cursor) *Callbacks {
	c := &Callbacks{info: info, later: make(map[*types.Var]bool)}
	uses := make(map[*types.Var][]inspector.Cursor)
	for fn, decl := range FuncDecls(info, root) {
		params := fn.Signature().Params()
		isParam := make(map[*types.Var]bool)
		for i := range params.Len() {
			if _, ok := params.At(i).Type().Underlying().(*types.Signature); ok {
				isParam[params.At(i)] = true
			}
		}
		if len(isParam) == 0 {
			continue
		}
		body, _ := decl.FindNode(decl.Node().(*ast.FuncDecl).Body)
		for id := range body.Preorder((*ast.Ident)(nil)) {
			if v, ok := info.Uses[id.Node().(*ast.Ident)].(*types.Var); ok && isParam[v] {
				uses[v] = append(uses[v], id)
			}
		}
	}
	// A parameter handed on to another function's parameter runs later
	// if that one does; the set only grows, so the iteration ends.
	for changed := true; changed; {
		changed = false
		for v, ids := range uses {
			if c.later[v] {
				continue
			}
			for _, id := range ids {
				if c.carriedLater(id) {
					c.later[v], changed = true, true
					break
				}
			}
		}
	}
	return c
}

// RunsLater reports whether lit, an argument of call, may run after call
// returns.
func (c *Callbacks) RunsLater(call *ast.CallExpr, lit *ast.FuncLit) bool {
	for i, arg := range call.Args {
		if ast.Unparen(arg) == lit {
			return c.argLater(call, i, lit)
		}
	}
	return false
}

// argLater reports whether the i-th argument of call, lit when it is a
// function literal, may run after call returns.
func (c *Callbacks) argLater(call *ast.CallExpr, i int, lit *ast.FuncLit) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := c.info.Uses[id].(*types.Builtin); ok {
			return b.Name() == "append" && i > 0
		}
	}
	fn := Callee(c.info, call)
	switch {
	case fn == nil:
		return false
	case IsMethod(fn, "testing", "T", "Run"):
		return lit != nil && callsParallel(c.info, lit)
	case IsFunc(fn, "time", "AfterFunc"), IsFunc(fn, "context", "AfterFunc"):
		return true
	}
	params := fn.Origin().Signature().Params()
	if i >= params.Len() {
		return false
	}
	return c.later[params.At(i)]
}

// carriedLater reports whether the parameter use at id may run after the
// function holding it returns: in a goroutine, or stored, or handed to a
// call that may run it later, by itself or inside a function literal.
func (c *Callbacks) carriedLater(id inspector.Cursor) bool {
	carrier := id // the outermost expression holding the use
	for a := id.Parent(); a.Node() != nil; a = a.Parent() {
		switch n := a.Node().(type) {
		case *ast.FuncDecl:
			return c.carrierLater(carrier)
		case *ast.GoStmt:
			return true
		case *ast.FuncLit:
			carrier = a
		case *ast.CallExpr:
			if isGoMethod(c.info, n) && carrier.ParentEdgeKind() == edge.CallExpr_Args {
				return true
			}
		}
	}
	return c.carrierLater(carrier)
}

// carrierLater reports whether the parameter, or the literal using it, at
// x may be kept to run later: anything but a call of it, or an argument
// of a call that runs it before returning.
func (c *Callbacks) carrierLater(x inspector.Cursor) bool {
	for x.ParentEdgeKind() == edge.ParenExpr_X {
		x = x.Parent()
	}
	switch x.ParentEdgeKind() {
	case edge.CallExpr_Fun:
		return false // called in place
	case edge.CallExpr_Args:
		call := x.Parent().Node().(*ast.CallExpr)
		lit, _ := x.Node().(*ast.FuncLit)
		_, i := x.ParentEdge()
		return c.argLater(call, i, lit)
	}
	return true // assigned, returned, sent, put in a composite literal
}

// isGoMethod reports whether call starts a goroutine with its argument:
// (*sync.WaitGroup).Go or (*errgroup.Group).Go or TryGo.
func isGoMethod(info *types.Info, call *ast.CallExpr) bool {
	fn := Callee(info, call)
	return IsMethod(fn, "sync", "WaitGroup", "Go") ||
		IsMethod(fn, "golang.org/x/sync/errgroup", "Group", "Go") ||
		IsMethod(fn, "golang.org/x/sync/errgroup", "Group", "TryGo")
}

// callsParallel reports whether the subtest lit calls t.Parallel on its
// own *testing.T: t.Run then returns at once, and lit runs after the
// parent test function returns. A t.Parallel of a nested subtest does not
// count: t.Run waits for its subtest's parallel subtests.
func callsParallel(info *types.Info, lit *ast.FuncLit) bool {
	params := lit.Type.Params.List
	if len(params) == 0 || len(params[0].Names) == 0 {
		return false
	}
	t := info.Defs[params[0].Names[0]]
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if ok && IsMethod(Callee(info, call), "testing", "T", "Parallel") {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && t != nil && info.Uses[id] == t {
					found = true
				}
			}
		}
		return !found
	})
	return found
}
