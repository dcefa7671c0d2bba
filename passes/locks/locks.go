package locks

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/golint-conc/golint-conc/internal/analysisdoc"
	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/internal/ref"
	"github.com/golint-conc/golint-conc/passes/funcs"
)

//go:embed doc.go
var doc string

// Analyzer finds lock operations and held locks. Its result is a *Result.
var Analyzer = &analysis.Analyzer{
	Name:       "locks",
	Doc:        analysisdoc.MustExtract(doc, "locks"),
	Requires:   []*analysis.Analyzer{funcs.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(Fact)},
}

// An Op is one lock operation, or a lock method value that escapes.
type Op struct {
	Method   code.LockMethod // Lock, Unlock or TryLock
	Read     bool            // RLock, RUnlock or TryRLock
	Deferred bool            // in a defer statement
	// Escape marks a method value that is not called here, as in
	// once(mu.Unlock) or go mu.Unlock(): its effect happens elsewhere.
	Escape bool
	// Lock is the lock's location; its Root is nil for a lock that has no
	// Ref, such as locks[i].
	Lock ref.Ref
	Call *ast.CallExpr // nil for a method value
	Pos  token.Pos     // of the selector, mu.Lock
}

// Result holds the lock operations and the dataflow of the package's
// functions. It is immutable after the analysis and safe for concurrent
// use.
type Result struct {
	funcs *funcs.Result
	byFn  map[ast.Node]*function
	sums  map[*types.Func]*Summary // this package's declared functions
}

// Ops returns the lock operations of fn, a *ast.FuncDecl or *ast.FuncLit,
// in position order, without those of the literals inside it.
func (r *Result) Ops(fn ast.Node) []*Op {
	if f := r.byFn[fn]; f != nil {
		return f.ops
	}
	return nil
}

// Summary returns the lock effects of fn, a function of this package, or
// nil when it has none its callers can name.
func (r *Result) Summary(fn *types.Func) *Summary { return r.sums[fn.Origin()] }

func run(pass *analysis.Pass) (any, error) {
	fr := pass.ResultOf[funcs.Analyzer].(*funcs.Result)
	r := &Result{funcs: fr, byFn: make(map[ast.Node]*function), sums: make(map[*types.Func]*Summary)}
	imported := make(map[*types.Func]*Summary)
	for _, f := range pass.AllObjectFacts() {
		if fn, ok := f.Object.(*types.Func); ok {
			imported[fn] = &f.Fact.(*Fact).Summary
		}
	}
	if !reachesSync(pass.Pkg) && len(imported) == 0 {
		return r, nil
	}
	a := &builder{pass: pass, res: r, imported: imported,
		decls: make(map[*types.Func]*funcs.Func), state: make(map[*funcs.Func]int8)}
	for _, f := range fr.Funcs {
		if f.Obj != nil && f.Body != nil {
			a.decls[f.Obj] = f
		}
	}
	for _, f := range fr.Funcs {
		a.settle(f)
	}
	return r, nil
}

// reachesSync reports whether pkg can see a sync lock type: it imports
// sync, or imports a package that does (whose types may embed a mutex).
func reachesSync(pkg *types.Package) bool {
	if code.Imports(pkg, "sync") {
		return true
	}
	for _, imp := range pkg.Imports() {
		if code.Imports(imp, "sync") {
			return true
		}
	}
	return false
}

// builder is the state of one run: the functions are settled callees
// first, so that a caller's dataflow sees its same-package callees'
// summaries; recursion is broken arbitrarily.
type builder struct {
	pass     *analysis.Pass
	res      *Result
	imported map[*types.Func]*Summary
	decls    map[*types.Func]*funcs.Func
	state    map[*funcs.Func]int8 // 1 started, 2 done
}

