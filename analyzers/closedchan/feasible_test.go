package closedchan

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

const feasibleSrc = `package p

type mode int

const (
	fast mode = iota
	slow
)

func (m *mode) set(x mode) { *m = x }

func f(wait string, ok bool, m, pm mode, n int, get func() string) {
	captured, addressed := "a", "b"
	_ = &addressed
	pm.set(fast)
	g := func() { captured = "c" }
	g()
	if wait == "rate" {}
	if "slot" != wait {}
	if ok {}
	if !ok && n == 3 {}
	if ok == false {}
	if ok != true || n > 1 {}
	if m == slow {}
	if get() == "rate" {}
	if captured == "a" {}
	if addressed == "b" {}
	if pm == fast {}
	switch wait {
	case "rate", "slot":
	}
}
`

func describe(fs []fact) string {
	var parts []string
	for _, f := range fs {
		op := "!="
		if f.eq {
			op = "=="
		}
		parts = append(parts, f.v.Name()+op+f.val.ExactString())
	}
	return strings.Join(parts, " ")
}

func TestBrancherCond(t *testing.T) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", feasibleSrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types:      make(map[ast.Expr]types.TypeAndValue),
		Defs:       make(map[*ast.Ident]types.Object),
		Uses:       make(map[*ast.Ident]types.Object),
		Selections: make(map[*ast.SelectorExpr]*types.Selection),
	}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{file}, info); err != nil {
		t.Fatal(err)
	}
	fn := file.Decls[len(file.Decls)-1].(*ast.FuncDecl)
	b := &brancher{newDeclScan(info, fn), fn}

	var got []string
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IfStmt:
			got = append(got, fmt.Sprintf("%s: %s / %s", types.ExprString(n.Cond), describe(b.cond(nil, n.Cond, true)), describe(b.cond(nil, n.Cond, false))))
		case *ast.CaseClause:
			for _, e := range n.List {
				f, ok := b.compare(b.tags[e], e, true)
				got = append(got, fmt.Sprintf("case %s: %s %v", types.ExprString(e), describe([]fact{f}), ok))
			}
		}
		return true
	})
	want := []string{
		`wait == "rate": wait=="rate" / wait!="rate"`,
		`"slot" != wait: wait!="slot" / wait=="slot"`,
		`ok: ok==true / ok==false`,
		`!ok && n == 3: ok==false n==3 / `,
		`ok == false: ok==false / ok==true`,
		`ok != true || n > 1:  / ok==true`,
		`m == slow: m==1 / m!=1`,
		`get() == "rate":  / `,  // a call's result may change
		`captured == "a":  / `,  // a closure assigns it
		`addressed == "b":  / `, // its address is taken
		`pm == fast:  / `,       // a pointer method may set it
		`case "rate": wait=="rate" true`,
		`case "slot": wait=="slot" true`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("facts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestFacts(t *testing.T) {
	x := types.NewVar(token.NoPos, nil, "x", types.Typ[types.String])
	y := types.NewVar(token.NoPos, nil, "y", types.Typ[types.Int])
	rate, slot := constant.MakeString("rate"), constant.MakeString("slot")
	isRate := fact{x, rate, true}
	fs := facts{}.with(isRate).with(fact{y, constant.MakeInt64(1), true})
	for _, tc := range []struct {
		g    fact
		want bool
	}{
		{fact{x, slot, true}, true},                         // x == "rate" and x == "slot"
		{fact{x, rate, false}, true},                        // x == "rate" and x != "rate"
		{fact{x, slot, false}, false},                       // x == "rate" and x != "slot"
		{fact{x, constant.MakeString("rate"), true}, false}, // the same constant, made twice
		{fact{y, constant.MakeFloat64(1), true}, false},     // 1 and 1.0
		{fact{y, constant.MakeInt64(2), true}, true},
	} {
		if got := fs.contradicts(tc.g); got != tc.want {
			t.Errorf("%s contradicts %s = %v, want %v", describe(fs), describe([]fact{tc.g}), got, tc.want)
		}
	}
	if got := describe(fs.without(x)); got != "y==1" {
		t.Errorf("without(x) = %s, want y==1", got)
	}
	if got := describe(fs.intersect(facts{isRate})); got != `x=="rate"` {
		t.Errorf("intersect = %s", got)
	}
	if len(fs.with(isRate)) != 2 {
		t.Errorf("with added a fact already there")
	}
	if got := describe(fs); got != `x=="rate" y==1` {
		t.Errorf("the set changed under its methods: %s", got)
	}
}
