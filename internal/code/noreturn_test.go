package code_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/golint-conc/golint-conc/internal/code"
)

func TestEndsGoroutineByShape(t *testing.T) {
	const src = `package p
import "testing"

// TestingT is testify's interface; Assertions reaches it by FailNow.
type TestingT interface {
	Errorf(format string, args ...any)
	FailNow()
}
type Assertions struct{ t TestingT }
func (a *Assertions) Errorf(err error, msg string, args ...any) bool { return err != nil }
func (a *Assertions) FailNow(msg string, args ...any) bool { a.t.FailNow(); return false }
func (a *Assertions) Fail(msg string, args ...any) bool { return false }
type Suite struct{ *Assertions }
type WorkerSuite struct{ Suite }

type Decoder struct{}
func (d *Decoder) Skip() error { return nil }

func f(tb testing.TB, tt TestingT, s *WorkerSuite, d *Decoder, fatal func(string)) {
	tb.Fatal("x")
	tb.Skipf("x")
	tb.Error("x")
	tt.FailNow()
	s.FailNow("x")
	s.Fail("x")
	d.Skip()
	fatal("x")
}`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Uses:       map[*ast.Ident]types.Object{},
		Defs:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	if _, err := conf.Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	fn := f.Decls[len(f.Decls)-1].(*ast.FuncDecl)
	want := []bool{true, true, false, true, true, false, false, false}
	for i, stmt := range fn.Body.List {
		call := stmt.(*ast.ExprStmt).X.(*ast.CallExpr)
		if got := code.EndsGoroutine(info, call); got != want[i] {
			t.Errorf("EndsGoroutine(%s) = %v, want %v", types.ExprString(call), got, want[i])
		}
	}
}
