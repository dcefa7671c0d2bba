package spawnsites

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/golint-conc/golint-conc/internal/analysisdoc"
	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/internal/safe"
)

//go:embed doc.go
var doc string

// Analyzer finds goroutine spawn sites. Its result is a *Result.
var Analyzer = &analysis.Analyzer{
	Name:       "spawnsites",
	Doc:        analysisdoc.MustExtract(doc, "spawnsites"),
	Requires:   []*analysis.Analyzer{inspect.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(SpawnsFact)},
}

// Via says how a goroutine is started.
type Via int

const (
	GoStmt      Via = iota // go f()
	WaitGroupGo            // wg.Go(f), Go 1.25
	ErrgroupGo             // g.Go(f) or g.TryGo(f) on an errgroup.Group
)

// Kind says what the new goroutine runs.
type Kind int

const (
	// FuncLit: go func() { ... }(), or wg.Go(func() { ... }).
	FuncLit Kind = iota
	// StoredClosure: a function literal assigned once to a local variable
	// that is then started: f := func() { ... }; go f().
	StoredClosure
	// StaticCall: a named function or a method with a static callee:
	// go worker(&wg), go s.run(), wg.Go(s.run).
	StaticCall
	// MethodValue: a method value held in a local variable: m := s.run; go m().
	MethodValue
	// Dynamic: a function value or interface method the analysis cannot
	// resolve: go fn(), go srv.Serve() on an interface.
	Dynamic
)

func (k Kind) String() string {
	return [...]string{"func literal", "stored closure", "static call", "method value", "dynamic call"}[k]
}

// A Site is one place where a goroutine is started.
type Site struct {
	// Node is the *ast.GoStmt, or the *ast.CallExpr of wg.Go / g.Go.
	Node ast.Node
	Via  Via
	Kind Kind
	// Lit is the function literal the goroutine runs, for FuncLit and
	// StoredClosure sites; nil otherwise.
	Lit *ast.FuncLit
	// Callee is the function or method the goroutine runs, for StaticCall
	// and MethodValue sites; nil otherwise.
	Callee *types.Func
	// Recv is the receiver expression of a method the goroutine runs
	// (s in go s.run() or m := s.run), or nil.
	Recv ast.Expr
	// Args are the argument expressions the spawner evaluates and hands to
	// the goroutine: a and b in go f(a, b) or go func(x, y T){...}(a, b).
	Args []ast.Expr
	// Captures are the variables of enclosing functions that Lit refers to,
	// in order of first reference. Package-level variables are not listed.
	Captures []*types.Var
	// Func is the *ast.FuncDecl or *ast.FuncLit whose body contains the
	// spawn, and Stack the syntax path from the file down to Node.
	Func  ast.Node
	Stack []ast.Node
	File  *ast.File
}

// Loops returns the for and range statements that enclose the spawn within
// its function, innermost first.
func (s *Site) Loops() []ast.Stmt {
	var loops []ast.Stmt
	for i := len(s.Stack) - 1; i >= 0 && s.Stack[i] != s.Func; i-- {
		switch n := s.Stack[i].(type) {
		case *ast.ForStmt:
			loops = append(loops, n)
		case *ast.RangeStmt:
			loops = append(loops, n)
		}
	}
	return loops
}

// Result lists a package's spawn sites in source order.
type Result struct {
	Sites    []*Site
	byNode   map[ast.Node]*Site
	pkg      *types.Package
	spawners map[*types.Func]bool // the package's own
	// importFact is the pass's ImportObjectFact, which answers for
	// imported functions: a package deep in a large program can see tens
	// of thousands of SpawnsFacts, too many to gather for every package.
	importFact func(types.Object, analysis.Fact) bool
}

// Spawns reports whether calling fn starts a goroutine that may outlive
// the call, directly or through the functions fn calls. It knows the
// functions of this package and, through SpawnsFact, of every package it
// depends on. Other analyzers cannot import SpawnsFact themselves (facts
// belong to the analyzer that declares them), so this is how they see it.
func (r *Result) Spawns(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	fn = fn.Origin()
	if fn.Pkg() == r.pkg {
		return r.spawners[fn]
	}
	return fn.Pkg() != nil && r.importFact(fn, new(SpawnsFact))
}

