package code_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"testing"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/golint-conc/golint-conc/internal/code"
)

// TestCallbacks checks, for each function literal passed to a call in
// main, whether the call may run it after returning.
func TestCallbacks(t *testing.T) {
	const src = `package p

import (
	"sync"
	"testing"
	"time"
)

var hooks []func()

func each(n int, f func(int))     { for i := 0; i < n; i++ { f(i) } }
func deferred(f func())           { defer f() }
func forward(f func(int))         { each(3, f) }
func register(f func())           { hooks = append(hooks, f) }
func background(f func())         { go f() }
func wrapped(f func())            { go func() { f() }() }
func inLiteral(f func())          { func() { f() }() }
func returned(f func()) func()    { return f }
func forwardLater(f func())       { register(f) }
func subtest(t *testing.T, f func()) { t.Run("x", func(t *testing.T) { f() }) }
func parallel(t *testing.T, f func()) { t.Run("x", func(t *testing.T) { t.Parallel(); f() }) }

func main(t *testing.T, once *sync.Once) {
	each(2, func(int) {})
	deferred(func() {})
	forward(func(int) {})
	inLiteral(func() {})
	subtest(t, func() {})
	once.Do(func() {})
	t.Run("a", func(t *testing.T) {})
	t.Run("b", func(t *testing.T) { t.Run("c", func(t *testing.T) { t.Parallel() }) })
	register(func() {})
	background(func() {})
	wrapped(func() {})
	returned(func() {})
	forwardLater(func() {})
	parallel(t, func() {})
	t.Run("d", func(t *testing.T) { t.Parallel() })
	time.AfterFunc(time.Second, func() {})
	hooks = append(hooks, func() {})
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Defs:       make(map[*ast.Ident]types.Object),
		Uses:       make(map[*ast.Ident]types.Object),
		Types:      make(map[ast.Expr]types.TypeAndValue),
		Selections: make(map[*ast.SelectorExpr]*types.Selection),
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	if _, err := conf.Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	cb := code.NewCallbacks(info, inspector.New([]*ast.File{f}).Root())
	main := f.Decls[len(f.Decls)-1].(*ast.FuncDecl)
	var got []bool
	for _, stmt := range main.Body.List {
		var call *ast.CallExpr
		switch s := stmt.(type) {
		case *ast.ExprStmt:
			call = s.X.(*ast.CallExpr)
		case *ast.AssignStmt:
			call = s.Rhs[0].(*ast.CallExpr)
		}
		lit := call.Args[len(call.Args)-1].(*ast.FuncLit)
		got = append(got, cb.RunsLater(call, lit))
	}
	want := []bool{
		false, false, false, false, false, false, false, false,
		true, true, true, true, true, true, true, true, true,
	}
	if !slices.Equal(got, want) {
		t.Errorf("RunsLater = %v, want %v", got, want)
	}
}
