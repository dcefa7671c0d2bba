package busyloop

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/golint-conc/golint-conc/internal/analysisdoc"
	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/chanops"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "busyloop",
	Doc:      analysisdoc.MustExtract(doc, "busyloop"),
	URL:      "https://github.com/golint-conc/golint-conc/blob/main/docs/busyloop.md",
	Requires: []*analysis.Analyzer{inspect.Analyzer, chanops.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	chans, _ := pass.ResultOf[chanops.Analyzer].(*chanops.Result)
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	insp.WithStack([]ast.Node{(*ast.ForStmt)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		stmt := n.(*ast.ForStmt)
		if !candidate(stmt.Body) {
			return true
		}
		l := newLoop(pass.TypesInfo, stmt, stack)
		checkSpin(pass, l)
		if chans != nil {
			checkClosedRecv(pass, chans, l)
		}
		return true
	})
	return nil, nil
}

// candidate reports whether body has, at its top level, a select or a
// receive statement, the only loops either check looks at.
func candidate(body *ast.BlockStmt) bool {
	for _, st := range body.List {
		switch st := unlabel(st).(type) {
		case *ast.SelectStmt:
			return true
		case *ast.ExprStmt, *ast.AssignStmt:
			if unchecked(st) != nil {
				return true
			}
		}
	}
	return false
}

// A loop is a for statement and what its rounds are checked against.
type loop struct {
	info  *types.Info
	stmt  *ast.ForStmt
	label *types.Label          // the loop's own label, or nil
	fn    ast.Node              // the enclosing *ast.FuncDecl or *ast.FuncLit
	inner map[*types.Label]bool // labels declared inside the body
}

func newLoop(info *types.Info, stmt *ast.ForStmt, stack []ast.Node) *loop {
	l := &loop{info: info, stmt: stmt, fn: code.EnclosingFunc(stack), inner: make(map[*types.Label]bool)}
	if len(stack) >= 2 {
		if ls, ok := stack[len(stack)-2].(*ast.LabeledStmt); ok {
			l.label, _ = info.Defs[ls.Label].(*types.Label)
		}
	}
	// Branches to labels inside the body stay in the loop.
	ast.Inspect(stmt.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.LabeledStmt:
			if lb, ok := info.Defs[n.Label].(*types.Label); ok {
				l.inner[lb] = true
			}
		}
		return true
	})
	return l
}

// checkSpin reports a select with a default clause at the top level of a
// loop body when one round through that default neither blocks, nor does
// work that may take time, nor can leave the loop.
func checkSpin(pass *analysis.Pass, l *loop) {
	sel, def := defaultSelect(l.stmt.Body)
	if sel == nil {
		return
	}
	if l.stmt.Cond != nil && l.stmt.Post != nil {
		return // a counted loop: bounded retries
	}
	if drainsSendTarget(l.info, sel, def) || measures(l, sel, def) {
		return
	}
	s := newScan(l)
	for _, st := range l.stmt.Body.List {
		if sel, def := selectWithDefault(st); sel != nil {
			s.commOperands(sel)
			s.block(def.Body, 1)
		} else {
			s.node(st, 0)
		}
	}
	if l.stmt.Post != nil {
		s.node(l.stmt.Post, 0)
	}
	if l.stmt.Cond != nil {
		s.node(l.stmt.Cond, 0)
	}
	if s.stops() || l.stmt.Cond != nil && s.writesAny(l.stmt.Cond) {
		return
	}
	d := analysis.Diagnostic{Pos: def.Pos(), End: def.Colon + 1}
	if len(def.Body) == 0 {
		d.Message = "select with an empty default in a for loop spins a CPU core while no case is ready; drop the default so select blocks, or pace the loop with a ticker"
	} else {
		d.Message = "select in a for loop has a default that neither blocks nor leaves the loop, so the loop spins a CPU core while no case is ready; let the select block (move the work into a case) or pace the loop with a ticker"
	}
	if fix, ok := dropDefault(pass, l, sel, def); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	pass.Report(d)
}