// Of returns the site whose Node is n, or nil.
func (r *Result) Of(n ast.Node) *Site { return r.byNode[n] }

// In returns the sites whose spawn happens directly in fn, a *ast.FuncDecl
// or *ast.FuncLit, in source order.
func (r *Result) In(fn ast.Node) []*Site {
	var sites []*Site
	for _, s := range r.Sites {
		if s.Func == fn {
			sites = append(sites, s)
		}
	}
	return sites
}

// SpawnsFact marks a function or method whose own body starts at least one
// goroutine.
type SpawnsFact struct{}

func (*SpawnsFact) AFact()         {}
func (*SpawnsFact) String() string { return "spawns" }

func run(pass *analysis.Pass) (_ any, err error) {
	// Drivers run a required analyzer as it is, not wrapped by
	// analyzers.All, so this pass turns its own panics into errors.
	defer safe.Recover(pass, &err)
	inspect := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	res := &Result{
		byNode:     make(map[ast.Node]*Site),
		pkg:        pass.Pkg,
		spawners:   make(map[*types.Func]bool),
		importFact: pass.ImportObjectFact,
	}
	// Most packages start no goroutine through a local variable, so the
	// single assignments are found only when a site needs them, and only
	// in the top-level declaration around it: a local variable's every
	// assignment lies within its scope.
	var top ast.Node // the declaration of the file that holds the site
	localsOf := make(map[ast.Node]map[*types.Var]ast.Expr)
	locals := func() map[*types.Var]ast.Expr {
		m, ok := localsOf[top]
		if !ok {
			m = singleAssignments(pass, inspect, top)
			localsOf[top] = m
		}
		return m
	}

	// Every call of the package is looked at, so the path from the file
	// down to a node is built only for the few that are sites.
	for cur := range inspect.Root().Preorder((*ast.GoStmt)(nil), (*ast.CallExpr)(nil)) {
		var via Via
		switch n := cur.Node().(type) {
		case *ast.GoStmt:
			via = GoStmt
		case *ast.CallExpr:
			var ok bool
			via, ok = goMethod(pass.TypesInfo, n)
			if !ok || len(n.Args) != 1 {
				continue
			}
		}
		stack := stackOf(cur)
		if len(stack) > 1 {
			top = stack[1]
		}
		site := &Site{Node: cur.Node(), Via: via, File: stack[0].(*ast.File), Stack: stack, Func: code.EnclosingFunc(stack)}
		if n, ok := site.Node.(*ast.GoStmt); ok {
			resolveCall(pass, locals, site, n.Call)
		} else {
			resolveFuncValue(pass, locals, site, site.Node.(*ast.CallExpr).Args[0])
		}
		if site.Lit != nil {
			site.Captures = captures(pass.TypesInfo, site.Lit)
		}
		res.Sites = append(res.Sites, site)
		res.byNode[site.Node] = site
	}
	findSpawners(pass, inspect, res)
	return res, nil
}

// stackOf returns the path of nodes from the file down to cur's node.
func stackOf(cur inspector.Cursor) []ast.Node {
	depth := 0
	for range cur.Enclosing() {
		depth++
	}
	stack := make([]ast.Node, depth)
	for c := range cur.Enclosing() {
		depth--
		stack[depth] = c.Node()
	}
	return stack
}

// goMethod reports whether call starts a goroutine through a library
// method that takes the function to run.
func goMethod(info *types.Info, call *ast.CallExpr) (Via, bool) {
	// Every call in the package comes here: look at the method's name
	// before asking the type checker what it is.
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Go" && sel.Sel.Name != "TryGo" {
		return 0, false
	}
	fn := code.Callee(info, call)
	switch {
	case code.IsMethod(fn, "sync", "WaitGroup", "Go"):
		return WaitGroupGo, true
	case code.IsMethod(fn, "golang.org/x/sync/errgroup", "Group", "Go"),
		code.IsMethod(fn, "golang.org/x/sync/errgroup", "Group", "TryGo"):
		return ErrgroupGo, true
	}
	return 0, false
}

