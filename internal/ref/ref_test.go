package ref_test

import (
	"bytes"
	"encoding/gob"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/golint-conc/golint-conc/internal/ref"
)

const src = `package p

import (
	"io"
	"sync"
)

type inner struct{ mu sync.Mutex }

type Server struct {
	inner
	conns *pool
	sync.RWMutex
	shards [4]struct{ mu sync.Mutex }
	byName map[string]*pool
	state  struct{ mu sync.Mutex }
}

type pool struct {
	*inner
	wg sync.WaitGroup
}

type DB struct{ mu sync.Mutex }
type Tx struct{ db *DB }

type Box[T any] struct {
	mu sync.Mutex
	v  T
}

type Alias = Server
type BoxAlias[T any] = Box[T]

var global Server
var anon struct{ mu sync.Mutex }

func (s *Server) serve(other *Server, i int, extra ...*Server) {
	c := *s
	p := s
	lock := s.mu.Lock
	s.Lock()
	_ = s.mu          // 1: promoted through inner
	_ = s.inner.mu    // 2: the same
	_ = (*s).inner.mu // 3: the same
	_ = &s.mu         // 4: the same
	_ = c.mu          // 5: a copy: another root
	_ = p.mu          // 6: a copy of the pointer: another root too
	_ = s.conns.mu    // 7: through a pointer and an embedded pointer
	_ = s.shards[i].mu
	_ = s.shards[0].mu
	_ = s.byName["a"].wg
	_ = (*Server)(other).mu
	_ = global.conns.wg
	_ = anon.mu
	_ = io.EOF
	_ = lock
	_ = s.state.mu
	_ = extra
}

func (b *Box[T]) lock() { b.mu.Lock() }

func (tx *Tx) commit() { tx.db.mu.Unlock() }
func (db *DB) begin()  { db.mu.Lock() }

func use(a Alias, ba *BoxAlias[string], bi Box[int]) {
	a.mu.Lock()
	ba.mu.Lock()
	bi.mu.Lock()
	bi.lock()
	(*Box[int]).lock(&bi)
	release(&global, nil)
	global.serve(nil, 0, &global)
}

func release(s *Server, tx *Tx) {}
`

type fixture struct {
	pkg  *types.Package
	info *types.Info
	file *ast.File
}

func load(t *testing.T) *fixture {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
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
	pkg, err := conf.Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{pkg, info, f}
}

// exprs returns the right-hand sides of the blank assignments in fn, in
// order.
func (fx *fixture) exprs(fn string) []ast.Expr {
	var out []ast.Expr
	for _, d := range fx.file.Decls {
		decl, ok := d.(*ast.FuncDecl)
		if !ok || decl.Name.Name != fn {
			continue
		}
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == 1 {
				if id, ok := as.Lhs[0].(*ast.Ident); ok && id.Name == "_" {
					out = append(out, as.Rhs[0])
				}
			}
			return true
		})
	}
	return out
}

// calls returns the calls in fn, in order.
func (fx *fixture) calls(fn string) []*ast.CallExpr {
	var out []*ast.CallExpr
	for _, d := range fx.file.Decls {
		if decl, ok := d.(*ast.FuncDecl); ok && decl.Name.Name == fn {
			ast.Inspect(decl.Body, func(n ast.Node) bool {
				if c, ok := n.(*ast.CallExpr); ok {
					out = append(out, c)
				}
				return true
			})
		}
	}
	return out
}

func (fx *fixture) fn(name string) *types.Func {
	if obj, ok := fx.pkg.Scope().Lookup(name).(*types.Func); ok {
		return obj
	}
	for _, typ := range []string{"Server", "Box", "Tx", "DB"} {
		named := fx.pkg.Scope().Lookup(typ).Type().(*types.Named)
		for i := range named.NumMethods() {
			if named.Method(i).Name() == name {
				return named.Method(i)
			}
		}
	}
	panic("no function " + name)
}

func TestOf(t *testing.T) {
	fx := load(t)
	want := []string{
		"s.inner.mu",
		"s.inner.mu",
		"s.inner.mu",
		"s.inner.mu",
		"c.inner.mu",
		"p.inner.mu",
		"s.conns.inner.mu",
		"", // s.shards[i].mu: not one location
		"", // s.shards[0].mu: an index, even constant
		"", // s.byName["a"].wg: a map element
		"", // (*Server)(other).mu: a conversion
		"global.conns.wg",
		"anon.mu",
		"EOF",
		"lock", // the variable holding the method value
		"s.state.mu",
		"extra",
	}
	exprs := fx.exprs("serve")
	if len(exprs) != len(want) {
		t.Fatalf("%d expressions, want %d", len(exprs), len(want))
	}
	refs := make([]ref.Ref, len(exprs))
	for i, e := range exprs {
		r, ok := ref.Of(fx.info, e)
		got := ""
		if ok {
			got = r.String()
		}
		if got != want[i] {
			t.Errorf("Of(%s) = %q, want %q", types.ExprString(e), got, want[i])
		}
		refs[i] = r
	}
	// s.mu, s.inner.mu, (*s).inner.mu and &s.mu are one Ref; the copies
	// c and p are not.
	for _, i := range []int{1, 2, 3} {
		if refs[i] != refs[0] {
			t.Errorf("%s and %s differ", types.ExprString(exprs[i]), types.ExprString(exprs[0]))
		}
	}
	for _, i := range []int{4, 5} {
		if refs[i] == refs[0] {
			t.Errorf("%s and %s are the same Ref", types.ExprString(exprs[i]), types.ExprString(exprs[0]))
		}
	}
	s := refs[0].Root
	if obj := fx.fn("serve").Signature().Recv(); s != obj {
		t.Errorf("root of s.mu is %v, want the receiver %v", s, obj)
	}
	if !(ref.Ref{Root: s}).Leads(refs[0]) || (ref.Ref{Root: s, Fields: ".in"}).Leads(refs[0]) {
		t.Errorf("Leads is wrong for s and s.inner.mu")
	}
}

