package funcs

import (
	_ "embed"
	"go/ast"
	"go/types"
	"reflect"
	"sort"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/analysisdoc"
	"github.com/golint-conc/golint-conc/internal/code"
)

//go:embed doc.go
var doc string

// Analyzer indexes the package's functions. Its result is a *Result.
var Analyzer = &analysis.Analyzer{
	Name:       "funcs",
	Doc:        analysisdoc.MustExtract(doc, "funcs"),
	Requires:   []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(NoReturnFact)},
}

// NoReturnFact marks a function that never returns only through calls
// ctrlflow cannot see end (see code.NeverReturns); ctrlflow's own facts
// cover the rest.
type NoReturnFact struct{}

func (*NoReturnFact) AFact()         {}
func (*NoReturnFact) String() string { return "noReturn" }

// A Func is one function declaration or literal.
type Func struct {
	Node  ast.Node       // *ast.FuncDecl or *ast.FuncLit
	Obj   *types.Func    // the declared function or method; nil for a literal
	Body  *ast.BlockStmt // nil for a declaration without a body
	Outer *Func          // the function a literal is in; nil for a declaration
}

// Result indexes the package's functions. It is safe for concurrent use.
type Result struct {
	// Funcs holds every function declaration and literal in position order:
	// a function comes before the literals inside it.
	Funcs []*Func

	info     *types.Info
	cfgs     *ctrlflow.CFGs
	byNode   map[ast.Node]*Func
	noReturn map[*types.Func]bool // same-package functions, beyond ctrlflow's

	mu    sync.Mutex
	comms map[ast.Node]map[ast.Node]bool
}

func run(pass *analysis.Pass) (any, error) {
	r := &Result{
		info:     pass.TypesInfo,
		cfgs:     pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		byNode:   make(map[ast.Node]*Func),
		noReturn: make(map[*types.Func]bool),
	}
	r.index(pass.ResultOf[inspect.Analyzer].(*inspector.Inspector))
	r.findNoReturn(pass)
	return r, nil
}

// index lists the functions in preorder, each literal with the innermost
// function around it.
func (r *Result) index(insp *inspector.Inspector) {
	var open []*Func // the functions around the current node, outermost first
	insp.Preorder([]ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)}, func(n ast.Node) {
		for len(open) > 0 && open[len(open)-1].Node.End() <= n.Pos() {
			open = open[:len(open)-1]
		}
		f := &Func{Node: n}
		switch n := n.(type) {
		case *ast.FuncDecl:
			f.Obj, _ = r.info.Defs[n.Name].(*types.Func)
			f.Body = n.Body
			open = open[:0]
		case *ast.FuncLit:
			f.Body = n.Body
			if len(open) > 0 {
				f.Outer = open[len(open)-1]
			}
		}
		open = append(open, f)
		r.Funcs = append(r.Funcs, f)
		r.byNode[n] = f
	})
	// Preorder is in position order within a file; the files need not be.
	sort.SliceStable(r.Funcs, func(i, j int) bool { return r.Funcs[i].Node.Pos() < r.Funcs[j].Node.Pos() })
}

// Func returns the index entry of fn, a *ast.FuncDecl or *ast.FuncLit of
// the package, or nil.
func (r *Result) Func(fn ast.Node) *Func { return r.byNode[fn] }

// Graph returns the control-flow graph ctrlflow built for fn, a
// *ast.FuncDecl or *ast.FuncLit, or nil for any other node or a
// declaration without a body.
func (r *Result) Graph(fn ast.Node) *cfg.CFG { return code.Graph(r.cfgs, fn) }

// Enclosing returns the innermost *ast.FuncDecl or *ast.FuncLit holding
// n, n itself if it is one, or nil at package level. It costs a binary
// search and a walk up the nesting, not a walk of the file.
func (r *Result) Enclosing(n ast.Node) ast.Node {
	if f := r.EnclosingFunc(n); f != nil {
		return f.Node
	}
	return nil
}

// EnclosingFunc is Enclosing, returning the index entry.
func (r *Result) EnclosingFunc(n ast.Node) *Func {
	pos, end := n.Pos(), n.End()
	i := sort.Search(len(r.Funcs), func(i int) bool { return r.Funcs[i].Node.Pos() > pos })
	if i == 0 {
		return nil
	}
	for f := r.Funcs[i-1]; f != nil; f = f.Outer {
		if f.Node.Pos() <= pos && end <= f.Node.End() {
			return f
		}
	}
	return nil
}

// SelectComms returns the communications of the select cases in fn's
// body, outside nested literals (see code.SelectComms), computed once per
// function.
func (r *Result) SelectComms(fn ast.Node) map[ast.Node]bool {
	var body ast.Node
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		if fn.Body == nil {
			return nil
		}
		body = fn.Body
	case *ast.FuncLit:
		body = fn
	default:
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.comms[fn]; ok {
		return c
	}
	if r.comms == nil {
		r.comms = make(map[ast.Node]map[ast.Node]bool)
	}
	c := code.SelectComms(body)
	r.comms[fn] = c
	return c
}
