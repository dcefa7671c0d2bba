package code_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"

	"github.com/golint-conc/golint-conc/internal/code"
)

func TestPathText(t *testing.T) {
	for _, tc := range []struct{ expr, fields, want string }{
		{"&wg", "", "wg"},
		{"s", ".wg", "s.wg"},
		{"&s.pool", ".wg", "s.pool.wg"},
		{"(*p)", ".wg", "(*p).wg"},
		{"get()", ".wg", "(get()).wg"},
	} {
		x, err := parser.ParseExpr(tc.expr)
		if err != nil {
			t.Fatal(err)
		}
		if got := code.PathText(x, tc.fields); got != tc.want {
			t.Errorf("PathText(%s, %q) = %q, want %q", tc.expr, tc.fields, got, tc.want)
		}
	}
}

func TestWholeLine(t *testing.T) {
	src := "package p\n\nfunc f() {\n\tg() // done\n\th(); g()\n\tg()"
	src += "\n}"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	tf := fset.File(f.Pos())
	body := f.Decls[0].(*ast.FuncDecl).Body.List
	var got []string
	for _, stmt := range body {
		from, to, ok := code.WholeLine(tf, []byte(src), stmt)
		if !ok {
			got = append(got, "-")
			continue
		}
		got = append(got, src[tf.Offset(from):tf.Offset(to)])
	}
	want := []string{"\tg() // done\n", "-", "-", "\tg()\n"}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("statement %d: got %q, want %q", i, got[i], want[i])
		}
	}
}
