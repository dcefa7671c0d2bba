package chanops_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"

	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/passes/chanops"
)

// Each function makes ch; the test counts the receives from it that run
// on every path from the make to a return.
const pathsSrc = `package p

func straight()  { ch := make(chan int); <-ch; <-ch }
func ret() int   { ch := make(chan int); return <-ch }
func branch(b bool) {
	ch := make(chan int)
	<-ch
	if b {
		<-ch
	}
}
func early(b bool) error {
	ch := make(chan error)
	if err := <-ch; err != nil {
		return err
	}
	return <-ch
}
func both(b bool) {
	ch := make(chan int)
	if b {
		<-ch
	} else {
		<-ch
	}
}
func sel(done chan int) {
	ch := make(chan int)
	select {
	case <-ch:
	case <-done:
	}
	<-ch
}
func selBoth() {
	ch := make(chan int)
	select {
	case <-ch:
	case v := <-ch:
		_ = v
	}
}
func before(b bool) {
	if b {
		return
	}
	ch := make(chan int)
	<-ch
}
func guarded(b bool) {
	ch := make(chan int)
	_ = b && <-ch == 0
	f := func() { <-ch }
	_ = f
}
func panics(b bool) {
	ch := make(chan int)
	if b {
		panic("no")
	}
	<-ch
}
func forever() {
	ch := make(chan int)
	for {
		<-ch
	}
}
func loop(n int) {
	for i := 0; i < n; i++ {
		ch := make(chan int)
		<-ch
	}
}
`

func TestFewestOnPath(t *testing.T) {
	want := map[string]int{ // -1: no answer
		"straight": 2, "ret": 1, "branch": 1, "early": 1, "both": 1, "sel": 1, "selBoth": 1,
		"before": 1, "guarded": 0, "panics": 1, "forever": -1, "loop": 1,
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", pathsSrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	mayReturn := func(call *ast.CallExpr) bool {
		id, ok := call.Fun.(*ast.Ident)
		return !ok || id.Name != "panic"
	}
	for _, decl := range f.Decls {
		fd := decl.(*ast.FuncDecl)
		var mk ast.Node
		var recvs []ast.Node
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "make" {
					mk = n
				}
			case *ast.UnaryExpr:
				if x, ok := n.X.(*ast.Ident); ok && n.Op == token.ARROW && x.Name == "ch" {
					recvs = append(recvs, n)
				}
			}
			return true
		})
		got, ok := chanops.FewestOnPath(cfg.New(fd.Body, mayReturn), mk, recvs)
		if !ok {
			got = -1
		}
		if w, found := want[fd.Name.Name]; !found || got != w {
			t.Errorf("%s: FewestOnPath = %d, want %d", fd.Name.Name, got, w)
		}
	}
}
