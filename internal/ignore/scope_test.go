package ignore

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"testing"
)

// scopeLines returns the lines each directive of src covers, as "from-to", or
// "file" for a whole-file scope.
func scopeLines(t *testing.T, src string) []string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range Scopes(fset, f) {
		if s.WholeFile {
			got = append(got, "file")
			continue
		}
		got = append(got, fmt.Sprintf("%d-%d", s.From, s.To))
	}
	return got
}

func TestScopes(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"no comments", "package p\n\nfunc f() {}\n", nil},
		{"trailing covers its line only", `package p

func f(ch chan int) {
	go func() { //nolint:golint-conc // one line
		ch <- 1
	}()
}
`, []string{"4-4"}},
		{"above a multi-line statement", `package p

func f(ch chan int) {
	//golint-conc:ignore chanleak drained by the caller
	go func() {
		ch <- 1
	}()
	ch <- 2
}
`, []string{"4-7"}},
		{"above a func", `package p

// f sends.
//
//golint-conc:ignore chanleak drained by the caller
func f(ch chan int) {
	go func() { ch <- 1 }()
}
`, []string{"5-8"}},
		{"above a spec in a group", `package p

var (
	//nolint:golint-conc // fine
	a = make(chan int,
		1)
	b = 2
)
`, []string{"4-6"}},
		{"above a struct field", `package p

type pool struct {
	//golint-conc:ignore synccopy copied only before use
	mu interface {
		Lock()
	}
	n int
}
`, []string{"4-7"}},
		{"two statements on the next line", `package p

func f(ch chan int) {
	//golint-conc:ignore chanleak why
	x := 1; go func() {
		ch <- x
	}()
}
`, []string{"4-7"}},
		{"blank line detaches", `package p

func f() {
	//golint-conc:ignore chanleak why

	g()
}

func g() {}
`, []string{"4-4"}},
		{"above the package clause", `//nolint:golint-conc // why
package p

func f() {}
`, []string{"1-2"}},
		{"file-ignore", `package p

//golint-conc:file-ignore chanleak why
func f() {}
`, []string{"file"}},
		{"directive at the end of the file", "package p\n\nfunc f() {}\n\n//nolint\n", []string{"5-5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scopeLines(t, tt.src)
			if len(got) != len(tt.want) {
				t.Fatalf("scopes = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("scopes = %v, want %v", got, tt.want)
				}
			}
		})
	}
}

// TestScopesIgnoreLineDirectives checks that //line directives, which
// move reported positions elsewhere, do not move scopes away from the
// code they were written above.
func TestScopesIgnoreLineDirectives(t *testing.T) {
	const src = `package p

//line generated.tmpl:100
func f(ch chan int) {
	//golint-conc:ignore chanleak why
	go func() {
		ch <- 1
	}()
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	scopes := Scopes(fset, f)
	if len(scopes) != 1 || scopes[0].From != 5 || scopes[0].To != 8 {
		t.Fatalf("scopes = %+v, want lines 5-8", scopes)
	}
	ft := &filter{analyzer: "chanleak", fset: fset, files: []*ast.File{f}}
	var goPos token.Pos
	ast.Inspect(f, func(n ast.Node) bool {
		if g, ok := n.(*ast.GoStmt); ok {
			goPos = g.Pos()
		}
		return true
	})
	if !ft.suppressed(goPos) {
		t.Error("go statement below the directive not suppressed")
	}
	if ft.suppressed(f.Decls[0].Pos()) {
		t.Error("func line above the directive suppressed")
	}
}
