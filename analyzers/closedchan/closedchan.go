package closedchan

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/analysisdoc"
	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/chanops"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "closedchan",
	Doc:      analysisdoc.MustExtract(doc, "closedchan"),
	URL:      "https://github.com/golint-conc/golint-conc/blob/main/docs/closedchan.md",
	Requires: []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer, chanops.Analyzer, spawnsites.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	closes := closeCalls(pass.TypesInfo, ins)
	if len(closes) == 0 {
		return nil, nil // nothing is ever closed: the cheap common case
	}
	cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	c := &checker{
		pass:     pass,
		chans:    pass.ResultOf[chanops.Analyzer].(*chanops.Result),
		sites:    pass.ResultOf[spawnsites.Analyzer].(*spawnsites.Result),
		reported: make(map[ast.Node]bool),
	}
	var root ast.Node  // the top-level function n is in
	var scan *declScan // of root, made when first needed
	ins.Preorder([]ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)}, func(n ast.Node) {
		if root == nil || n.Pos() >= root.End() {
			root, scan = n, nil
		}
		var body *ast.BlockStmt
		var g *cfg.CFG
		switch fn := n.(type) {
		case *ast.FuncDecl:
			if _, ok := pass.TypesInfo.Defs[fn.Name].(*types.Func); ok && fn.Body != nil && contains(closes, fn.Body) {
				body, g = fn.Body, cfgs.FuncDecl(fn)
			}
		case *ast.FuncLit:
			if contains(closes, fn.Body) {
				body, g = fn.Body, cfgs.FuncLit(fn)
			}
		}
		if g != nil {
			if scan == nil {
				scan = newDeclScan(pass.TypesInfo, root)
			}
			c.function(scan, n, body, g)
		}
	})
	return nil, nil
}

// closeCalls returns the positions of the calls of the builtin close in
// the package, in source order.
func closeCalls(info *types.Info, ins *inspector.Inspector) []token.Pos {
	var pos []token.Pos
	ins.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) {
		if isClose(info, n.(*ast.CallExpr)) {
			pos = append(pos, n.Pos())
		}
	})
	return pos
}

func contains(sorted []token.Pos, body *ast.BlockStmt) bool {
	for _, p := range sorted {
		if p >= body.Pos() && p < body.End() {
			return true
		}
	}
	return false
}

// isClose reports whether call is a call of the builtin close with one
// argument.
func isClose(info *types.Info, call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || len(call.Args) != 1 {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == "close"
}

type checker struct {
	pass     *analysis.Pass
	chans    *chanops.Result
	sites    *spawnsites.Result
	reported map[ast.Node]bool
}

// path returns the key under which the channel expr denotes is tracked: its
// access path, with copies of a local channel that never escapes (and the
// parameters of function literals it is passed to) folded into the
// variable it was made into.
func (c *checker) path(expr ast.Expr) (code.Path, bool) {
	p, ok := code.AccessPath(c.pass.TypesInfo, expr)
	if !ok {
		return p, false
	}
	if p.Fields == "" {
		if ch := c.chans.ChanOf(p.Root); ch != nil && !ch.Escapes && ch.Var != nil {
			p.Root = ch.Var
		}
	}
	return p, true
}

func (c *checker) report(n ast.Node, format string, args ...any) {
	if c.reported[n] {
		return
	}
	c.reported[n] = true
	c.pass.Report(analysis.Diagnostic{Pos: n.Pos(), End: n.End(), Message: fmt.Sprintf(format, args...)})
}

func (c *checker) line(pos token.Pos) int { return c.pass.Fset.Position(pos).Line }

func (c *checker) name(p code.Path) string { return p.Root.Name() + p.Fields }
