package code_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/golint-conc/golint-conc/internal/code"
)

func TestRecvCase(t *testing.T) {
	const src = `package p
func f(a, b, c chan int, d chan<- int) {
	select {
	case <-a:
	case v := <-(b):
		_ = v
	case v, ok := <-c:
		_, _ = v, ok
	case d <- 1:
	default:
	}
}`
	f, err := parser.ParseFile(token.NewFileSet(), "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	ast.Inspect(f, func(n ast.Node) bool {
		if cc, ok := n.(*ast.CommClause); ok {
			if x, ok := code.RecvCase(cc.Comm).(*ast.Ident); ok {
				got = append(got, x.Name)
			} else {
				got = append(got, "-")
			}
		}
		return true
	})
	want := []string{"a", "b", "c", "-", "-"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

func TestIndentation(t *testing.T) {
	const src = "package p\n\nfunc f() {\n\tif true {\n\t\tprintln()\n\t}\n\tx := 1; _ = x\n}\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pass := &analysis.Pass{Fset: fset, ReadFile: func(string) ([]byte, error) { return []byte(src), nil }}
	var got []string
	ast.Inspect(f, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.IfStmt, *ast.ExprStmt, *ast.AssignStmt:
			indent, ok := code.Indentation(pass, n)
			if !ok {
				indent = "!"
			}
			got = append(got, fmt.Sprintf("%q", indent))
		}
		return true
	})
	// The assignment _ = x follows another statement on its line.
	want := `["\t" "\t\t" "\t" "!"]`
	if fmt.Sprint(got) != want {
		t.Errorf("indentations %v, want %s", got, want)
	}
}

func TestFuncDecls(t *testing.T) {
	const src = `package p

type T struct{}

func (T) M() {}

func body() { _ = func() {} }

func noBody()

var v = func() {}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Defs: make(map[*ast.Ident]types.Object)}
	// noBody has no body, which the type checker reports; the rest is fine.
	conf := types.Config{Error: func(error) {}}
	conf.Check("p", fset, []*ast.File{f}, info)

	var got []string
	for fn, cur := range code.FuncDecls(info, inspector.New([]*ast.File{f}).Root()) {
		if cur.Node().(*ast.FuncDecl).Name.Name != fn.Name() {
			t.Errorf("cursor at %s for %s", cur.Node().(*ast.FuncDecl).Name.Name, fn.Name())
		}
		got = append(got, fn.Name())
	}
	if want := []string{"M", "body"}; !slices.Equal(got, want) {
		t.Errorf("FuncDecls = %v, want %v", got, want)
	}
}
