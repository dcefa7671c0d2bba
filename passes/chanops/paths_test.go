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

// Each function makes ch and starts goroutines with go send(); the test
// finds the path leaving the most values pending. fatal ends the
// goroutine, as t.Fatal does; panic ends the process.
const pendingSrc = `package p

func straight() { ch := make(chan int); go send(); go send(); <-ch }
func sequenced() {
	ch := make(chan int)
	go send()
	<-ch
	go send()
}
func selectDefault() {
	ch := make(chan int, 1)
	go send()
	select {
	case <-ch:
	default:
		fatal()
	}
	go send()
	select {
	case <-ch:
	default:
		fatal()
	}
}
func exclusive(b bool, done chan int) {
	ch := make(chan int, 1)
	if b {
		go send()
	} else {
		go send()
	}
	select {
	case <-ch:
	case <-done:
	}
}
func exclusiveThird(b bool, done chan int) {
	ch := make(chan int, 1)
	if b {
		go send()
	} else {
		go send()
	}
	go send()
	select {
	case <-ch:
	case <-done:
	}
}
func recvFirst() { ch := make(chan int); <-ch; go send() }
func panics(b bool) {
	ch := make(chan int)
	go send()
	if b {
		panic("no")
	}
	<-ch
}
func fatalPath(b bool) {
	ch := make(chan int)
	go send()
	if b {
		fatal()
	}
	<-ch
}
func fresh(b bool) {
	for {
		ch := make(chan int)
		go send()
		if b {
			continue // drops ch with its sender blocked
		}
		<-ch
		return
	}
}
func forever() {
	ch := make(chan int)
	go send()
	for {
		<-ch
	}
}
func inLiteral() {
	ch := make(chan int)
	f := func() { go send() }
	f()
	<-ch
}
`

func TestMostPending(t *testing.T) {
	type backlog struct{ pending, sent int } // {-1, -1}: no answer
	want := map[string]backlog{
		"straight": {1, 2}, "sequenced": {1, 2}, "selectDefault": {1, 2}, "exclusive": {1, 1},
		"exclusiveThird": {2, 2}, "recvFirst": {1, 1}, "panics": {0, 1}, "fatalPath": {1, 1},
		"fresh": {1, 1}, "forever": {-1, -1}, "inLiteral": {-1, -1},
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", pendingSrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	calls := func(name string) func(*ast.CallExpr) bool {
		return func(call *ast.CallExpr) bool {
			id, ok := call.Fun.(*ast.Ident)
			return ok && id.Name == name
		}
	}
	isFatal := calls("fatal")
	mayReturn := func(call *ast.CallExpr) bool { return !isFatal(call) && !calls("panic")(call) }
	for _, decl := range f.Decls {
		fd := decl.(*ast.FuncDecl)
		var mk ast.Node
		var sends, recvs []ast.Node
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if calls("make")(n) {
					mk = n
				}
			case *ast.GoStmt:
				sends = append(sends, n)
			case *ast.UnaryExpr:
				if x, ok := n.X.(*ast.Ident); ok && n.Op == token.ARROW && x.Name == "ch" {
					recvs = append(recvs, n)
				}
			}
			return true
		})
		left, ok := chanops.MostPending(cfg.New(fd.Body, mayReturn), mk, sends, recvs, isFatal)
		got := backlog{left.Pending, left.Sent}
		if !ok {
			got = backlog{-1, -1}
		}
		if w, found := want[fd.Name.Name]; !found || got != w {
			t.Errorf("%s: MostPending = %v, want %v", fd.Name.Name, got, w)
		}
	}
}

// Each function sends on ch; the test asks whether a path leads from the
// first send to a send again.
const reachesSrc = `package p

func once(xs []int, ch chan int) {
	for _, x := range xs {
		if x < 0 {
			ch <- x
			return
		}
	}
}
func stream(xs []int, ch chan int) {
	for _, x := range xs {
		ch <- x
	}
}
func twice(ch chan int) { ch <- 1; ch <- 2 }
func branches(b bool, ch chan int) {
	if b {
		ch <- 1
		return
	}
	ch <- 2
}
func fallThrough(b bool, ch chan int) {
	if b {
		ch <- 1
	}
	ch <- 2
}
func breaks(xs []int, ch chan int) {
	for _, x := range xs {
		if x < 0 {
			ch <- x
			break
		}
	}
}
func breaksThenSends(xs []int, ch chan int) {
	for _, x := range xs {
		if x < 0 {
			ch <- x
			break
		}
	}
	ch <- 0
}
func selectLoop(ch, done chan int) {
	for {
		select {
		case ch <- 1:
		case <-done:
			return
		}
	}
}
func deferred(ch chan int) {
	ch <- 1
	defer func() { ch <- 2 }()
}
`

func TestReaches(t *testing.T) {
	want := map[string]bool{
		"once": false, "stream": true, "twice": true, "branches": false, "fallThrough": true,
		"breaks": false, "breaksThenSends": true, "selectLoop": true,
		"deferred": false, // no answer: when the literal runs is unknown
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", reachesSrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	mayReturn := func(*ast.CallExpr) bool { return true }
	for _, decl := range f.Decls {
		fd := decl.(*ast.FuncDecl)
		var sends []ast.Node
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if s, ok := n.(*ast.SendStmt); ok {
				sends = append(sends, s)
			}
			return true
		})
		got, ok := chanops.Reaches(cfg.New(fd.Body, mayReturn), sends[0], sends)
		wantOK := fd.Name.Name != "deferred"
		if w, found := want[fd.Name.Name]; !found || ok != wantOK || got != w {
			t.Errorf("%s: Reaches = %v, %v, want %v, %v", fd.Name.Name, got, ok, w, wantOK)
		}
	}
}