// resolveCall fills in what go CALL runs.
func resolveCall(pass *analysis.Pass, locals func() map[*types.Var]ast.Expr, site *Site, call *ast.CallExpr) {
	site.Args = call.Args
	if fn := code.Callee(pass.TypesInfo, call); fn != nil && !code.IsInterfaceMethod(fn) {
		site.Kind, site.Callee = StaticCall, fn
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && fn.Signature().Recv() != nil {
			site.Recv = sel.X
		}
		return
	}
	resolveFuncValue(pass, locals, site, call.Fun)
}

// resolveFuncValue fills in what a function-valued expression runs when
// it is called in a new goroutine.
func resolveFuncValue(pass *analysis.Pass, locals func() map[*types.Var]ast.Expr, site *Site, fun ast.Expr) {
	site.Kind = Dynamic
	fun = ast.Unparen(fun)
	if id, ok := fun.(*ast.Ident); ok {
		if v, ok := pass.TypesInfo.Uses[id].(*types.Var); ok {
			if init, ok := locals()[v]; ok {
				fun = init
				site.Kind = StoredClosure // or MethodValue, refined below
			}
		}
	}
	switch f := fun.(type) {
	case *ast.FuncLit:
		if site.Kind != StoredClosure {
			site.Kind = FuncLit
		}
		site.Lit = f
	case *ast.SelectorExpr, *ast.Ident:
		fn := funcValue(pass.TypesInfo, f)
		if fn == nil || code.IsInterfaceMethod(fn) {
			site.Kind = Dynamic
			return
		}
		if site.Kind == StoredClosure {
			site.Kind = MethodValue
		} else {
			site.Kind = StaticCall
		}
		site.Callee = fn
		if sel, ok := f.(*ast.SelectorExpr); ok && fn.Signature().Recv() != nil {
			site.Recv = sel.X
		}
	default:
		site.Kind = Dynamic
	}
}

// funcValue returns the function or method an identifier or selector
// names as a value (worker, pkg.Worker, s.run), or nil.
func funcValue(info *types.Info, expr ast.Expr) *types.Func {
	switch e := expr.(type) {
	case *ast.Ident:
		fn, _ := info.Uses[e].(*types.Func)
		return fn
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[e]; ok {
			if sel.Kind() != types.MethodVal {
				return nil
			}
			fn, _ := sel.Obj().(*types.Func)
			return fn
		}
		fn, _ := info.Uses[e.Sel].(*types.Func) // qualified identifier
		return fn
	}
	return nil
}

// singleAssignments maps each local function-typed variable of decl, a
// declaration of a file, that is assigned exactly once, from a function
// literal or a method value, to that expression. A variable assigned
// again, or whose address is taken, could hold anything when it is
// called, so it is left out.
func singleAssignments(pass *analysis.Pass, inspect *inspector.Inspector, decl ast.Node) map[*types.Var]ast.Expr {
	info := pass.TypesInfo
	inits := make(map[*types.Var]ast.Expr)
	spoiled := make(map[*types.Var]bool)
	record := func(id *ast.Ident, rhs ast.Expr) {
		v, _ := info.ObjectOf(id).(*types.Var)
		if v == nil || !isFunc(v) || v.Parent() == v.Pkg().Scope() {
			return // only a function can be started as a goroutine
		}
		if _, seen := inits[v]; seen || rhs == nil {
			spoiled[v] = true
			return
		}
		switch rhs := ast.Unparen(rhs).(type) {
		case *ast.FuncLit:
			inits[v] = rhs
		case *ast.SelectorExpr:
			if sel, ok := info.Selections[rhs]; ok && sel.Kind() == types.MethodVal {
				inits[v] = rhs
				return
			}
			spoiled[v] = true
		default:
			spoiled[v] = true
		}
	}
	filter := []ast.Node{(*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.UnaryExpr)(nil)}
	cur, ok := inspect.Root().FindNode(decl)
	if !ok {
		return inits
	}
	for cur := range cur.Preorder(filter...) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				id, ok := ast.Unparen(lhs).(*ast.Ident)
				if !ok {
					continue
				}
				var rhs ast.Expr
				if len(n.Lhs) == len(n.Rhs) {
					rhs = n.Rhs[i]
				}
				record(id, rhs)
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				var rhs ast.Expr
				if i < len(n.Values) && len(n.Names) == len(n.Values) {
					rhs = n.Values[i]
				}
				if rhs == nil && len(n.Values) == 0 {
					continue // var f func(): no value yet; a later assignment sets it
				}
				record(id, rhs)
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
				if v, ok := info.Uses[id].(*types.Var); ok && isFunc(v) {
					spoiled[v] = true
				}
			}
		}
	}
	for v := range spoiled {
		delete(inits, v)
	}
	return inits
}

