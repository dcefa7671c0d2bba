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

func TestEndsGoroutine(t *testing.T) {
	const src = `package p
import (
	"log"
	"os"
	"runtime"
	"testing"
)
func f(t *testing.T, b *testing.B, tb testing.TB) {
	t.Fatal("x")
	t.Fatalf("x")
	b.FailNow()
	t.SkipNow()
	runtime.Goexit()
	t.Error("x")
	tb.Fatal("x")
	log.Fatal("x")
	os.Exit(1)
	panic("x")
}`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	if _, err := conf.Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	var got []bool
	ast.Inspect(f, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			got = append(got, code.EndsGoroutine(info, call))
		}
		return true
	})
	// testing.TB has an unexported method: only testing's types, whose
	// Fatal ends the goroutine, implement it.
	want := []bool{true, true, true, true, true, false, true, false, false, false}
	if !slices.Equal(got, want) {
		t.Errorf("EndsGoroutine = %v, want %v", got, want)
	}
}
