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

func TestFieldOf(t *testing.T) {
	const src = `package p
import "sync"
type DB struct {
	rwlock sync.Mutex
	inner
}
type inner struct{ mmaplock sync.RWMutex }
type Tx struct{ db *DB }
type Box[T any] struct{ mu sync.Mutex; v T }
var db *DB
var tx Tx
var box Box[int]
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	pkg, err := conf.Check("p", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	typeOf := func(name string) types.Type { return pkg.Scope().Lookup(name).Type() }
	field := func(typ, name string) *types.Var {
		st := typeOf(typ).Underlying().(*types.Struct)
		for i := range st.NumFields() {
			if st.Field(i).Name() == name {
				return st.Field(i)
			}
		}
		t.Fatalf("no field %s.%s", typ, name)
		return nil
	}
	for _, tc := range []struct {
		root   string
		fields string
		want   *types.Var
	}{
		{"db", ".rwlock", field("DB", "rwlock")},
		{"tx", ".db.rwlock", field("DB", "rwlock")},
		{"db", ".mmaplock", field("inner", "mmaplock")},
		{"tx", ".db.inner.mmaplock", field("inner", "mmaplock")},
		{"box", ".mu", field("Box", "mu")},
		{"db", "", nil},
		{"db", ".missing", nil},
	} {
		if got := code.FieldOf(typeOf(tc.root), tc.fields, pkg); got != tc.want {
			t.Errorf("FieldOf(%s, %q) = %v, want %v", tc.root, tc.fields, got, tc.want)
		}
	}
}
