package loopcapture

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
	"github.com/golint-conc/golint-conc/passes/chanops"
	"github.com/golint-conc/golint-conc/passes/funcs"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

//go:embed doc.go
var doc string

// Analyzer reports goroutines and deferred closures that observe a loop
// variable shared by all iterations.
var Analyzer = &analysis.Analyzer{
	Name:     "loopcapture",
	Doc:      analysisdoc.MustExtract(doc, "loopcapture"),
	URL:      "https://github.com/golint-conc/golint-conc/blob/main/docs/loopcapture.md",
	Requires: []*analysis.Analyzer{inspect.Analyzer, spawnsites.Analyzer, chanops.Analyzer, funcs.Analyzer},
	Run:      run,
}

// An escape is a function literal that runs after the statement creating
// it has finished: in a new goroutine, or deferred to the end of the
// function.
type escape struct {
	cur      inspector.Cursor // the go or defer statement, or the wg.Go / g.Go call
	lit      *ast.FuncLit
	stored   string // the variable holding lit when it is started later (f in go f()), or ""
	deferred bool
	version  string // the file's Go version
}

// checker holds the state of one run: nothing outlives the pass.
type checker struct {
	pass      *analysis.Pass
	inspect   *inspector.Inspector
	chans     *chanops.Result
	callbacks *code.Callbacks       // made on first use
	escapes   map[*ast.FuncLit]bool // literals some escape runs
	loops     map[ast.Stmt]*loopVars
	fixed     map[*ast.FuncLit]bool // literals that already carry a copy fix
}

func run(pass *analysis.Pass) (any, error) {
	inspect := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	sites := pass.ResultOf[spawnsites.Analyzer].(*spawnsites.Result)

	escapes := findEscapes(pass, inspect, sites)
	if len(escapes) == 0 {
		return nil, nil
	}
	c := &checker{
		pass:    pass,
		inspect: inspect,
		chans:   pass.ResultOf[chanops.Analyzer].(*chanops.Result),
		escapes: make(map[*ast.FuncLit]bool),
		loops:   make(map[ast.Stmt]*loopVars),
		fixed:   make(map[*ast.FuncLit]bool),
	}
	for _, esc := range escapes {
		c.escapes[esc.lit] = true
	}
	for _, esc := range escapes {
		c.check(esc)
	}
	return nil, nil
}

// findEscapes lists, in source order, the go statements, wg.Go and g.Go
// calls and defer statements that run a function literal, written in
// place or stored in a local variable first.
func findEscapes(pass *analysis.Pass, inspect *inspector.Inspector, sites *spawnsites.Result) []*escape {
	var escapes []*escape
	var version string
	fns := pass.ResultOf[funcs.Analyzer].(*funcs.Result)
	filter := []ast.Node{(*ast.File)(nil), (*ast.GoStmt)(nil), (*ast.CallExpr)(nil), (*ast.DeferStmt)(nil)}
	for cur := range inspect.Root().Preorder(filter...) {
		var (
			lit      *ast.FuncLit
			stored   string
			deferred bool
		)
		switch n := cur.Node().(type) {
		case *ast.File:
			version = code.FileVersion(pass, n)
			continue
		case *ast.DeferStmt:
			deferred = true
			lit, stored = deferredLit(pass.TypesInfo, fns, cur, n.Call.Fun)
		default:
			site := sites.Of(n)
			if site == nil {
				continue
			}
			lit = site.Lit
			if site.Kind == spawnsites.StoredClosure {
				stored = storedName(n)
			}
		}
		if lit != nil {
			escapes = append(escapes, &escape{cur: cur, lit: lit, stored: stored, deferred: deferred, version: version})
		}
	}
	return escapes
}

// storedName returns the name of the variable a go statement or a wg.Go /
// g.Go call starts.
func storedName(n ast.Node) string {
	var fun ast.Expr
	switch n := n.(type) {
	case *ast.GoStmt:
		fun = n.Call.Fun
	case *ast.CallExpr:
		if len(n.Args) == 1 {
			fun = n.Args[0]
		}
	}
	if id, ok := ast.Unparen(fun).(*ast.Ident); ok {
		return id.Name
	}
	return "closure"
}

// deferredLit returns the function literal a defer statement calls:
// defer func() { ... }(), or defer f() for a local f assigned a literal
// exactly once in the enclosing function.
func deferredLit(info *types.Info, fns *funcs.Result, cur inspector.Cursor, fun ast.Expr) (*ast.FuncLit, string) {
	switch fun := ast.Unparen(fun).(type) {
	case *ast.FuncLit:
		return fun, ""
	case *ast.Ident:
		v, ok := info.Uses[fun].(*types.Var)
		if !ok {
			return nil, ""
		}
		var body *ast.BlockStmt
		if f := fns.EnclosingFunc(cur.Node()); f != nil {
			body = f.Body
		}
		if lit := onlyLiteral(info, body, v); lit != nil {
			return lit, fun.Name
		}
	}
	return nil, ""
}

// onlyLiteral returns the function literal v is set to, if v is declared
// in body, assigned exactly once, from a literal, and never has its
// address taken: otherwise v could hold anything when it is called.
func onlyLiteral(info *types.Info, body *ast.BlockStmt, v *types.Var) *ast.FuncLit {
	if body == nil || v.Pos() < body.Pos() || v.Pos() >= body.End() {
		return nil
	}
	var lit *ast.FuncLit
	assignments := 0
	set := func(id *ast.Ident, rhs ast.Expr) {
		if info.ObjectOf(id) != v {
			return
		}
		assignments++
		lit, _ = ast.Unparen(rhs).(*ast.FuncLit)
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if id, ok := ast.Unparen(lhs).(*ast.Ident); ok {
					var rhs ast.Expr
					if len(n.Lhs) == len(n.Rhs) {
						rhs = n.Rhs[i]
					}
					set(id, rhs)
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if len(n.Values) == 0 {
					continue // var f func(): no value yet
				}
				var rhs ast.Expr
				if len(n.Names) == len(n.Values) {
					rhs = n.Values[i]
				}
				set(id, rhs)
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && info.Uses[id] == v {
				assignments = 2
			}
		}
		return true
	})
	if assignments != 1 {
		return nil
	}
	return lit
}