// drainsSendTarget reports whether the default clause receives from a
// channel that one of the select's cases sends on: the "keep only the
// latest value" idiom, as in nats-server's raft.updateLeadChange, where
// each round makes room for the send, so the loop ends instead of spinning.
func drainsSendTarget(info *types.Info, sel *ast.SelectStmt, def *ast.CommClause) bool {
	var targets []ast.Expr
	for _, c := range sel.Body.List {
		if send, ok := c.(*ast.CommClause).Comm.(*ast.SendStmt); ok {
			targets = append(targets, send.Chan)
		}
	}
	if len(targets) == 0 {
		return false
	}
	drains := false
	ast.Inspect(&ast.BlockStmt{List: def.Body}, func(n ast.Node) bool {
		if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.ARROW {
			for _, t := range targets {
				if code.SamePath(info, u.X, t) {
					drains = true
				}
			}
		}
		return !drains
	})
	return drains
}

// measures reports whether each round of the loop is a step of a
// deliberate measurement rather than a re-poll: the default writes a
// variable that a case's communication reads (ch <- i with default: i++
// offers the next value each round), or that is read by a case that
// leaves the loop (the count is the spin's result, as in a test or a
// benchmark counting rounds until a goroutine is ready). A count that only
// a case staying in the loop reads (an idle counter logged now and then)
// does not make the loop end, and is still a spin.
func measures(l *loop, sel *ast.SelectStmt, def *ast.CommClause) bool {
	written := writtenPaths(l.info, def.Body)
	if len(written) == 0 {
		return false
	}
	for _, c := range sel.Body.List {
		cc := c.(*ast.CommClause)
		if cc == def {
			continue
		}
		if cc.Comm != nil && readsPath(l.info, cc.Comm, written) {
			return true
		}
		leaves := newScan(l)
		leaves.block(cc.Body, 1)
		if leaves.exit != nil && readsPath(l.info, &ast.BlockStmt{List: cc.Body}, written) {
			return true
		}
	}
	return false
}

// writtenPaths returns the access paths that list assigns or increments,
// outside function literals: i in i++, l.stats.idle in l.stats.idle++.
func writtenPaths(info *types.Info, list []ast.Stmt) []code.Path {
	var paths []code.Path
	add := func(x ast.Expr) {
		if p, ok := code.AccessPath(info, x); ok {
			paths = append(paths, p)
		}
	}
	ast.Inspect(&ast.BlockStmt{List: list}, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				add(lhs)
			}
		case *ast.IncDecStmt:
			add(n.X)
		}
		return true
	})
	return paths
}

// readsPath reports whether n reads one of paths, or a value that holds
// it (s for s.n) or that it holds (s.n.m for s.n). Only whole access paths
// count: l.events does not read l.stats.idle.
func readsPath(info *types.Info, n ast.Node, paths []code.Path) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		x, ok := n.(ast.Expr)
		if !ok || found {
			return !found
		}
		switch x.(type) {
		case *ast.Ident, *ast.SelectorExpr:
		default:
			return true
		}
		p, ok := code.AccessPath(info, x)
		if !ok {
			return true
		}
		for _, w := range paths {
			if p.Leads(w) || w.Leads(p) {
				found = true
			}
		}
		return false // the longest path only
	})
	return found
}

// defaultSelect returns the first select statement with a default clause
// among the statements of body, and that clause.
func defaultSelect(body *ast.BlockStmt) (*ast.SelectStmt, *ast.CommClause) {
	for _, st := range body.List {
		if sel, def := selectWithDefault(st); sel != nil {
			return sel, def
		}
	}
	return nil, nil
}

// selectWithDefault returns st, unlabelled, and its default clause if st
// is a select statement with one.
func selectWithDefault(st ast.Stmt) (*ast.SelectStmt, *ast.CommClause) {
	sel, ok := unlabel(st).(*ast.SelectStmt)
	if !ok {
		return nil, nil
	}
	if def := defaultClause(sel); def != nil {
		return sel, def
	}
	return nil, nil
}

func defaultClause(sel *ast.SelectStmt) *ast.CommClause {
	for _, c := range sel.Body.List {
		if cc, ok := c.(*ast.CommClause); ok && cc.Comm == nil {
			return cc
		}
	}
	return nil
}

func unlabel(st ast.Stmt) ast.Stmt {
	for {
		ls, ok := st.(*ast.LabeledStmt)
		if !ok {
			return st
		}
		st = ls.Stmt
	}
}