// isFunc reports whether v holds a function: the variables that go
// statements and wg.Go can start.
func isFunc(v *types.Var) bool {
	_, ok := v.Type().Underlying().(*types.Signature)
	return ok
}

// captures returns the variables declared outside lit, but not at package
// level, that lit refers to.
func captures(info *types.Info, lit *ast.FuncLit) []*types.Var {
	var vars []*types.Var
	seen := make(map[*types.Var]bool)
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok || seen[v] || v.IsField() || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
			return true
		}
		if v.Pos() < lit.Pos() || v.Pos() >= lit.End() {
			seen[v] = true
			vars = append(vars, v)
		}
		return true
	})
	return vars
}

// findSpawners fills res.spawners with the functions declared here that
// start a goroutine, and those that call one of those or an imported
// function with a SpawnsFact, directly or through other such functions,
// outside a goroutine of their own; it exports a SpawnsFact for each.
func findSpawners(pass *analysis.Pass, inspect *inspector.Inspector, res *Result) {
	spawnsIn := make(map[ast.Node]bool)       // functions with a site of their own
	goroutines := make(map[*ast.FuncLit]bool) // literals that are a goroutine's body
	for _, s := range res.Sites {
		spawnsIn[s.Func] = true
		if s.Lit != nil {
			goroutines[s.Lit] = true
		}
	}
	// callers maps each function called here, declared here or imported,
	// to the declared functions that call it synchronously; bodies of
	// goroutines started inside a function do not count. Spawning then
	// spreads from callee to caller, each function visited once.
	callers := make(map[*types.Func][]*types.Func)
	var queue, decls []*types.Func
	calls := []ast.Node{(*ast.FuncLit)(nil), (*ast.CallExpr)(nil)}
	for cur := range inspect.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := cur.Node().(*ast.FuncDecl)
		fn, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func)
		if !ok || decl.Body == nil {
			continue
		}
		decls = append(decls, fn)
		body, _ := cur.FindNode(decl.Body)
		body.Inspect(calls, func(c inspector.Cursor) bool {
			switch n := c.Node().(type) {
			case *ast.FuncLit:
				// What a goroutine's body calls happens in that goroutine,
				// and a closure that is stored or passed on may never run
				// here; only its calls made in place are followed.
				return !goroutines[n]
			case *ast.CallExpr:
				if callee := code.Callee(pass.TypesInfo, n); callee != nil {
					callee = callee.Origin()
					// One entry per caller is enough; calls of one callee
					// often come in runs.
					if cs := callers[callee]; len(cs) == 0 || cs[len(cs)-1] != fn {
						callers[callee] = append(cs, fn)
					}
				}
			}
			return true
		})
		if spawnsIn[decl] {
			res.spawners[fn] = true
		}
	}
	for callee := range callers {
		if res.spawners[callee] || callee.Pkg() != pass.Pkg && pass.ImportObjectFact(callee, new(SpawnsFact)) {
			queue = append(queue, callee)
		}
	}
	for len(queue) > 0 {
		fn := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, caller := range callers[fn] {
			if !res.spawners[caller] {
				res.spawners[caller] = true
				queue = append(queue, caller)
			}
		}
	}
	for _, fn := range decls {
		if res.spawners[fn] {
			pass.ExportObjectFact(fn, new(SpawnsFact))
		}
	}
}
