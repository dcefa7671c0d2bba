package ctxdone

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/golint-conc/golint-conc/internal/analysisdoc"
	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/chanops"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "ctxdone",
	Doc:      analysisdoc.MustExtract(doc, "ctxdone"),
	URL:      "https://github.com/golint-conc/golint-conc/blob/main/docs/ctxdone.md",
	Requires: []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer, chanops.Analyzer, spawnsites.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	iface := contextInterface(pass.Pkg)
	if iface == nil {
		return nil, nil
	}
	c := &checker{
		pass:     pass,
		scope:    scope{pkg: pass.Pkg, info: pass.TypesInfo, iface: iface},
		chans:    pass.ResultOf[chanops.Analyzer].(*chanops.Result),
		cfgs:     pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		spawned:  make(map[*ast.FuncLit]bool),
		sites:    make(map[*ast.FuncLit]*spawnsites.Site),
		process:  make(map[ast.Node]bool),
		hooks:    make(map[*types.Var]bool),
		observes: make(map[ast.Stmt]bool),
		exits:    make(map[ast.Stmt]bool),
	}
	c.allSites = pass.ResultOf[spawnsites.Analyzer].(*spawnsites.Result).Sites
	for _, site := range c.allSites {
		if site.Lit != nil {
			c.spawned[site.Lit] = true
			c.sites[site.Lit] = site
		}
	}
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	insp.WithStack([]ast.Node{
		(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil),
		(*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.SelectStmt)(nil), (*ast.SendStmt)(nil),
		(*ast.UnaryExpr)(nil),
	}, c.visit)
	return nil, nil
}

type checker struct {
	pass    *analysis.Pass
	scope   scope
	chans   *chanops.Result
	cfgs    *ctrlflow.CFGs
	spawned map[*ast.FuncLit]bool // literals run by a go statement or g.Go
	sites   map[*ast.FuncLit]*spawnsites.Site
	// allSites are the package's spawn sites; process caches, per
	// function, whether it runs once for the life of the process.
	allSites []*spawnsites.Site
	process  map[ast.Node]bool
	// observes and exits cache, per loop, whether the loop consults a
	// context or stop channel each round and whether it can end.
	observes map[ast.Stmt]bool
	exits    map[ast.Stmt]bool
	refs     map[types.Object]int // references per object, filled on first need
	hooks    map[*types.Var]bool  // whether a hook variable is set outside tests
}

func (c *checker) visit(n ast.Node, push bool, stack []ast.Node) bool {
	switch n := n.(type) {
	case *ast.FuncDecl:
		if n.Body == nil {
			return false
		}
		c.enterOrLeave(n, push, stack)
	case *ast.FuncLit:
		c.enterOrLeave(n, push, stack)
	case *ast.ForStmt:
		c.loopStmt(n, push, stack)
	case *ast.RangeStmt:
		if push {
			c.checkTickerRange(n, stack)
		}
		c.loopStmt(n, push, stack)
	case *ast.AssignStmt, *ast.ValueSpec:
		if push {
			c.scope.define(n)
		}
	case *ast.SelectStmt:
		if push {
			c.checkSelect(n, stack)
		}
	case *ast.SendStmt:
		if push {
			c.checkSend(n, stack)
		}
	case *ast.UnaryExpr:
		if push && n.Op == token.ARROW {
			c.checkRecv(n, stack)
		}
	}
	return true
}

func (c *checker) enterOrLeave(fn ast.Node, push bool, stack []ast.Node) {
	if push {
		c.scope.enter(fn, stack, c.spawned)
	} else {
		c.scope.leave()
	}
}

func (c *checker) loopStmt(n ast.Stmt, push bool, stack []ast.Node) {
	f := c.scope.top()
	if f == nil {
		return
	}
	if !push {
		f.loops = f.loops[:len(f.loops)-1]
		return
	}
	l := loop{stmt: n}
	if len(stack) >= 2 {
		if ls, ok := stack[len(stack)-2].(*ast.LabeledStmt); ok {
			l.label, _ = c.pass.TypesInfo.Defs[ls.Label].(*types.Label)
		}
	}
	f.loops = append(f.loops, l)
}

// inLoop returns the current frame, its innermost open loop and the
// innermost context visible at pos, when pos is inside a loop of a
// function that can see a cancellable context no enclosing loop of the
// function consults.
func (c *checker) inLoop(pos token.Pos) (*frame, loop, *types.Var, bool) {
	f := c.scope.top()
	if f == nil || len(f.loops) == 0 {
		return nil, loop{}, nil, false
	}
	ctxs := c.scope.contextsAt(pos)
	if len(ctxs) == 0 {
		return nil, loop{}, nil, false
	}
	for _, l := range f.loops {
		if c.loopObserves(l.stmt) {
			return nil, loop{}, nil, false
		}
	}
	if c.livesWithProcess(f.fn) {
		return nil, loop{}, nil, false
	}
	return f, f.loops[len(f.loops)-1], ctxs[0], true
}

// loopObserves reports whether l checks for cancellation somewhere in its
// body: ctx.Err(), ctx.Done() or a select case waiting on a stop signal.
// A check each round is enough for us: the goroutine ends soon after.
func (c *checker) loopObserves(l ast.Stmt) bool {
	if v, ok := c.observes[l]; ok {
		return v
	}
	info := c.pass.TypesInfo
	found := false
	ast.Inspect(l, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && (sel.Sel.Name == "Err" || sel.Sel.Name == "Done") {
				found = c.scope.isContext(info.TypeOf(sel.X))
			}
		case *ast.CommClause:
			if x := code.RecvCase(n.Comm); x != nil {
				found = cancelSignal(info, x)
			}
		}
		return true
	})
	c.observes[l] = found
	return found
}

// loopExits reports whether control can leave l other than by its
// condition: a return, a break, a goto or a call that never returns.
func (c *checker) loopExits(l loop) bool {
	if v, ok := c.exits[l.stmt]; ok {
		return v
	}
	v := exitFinder{c.pass.TypesInfo, l}.leaves(l.stmt, 0)
	c.exits[l.stmt] = v
	return v
}
