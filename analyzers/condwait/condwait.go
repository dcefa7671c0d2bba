package condwait

import (
	_ "embed"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/analysisdoc"
	"github.com/golint-conc/golint-conc/internal/code"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "condwait",
	Doc:      analysisdoc.MustExtract(doc, "condwait"),
	URL:      "https://github.com/golint-conc/golint-conc/blob/main/docs/condwait.md",
	Requires: []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	c := &checker{
		pass: pass,
		cfgs: pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		root: pass.ResultOf[inspect.Analyzer].(*inspector.Inspector).Root(),
	}
	for cur := range c.root.Preorder((*ast.CallExpr)(nil)) {
		if w := c.waitAt(cur); w != nil {
			c.checkLoop(w)
			c.checkLock(w)
		}
	}
	return nil, nil
}

// A checker holds what one run knows about one package.
type checker struct {
	pass *analysis.Pass
	cfgs *ctrlflow.CFGs
	root inspector.Cursor
	// binds are the package's statements that tie a Cond to its lock,
	// collected on first use: most packages never call Wait.
	binds    []binding
	bindDone bool
	// retried caches returnsToRetry's verdict on each function's callers.
	retried map[*types.Func]bool
}

// A wait is one call of (*sync.Cond).Wait and where it sits.
type wait struct {
	call  *ast.CallExpr
	cond  path     // the Cond waited on; invalid when it has no static name
	text  string   // the Cond as written, for messages
	fn    ast.Node // the innermost *ast.FuncDecl or *ast.FuncLit
	body  *ast.BlockStmt
	g     *cfg.CFG
	block *cfg.Block // the block of g that holds the call
	// captured holds the locals that function literals in fn capture,
	// computed on first use.
	captured map[*types.Var]bool
	// stack holds the nodes from fn (excluded) down to the call
	// (excluded), outermost first.
	stack []ast.Node
}

// waitAt returns the wait at cur, or nil if cur is not a call of
// (*sync.Cond).Wait in a function the CFGs cover. Wait in a go or defer
// statement does not block the caller and is left alone.
func (c *checker) waitAt(cur inspector.Cursor) *wait {
	call := cur.Node().(*ast.CallExpr)
	se, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || se.Sel.Name != "Wait" || !code.IsMethod(code.Callee(c.pass.TypesInfo, call), "sync", "Cond", "Wait") {
		return nil
	}
	w := &wait{call: call, cond: recvPath(c.pass.TypesInfo, call), text: types.ExprString(se.X)}
up:
	for p := cur.Parent(); p.Node() != nil; p = p.Parent() {
		switch n := p.Node().(type) {
		case *ast.GoStmt, *ast.DeferStmt:
			return nil
		case *ast.FuncDecl:
			w.fn, w.body, w.g = n, n.Body, c.cfgs.FuncDecl(n)
		case *ast.FuncLit:
			w.fn, w.body, w.g = n, n.Body, c.cfgs.FuncLit(n)
		default:
			w.stack = append(w.stack, n)
			continue
		}
		break up
	}
	if w.g == nil || w.body == nil {
		return nil
	}
	for i, j := 0, len(w.stack)-1; i < j; i, j = i+1, j-1 {
		w.stack[i], w.stack[j] = w.stack[j], w.stack[i]
	}
	w.block = blockOf(w.g, call)
	if w.block == nil || !w.block.Live {
		return nil
	}
	return w
}

// blockOf returns the block of g whose nodes contain n. The nodes of a
// CFG are simple statements and expressions, so at most one does.
func blockOf(g *cfg.CFG, n ast.Node) *cfg.Block {
	for _, b := range g.Blocks {
		for _, m := range b.Nodes {
			if m.Pos() <= n.Pos() && n.End() <= m.End() {
				return b
			}
		}
	}
	return nil
}

// reaches reports whether control can flow from the end of block from to
// the start of block to, in one step or more.
func reaches(from, to *cfg.Block) bool {
	seen := make(map[*cfg.Block]bool)
	work := append([]*cfg.Block(nil), from.Succs...)
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if b == to {
			return true
		}
		if !seen[b] {
			seen[b] = true
			work = append(work, b.Succs...)
		}
	}
	return false
}

// inspectNode calls f for each node in n that runs when n runs: function
// literals' bodies are skipped, and so are the calls a go or defer
// statement starts, which run elsewhere or later.
func inspectNode(n ast.Node, f func(ast.Node)) {
	ast.Inspect(n, func(m ast.Node) bool {
		switch m.(type) {
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			return false
		case nil:
			return false
		}
		f(m)
		return true
	})
}
