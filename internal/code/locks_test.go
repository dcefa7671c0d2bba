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

func TestLockCallOf(t *testing.T) {
	const src = `package p
import "sync"
type cache struct {
	sync.Mutex
	rw sync.RWMutex
}
func f(c *cache, l sync.Locker) {
	c.Lock()
	c.Mutex.Unlock()
	c.rw.RLock()
	c.rw.TryLock()
	l.Unlock()
	(*sync.Mutex).Lock(&c.Mutex)
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
	var got []string
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		lc, ok := code.LockCallOf(info, call)
		if !ok {
			got = append(got, "-")
			return true
		}
		got = append(got, [...]string{"", "lock", "unlock", "trylock"}[lc.Method]+map[bool]string{true: "(r)"}[lc.Read]+" "+lc.Path.Root.Name()+lc.Path.Fields)
		return true
	})
	want := []string{"lock c.Mutex", "unlock c.Mutex", "lock(r) c.rw", "trylock c.rw", "unlock l", "-"}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("call %d: got %q, want %q", i, got[i], want[i])
		}
	}
}
