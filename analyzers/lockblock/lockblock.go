package lockblock

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
	Name:     "lockblock",
	Doc:      analysisdoc.MustExtract(doc, "lockblock"),
	URL:      "https://github.com/golint-conc/golint-conc/blob/main/docs/lockblock.md",
	Requires: []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer, spawnsites.Analyzer, chanops.Analyzer},
	Run:      run,
}

// A checker holds what one run knows about one package. The partner
// sides (receive loops, goroutines counted by a WaitGroup, channel
// capacities) are collected on first use: most packages never block
// while holding a lock.
type checker struct {
	pass   *analysis.Pass
	info   *types.Info
	cfgs   *ctrlflow.CFGs
	spawns *spawnsites.Result
	chans  *chanops.Result
	funcs  []*function
	byNode map[ast.Node]*function
	decls  map[*types.Func]*ast.FuncDecl

	summaries map[*types.Func][]calleeLock       // what a function locks, by parameter
	unlockers map[*types.Func]bool               // functions that release their caller's lock
	loops     map[key][]*recvLoop                // the receive loops of each channel
	workers   []*worker                          // the goroutines that call WaitGroup.Done
	caps      map[key]int                        // channel capacities: 0 unbuffered, -1 unknown
	slots     map[slotKey]map[*ast.SendStmt]bool // the sends of a function that find a free slot
	sendKeys  map[*types.Func]map[key]bool       // the channels a function sends on
}

// A function is one FuncDecl or FuncLit with its graph and a name for
// messages.
type function struct {
	body *ast.BlockStmt
	g    *cfg.CFG
	name string
}

func run(pass *analysis.Pass) (any, error) {
	if !code.Imports(pass.Pkg, "sync") {
		return nil, nil
	}
	c := &checker{
		pass:   pass,
		info:   pass.TypesInfo,
		cfgs:   pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		spawns: pass.ResultOf[spawnsites.Analyzer].(*spawnsites.Result),
		chans:  pass.ResultOf[chanops.Analyzer].(*chanops.Result),
		decls:  make(map[*types.Func]*ast.FuncDecl),
		byNode: make(map[ast.Node]*function),

		summaries: make(map[*types.Func][]calleeLock),
		unlockers: make(map[*types.Func]bool),
	}
	c.collectFuncs(pass.ResultOf[inspect.Analyzer].(*inspector.Inspector))
	for _, f := range c.funcs {
		if f.g != nil && c.locksDirectly(f.body) {
			c.checkFunc(f)
		}
	}
	return nil, nil
}

// collectFuncs lists the package's functions and names them: run for a
// method or function, "goroutine in Start" for a literal run by a go
// statement in Start.
func (c *checker) collectFuncs(ins *inspector.Inspector) {
	goLits := make(map[*ast.FuncLit]bool)
	for _, s := range c.spawns.Sites {
		if s.Lit != nil {
			goLits[s.Lit] = true
		}
	}
	var outer string
	ins.Preorder([]ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)}, func(n ast.Node) {
		switch fn := n.(type) {
		case *ast.FuncDecl:
			outer = fn.Name.Name
			if obj, ok := c.info.Defs[fn.Name].(*types.Func); ok && fn.Body != nil {
				c.decls[obj] = fn
			}
			if fn.Body != nil {
				c.funcs = append(c.funcs, &function{body: fn.Body, g: c.cfgs.FuncDecl(fn), name: outer})
			}
		case *ast.FuncLit:
			name := "func literal in " + outer
			if goLits[fn] {
				name = "goroutine in " + outer
			}
			if outer == "" {
				name = "func literal"
			}
			f := &function{body: fn.Body, g: c.cfgs.FuncLit(fn), name: name}
			c.funcs = append(c.funcs, f)
			c.byNode[fn] = f
		}
	})
}

func (c *checker) reportSend(send *ast.SendStmt, fd *finding) {
	mu, read, l, at := fd.mu, fd.read, fd.loop, fd.at
	ch := types.ExprString(send.Chan)
	full := "once the channel is full both block forever"
	if r, ok := c.refOf(send.Chan); ok {
		switch n := c.capOf(r.key); {
		case n == 0:
			full = "both block forever (the channel is unbuffered)"
		case n > 0:
			full = fmt.Sprintf("once its buffer of %d is full both block forever", n)
		}
	}
	holding, unlock := "holding "+mu, "unlock"
	if read {
		holding, unlock = "holding a read lock on "+mu, "release"
	}
	c.pass.Report(analysis.Diagnostic{
		Pos: send.Pos(),
		End: send.End(),
		Message: fmt.Sprintf("send on %s while %s: the receiver (%s, line %d) locks %s before receiving again, "+
			"so %s; %s %s before sending, or send outside the critical section",
			ch, holding, l.fn.name, c.pass.Fset.Position(at).Line, mu, full, unlock, mu),
	})
}

func (c *checker) reportWait(call *ast.CallExpr, wg, mu string, w *worker, at token.Pos) {
	c.pass.Report(analysis.Diagnostic{
		Pos: call.Pos(),
		End: call.End(),
		Message: fmt.Sprintf("%s.Wait() while holding %s: a goroutine it waits for (%s, line %d) locks %s before calling Done, "+
			"so Wait never returns and %s is never unlocked; unlock %s before waiting",
			wg, mu, w.name, c.pass.Fset.Position(at).Line, mu, mu, mu),
	})
}