func TestReceiver(t *testing.T) {
	fx := load(t)
	var got []string
	for _, call := range fx.calls("serve") {
		// s.mu.Lock as a value, then s.Lock() promoted from sync.RWMutex.
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			continue
		}
		if r, ok := ref.Receiver(fx.info, sel); ok {
			got = append(got, r.String())
		}
	}
	for _, d := range fx.file.Decls {
		if decl, ok := d.(*ast.FuncDecl); ok && decl.Name.Name == "serve" {
			ast.Inspect(decl.Body, func(n ast.Node) bool {
				if as, ok := n.(*ast.AssignStmt); ok && len(as.Rhs) == 1 {
					if sel, ok := as.Rhs[0].(*ast.SelectorExpr); ok {
						if r, ok := ref.Receiver(fx.info, sel); ok {
							got = append(got, "value "+r.String())
						}
					}
				}
				return true
			})
		}
	}
	want := []string{"s.RWMutex", "value s.inner.mu"}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("Receiver = %q, want %q", got, want)
	}
	// A method expression has no receiver selector: Receiver says so.
	calls := fx.calls("use")
	if _, ok := ref.Receiver(fx.info, calls[4].Fun.(*ast.SelectorExpr)); ok {
		t.Errorf("Receiver of a method expression succeeded")
	}
}

func TestTypeKey(t *testing.T) {
	fx := load(t)
	key := func(e ast.Expr) string {
		r, ok := ref.Of(fx.info, e)
		if !ok {
			return "no ref"
		}
		k, ok := r.TypeKey()
		if !ok {
			return ""
		}
		return k.String()
	}
	// db.mu in one method and tx.db.mu in another are DB.mu.
	recvOf := func(fn string) ast.Expr {
		return fx.calls(fn)[0].Fun.(*ast.SelectorExpr).X
	}
	if a, b := key(recvOf("commit")), key(recvOf("begin")); a != "DB.mu" || b != "DB.mu" {
		t.Errorf("tx.db.mu = %q, db.mu = %q, want DB.mu", a, b)
	}
	// Instances of Box, through aliases too, and the generic method's
	// receiver are all Box.mu.
	for _, fn := range []string{"lock", "use"} {
		for _, call := range fx.calls(fn) {
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Lock" {
				continue
			}
			got, want := key(sel.X), "Box.mu"
			if types.ExprString(sel.X) == "a.mu" {
				want = "inner.mu"
			}
			if got != want {
				t.Errorf("TypeKey(%s) = %q, want %q", types.ExprString(sel.X), got, want)
			}
		}
	}
	exprs := fx.exprs("serve")
	for i, want := range map[int]string{
		0:  "inner.mu",
		6:  "inner.mu",
		11: "pool.wg",
		12: "", // anon.mu: no named type owns it
		13: "", // io.EOF: a bare variable
		15: "Server.state.mu",
	} {
		if got := key(exprs[i]); got != want {
			t.Errorf("TypeKey(%s) = %q, want %q", types.ExprString(exprs[i]), got, want)
		}
	}
	// The Box of the generic method's receiver is the origin type.
	r, _ := ref.Of(fx.info, fx.calls("lock")[0].Fun.(*ast.SelectorExpr).X)
	k, _ := r.TypeKey()
	if k.Type != fx.pkg.Scope().Lookup("Box") {
		t.Errorf("TypeKey(b.mu).Type = %v, want the generic Box", k.Type)
	}
	if vars := r.Vars(); len(vars) != 1 || vars[0] != vars[0].Origin() {
		t.Errorf("Vars(b.mu) = %v, want the origin field", vars)
	}
}

func TestSelect(t *testing.T) {
	fx := load(t)
	tx := fx.fn("commit").Signature().Recv()
	for _, tc := range []struct{ fields, want string }{
		{"", "tx"},
		{".db", "tx.db"},
		{".db.mu", "tx.db.mu"},
		{".missing", ""},
		{"db", ""},
	} {
		got := ""
		if r, ok := ref.Select(tx, fx.pkg, tc.fields); ok {
			got = r.String()
		}
		if got != tc.want {
			t.Errorf("Select(tx, %q) = %q, want %q", tc.fields, got, tc.want)
		}
	}
	// Promoted fields get their embedded steps, so that Select and Of agree.
	s := fx.fn("serve").Signature().Recv()
	sel, _ := ref.Select(s, fx.pkg, ".conns.mu")
	of, _ := ref.Of(fx.info, fx.exprs("serve")[6])
	if sel.String() != "s.conns.inner.mu" || sel.Fields != of.Fields {
		t.Errorf("Select(s, .conns.mu) = %s, Of(s.conns.mu) = %s", sel, of)
	}
}

