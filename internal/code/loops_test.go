package code_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"testing"

	"github.com/golint-conc/golint-conc/internal/code"
)

// TestLeavesLoop checks, for the outermost loop of each function, whether
// its body can leave it.
func TestLeavesLoop(t *testing.T) {
	const src = `package p

import "os"

func drains(ch chan int)      { for v := range ch { _ = v } }
func returns(ch chan int)     { for v := range ch { if v < 0 { return } } }
func breaks(ch chan int)      { for v := range ch { if v < 0 { break } } }
func continues(ch chan int)   { for v := range ch { if v < 0 { continue } } }
func selectBreak(ch chan int) { for v := range ch { select { default: _ = v; break } } }
func exits(ch chan int)       { for range ch { os.Exit(1) } }
func literal(ch chan int)     { for range ch { _ = func() { return } } }
func labelled(ch chan int) {
outer:
	for range ch {
		for {
			break outer
		}
	}
}
func innerLabel(ch chan int) {
	for range ch {
	inner:
		for {
			break inner
		}
	}
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Defs:  make(map[*ast.Ident]types.Object),
		Uses:  make(map[*ast.Ident]types.Object),
		Types: make(map[ast.Expr]types.TypeAndValue),
	}
	conf := types.Config{Importer: importer.Default()}
	if _, err := conf.Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{
		"drains": false, "returns": true, "breaks": true, "continues": false, "selectBreak": false,
		"exits": true, "literal": false, "labelled": true, "innerLabel": false,
	}
	for _, decl := range f.Decls {
		fd, ok := decl.(*ast.FuncDecl)
		if !ok {
			continue
		}
		var loop ast.Stmt
		var label *types.Label
		switch s := fd.Body.List[0].(type) {
		case *ast.LabeledStmt:
			loop, label = s.Stmt, info.Defs[s.Label].(*types.Label)
		default:
			loop = s
		}
		if got := code.LeavesLoop(info, loop, label, loop, 0); got != want[fd.Name.Name] {
			t.Errorf("%s: LeavesLoop = %v, want %v", fd.Name.Name, got, want[fd.Name.Name])
		}
	}
}

func TestEntersBody(t *testing.T) {
	const src = `package p

const n = 100

func f(m int) {
	for {}
	for true {}
	for i := 0; i < n; i++ {}
	for i := 0; i < 3; i++ {}
	for i := n; i > 0; i-- {}
	for i := 0; i < 0; i++ {}
	for i := 0; i < m; i++ {}
	for i := m; i < n; i++ {}
	for j, i := 0, 0; i < n; i++ { _ = j }
	for false {}
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Defs:  make(map[*ast.Ident]types.Object),
		Uses:  make(map[*ast.Ident]types.Object),
		Types: make(map[ast.Expr]types.TypeAndValue),
	}
	conf := types.Config{Importer: importer.Default()}
	if _, err := conf.Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	var got []bool
	ast.Inspect(f, func(n ast.Node) bool {
		if loop, ok := n.(*ast.ForStmt); ok {
			got = append(got, code.EntersBody(info, loop))
		}
		return true
	})
	want := []bool{true, true, true, true, true, false, false, false, false, false}
	if !slices.Equal(got, want) {
		t.Errorf("EntersBody = %v, want %v", got, want)
	}
}
