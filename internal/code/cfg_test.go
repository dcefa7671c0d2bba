package code_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"

	"github.com/golint-conc/golint-conc/internal/code"
)

func TestSelectComms(t *testing.T) {
	const src = `package p
func f(in, out chan int, done chan struct{}) {
	select {
	case v := <-in:
		out <- v
	case out <- 1:
	case <-done:
	default:
	}
	go func() {
		select {
		case <-done:
		}
	}()
}`
	f, err := parser.ParseFile(token.NewFileSet(), "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	body := f.Decls[0].(*ast.FuncDecl).Body
	comms := code.SelectComms(body)
	// The three communications of the outer select; not the send in a
	// case's body, the default, or the select in the literal.
	if len(comms) != 3 {
		t.Errorf("SelectComms found %d communications, want 3", len(comms))
	}
	lit := body.List[1].(*ast.GoStmt).Call.Fun.(*ast.FuncLit)
	if got := len(code.SelectComms(lit)); got != 1 {
		t.Errorf("SelectComms of the literal found %d, want 1", got)
	}
}