func (a *builder) settle(f *funcs.Func) {
	if a.state[f] != 0 {
		return
	}
	a.state[f] = 1
	defer func() { a.state[f] = 2 }()
	g := a.res.funcs.Graph(f.Node)
	if g == nil {
		return
	}
	fn := a.scan(g)
	if fn == nil {
		return
	}
	a.res.byFn[f.Node] = fn
	fn.solve()
	if f.Obj == nil {
		return
	}
	if s := fn.summarize(f.Obj); s != nil {
		a.res.sums[f.Obj] = s
		a.pass.ExportObjectFact(f.Obj, &Fact{Summary: *s})
	}
}

// summaryOf returns the summary of the function call calls, settling a
// callee of this package first.
func (a *builder) summaryOf(call *ast.CallExpr) (*types.Func, *Summary) {
	fn := typeutil.StaticCallee(a.pass.TypesInfo, call)
	if fn == nil {
		return nil, nil
	}
	if d := a.decls[fn.Origin()]; d != nil {
		a.settle(d)
		return fn, a.res.sums[fn.Origin()]
	}
	return fn, a.imported[fn.Origin()]
}

// scan finds the lock operations and effects of the nodes of g, or
// returns nil when there are none.
func (a *builder) scan(g *cfg.CFG) *function {
	info := a.pass.TypesInfo
	f := &function{g: g, index: make(map[ref.Ref]int)}
	for _, b := range g.Blocks {
		for i, n := range b.Nodes {
			cond := i == len(b.Nodes)-1 && len(b.Succs) == 2 && isExpr(n)
			if s, ok := n.(*ast.ExprStmt); ok {
				if call, ok := ast.Unparen(s.X).(*ast.CallExpr); ok && a.res.funcs.NeverReturns(call) {
					f.addEffect(n, effect{kind: stop})
				}
			}
			a.scanNode(f, info, n, cond)
		}
	}
	if len(f.ops) == 0 && len(f.effects) == 0 {
		return nil
	}
	sort.Slice(f.ops, func(i, j int) bool { return f.ops[i].Pos < f.ops[j].Pos })
	return f
}

func isExpr(n ast.Node) bool { _, ok := n.(ast.Expr); return ok }

// scanNode records the operations in n, a CFG node, outside function
// literals. cond says n is a branch condition, whose TryLocks hold the
// lock on the true edge only.
func (a *builder) scanNode(f *function, info *types.Info, n ast.Node, cond bool) {
	called := make(map[*ast.SelectorExpr]bool)
	var deferred, spawned *ast.CallExpr
	switch n := n.(type) {
	case *ast.DeferStmt:
		deferred = n.Call
	case *ast.GoStmt:
		spawned = n.Call
	}
	ast.Inspect(n, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			sel, _ := ast.Unparen(x.Fun).(*ast.SelectorExpr)
			if sel != nil {
				if m, read, ok := code.LockMethodOf(info, sel); ok {
					called[sel] = true
					op := &Op{Method: m, Read: read, Deferred: x == deferred, Escape: x == spawned, Call: x, Pos: sel.Pos()}
					op.Lock, _ = lockRef(info, sel, x)
					f.ops = append(f.ops, op)
					if !op.Escape {
						f.addOp(n, op, cond)
					}
					return true
				}
			}
			if x != spawned {
				if callee, s := a.summaryOf(x); s != nil {
					f.addCall(n, info, x, callee, s, x == deferred)
				}
			}
		case *ast.SelectorExpr:
			if called[x] {
				return true
			}
			if m, read, ok := code.LockMethodOf(info, x); ok {
				if s := info.Selections[x]; s.Kind() == types.MethodVal {
					op := &Op{Method: m, Read: read, Escape: true, Pos: x.Pos()}
					op.Lock, _ = ref.Receiver(info, x)
					f.ops = append(f.ops, op)
				}
			}
		}
		return true
	})
}

// lockRef returns the Ref of the lock a lock method call runs on: the
// receiver, or for a method expression the first argument.
func lockRef(info *types.Info, sel *ast.SelectorExpr, call *ast.CallExpr) (ref.Ref, bool) {
	if info.Selections[sel].Kind() == types.MethodExpr {
		if len(call.Args) == 0 {
			return ref.Ref{}, false
		}
		return ref.Of(info, call.Args[0])
	}
	return ref.Receiver(info, sel)
}