func TestRelative(t *testing.T) {
	fx := load(t)
	serve := fx.fn("serve")
	exprs := fx.exprs("serve")
	for i, want := range map[int]ref.Param{
		0:  {Index: ref.RecvParam, Fields: ".inner.mu"},
		11: {Index: ref.GlobalParam, Pkg: "p", Var: "global", Fields: ".conns.wg"},
		16: {Index: 2},
	} {
		r, _ := ref.Of(fx.info, exprs[i])
		got, ok := ref.Relative(serve, r)
		if !ok || got != want {
			t.Errorf("Relative(%s) = %+v, %v, want %+v", types.ExprString(exprs[i]), got, ok, want)
		}
	}
	// A local copy of the receiver is no caller's business.
	r, _ := ref.Of(fx.info, exprs[4])
	if p, ok := ref.Relative(serve, r); ok {
		t.Errorf("Relative(c.mu) = %+v, want false", p)
	}
	// The generic method's receiver, for the method of an instance too.
	lock := fx.fn("lock")
	r, _ = ref.Of(fx.info, fx.calls("lock")[0].Fun.(*ast.SelectorExpr).X)
	calls := fx.calls("use")
	bilock := calls[3]
	inst := fx.info.Selections[bilock.Fun.(*ast.SelectorExpr)].Obj().(*types.Func)
	for _, fn := range []*types.Func{lock, inst} {
		if p, ok := ref.Relative(fn, r); !ok || p != (ref.Param{Index: ref.RecvParam, Fields: ".mu"}) {
			t.Errorf("Relative(%v, b.mu) = %+v, %v", fn, p, ok)
		}
	}
}

func TestResolve(t *testing.T) {
	fx := load(t)
	calls := fx.calls("use")
	recv := ref.Param{Index: ref.RecvParam, Fields: ".mu"}
	bilock, methodExpr, rel := calls[3], calls[4], calls[5]
	inst := fx.info.Selections[bilock.Fun.(*ast.SelectorExpr)].Obj().(*types.Func)
	release := fx.fn("release")
	for _, tc := range []struct {
		call *ast.CallExpr
		fn   *types.Func
		p    ref.Param
		want string
	}{
		{bilock, inst, recv, "bi.mu"},
		{methodExpr, fx.fn("lock"), recv, "bi.mu"},
		{rel, release, ref.Param{Index: 0, Fields: ".inner.mu"}, "global.inner.mu"},
		{rel, release, ref.Param{Index: 1, Fields: ".db.mu"}, ""}, // nil is no location
		{rel, release, ref.Param{Index: ref.GlobalParam, Pkg: "p", Var: "anon", Fields: ".mu"}, "anon.mu"},
		{rel, release, ref.Param{Index: ref.GlobalParam, Pkg: "io", Var: "EOF"}, "EOF"},
		{rel, release, ref.Param{Index: ref.GlobalParam, Pkg: "nowhere", Var: "x"}, ""},
		{rel, release, ref.Param{Index: 5}, ""},
	} {
		got := ""
		if r, ok := ref.Resolve(fx.info, tc.call, tc.fn, tc.p); ok {
			got = r.String()
		}
		if got != tc.want {
			t.Errorf("Resolve(%s, %+v) = %q, want %q", types.ExprString(tc.call), tc.p, got, tc.want)
		}
	}
	serve := calls[6]
	if r, ok := ref.Resolve(fx.info, serve, fx.fn("serve"), ref.Param{Index: ref.RecvParam, Fields: ".inner.mu"}); !ok || r.String() != "global.inner.mu" {
		t.Errorf("Resolve(global.serve, recv.inner.mu) = %s, %v", r, ok)
	}
	if _, ok := ref.Resolve(fx.info, serve, fx.fn("serve"), ref.Param{Index: 2}); ok {
		t.Errorf("Resolve of a variadic parameter succeeded")
	}
}

func TestParamGob(t *testing.T) {
	in := []ref.Param{
		{Index: ref.RecvParam, Fields: ".inner.mu"},
		{Index: 1, Fields: ".db.mu"},
		{Index: ref.GlobalParam, Pkg: "example.com/p", Var: "regMu"},
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(in); err != nil {
		t.Fatal(err)
	}
	var out []ref.Param
	if err := gob.NewDecoder(&buf).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if len(out) != len(in) {
		t.Fatalf("decoded %d params, want %d", len(out), len(in))
	}
	for i := range in {
		if out[i] != in[i] {
			t.Errorf("param %d: decoded %+v, want %+v", i, out[i], in[i])
		}
	}
}
