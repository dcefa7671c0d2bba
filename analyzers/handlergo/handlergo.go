package handlergo

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/analysisdoc"
	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:      "handlergo",
	Doc:       analysisdoc.MustExtract(doc, "handlergo"),
	URL:       "https://github.com/golint-conc/golint-conc/blob/main/docs/handlergo.md",
	Requires:  []*analysis.Analyzer{ctrlflow.Analyzer, spawnsites.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(RequestUseFact)},
}

// RequestUseFact marks a function that reads the body of one of its
// *http.Request parameters, or hands the context of a request or
// context.Context parameter to a call that works under it. Body and Ctx
// are bit sets over parameter indices.
type RequestUseFact struct {
	Body, Ctx uint64
}

func (*RequestUseFact) AFact() {}

func (f *RequestUseFact) String() string {
	var parts []string
	if f.Body != 0 {
		parts = append(parts, "body:"+bitList(f.Body))
	}
	if f.Ctx != 0 {
		parts = append(parts, "ctx:"+bitList(f.Ctx))
	}
	return "requestUse(" + strings.Join(parts, " ") + ")"
}

func bitList(bits uint64) string {
	var ps []string
	for i := range 64 {
		if bits&(1<<i) != 0 {
			ps = append(ps, fmt.Sprintf("p%d", i))
		}
	}
	return strings.Join(ps, ",")
}

// checker holds what one run needs; a new one is made for every package.
type checker struct {
	pass  *analysis.Pass
	cfgs  *ctrlflow.CFGs
	sites *spawnsites.Result
	// decls and facts serve the parameter summaries of this package's
	// functions, computed on demand; busy breaks recursion.
	decls map[*types.Func]*ast.FuncDecl
	facts map[*types.Func]RequestUseFact
	busy  map[*types.Func]bool
}

func run(pass *analysis.Pass) (any, error) {
	if !code.Imports(pass.Pkg, "net/http") && !code.Imports(pass.Pkg, "context") {
		return nil, nil // no parameter can be a request or a context
	}
	c := &checker{
		pass:  pass,
		cfgs:  pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		sites: pass.ResultOf[spawnsites.Analyzer].(*spawnsites.Result),
		decls: make(map[*types.Func]*ast.FuncDecl),
		facts: make(map[*types.Func]RequestUseFact),
		busy:  make(map[*types.Func]bool),
	}
	c.exportFacts()
	if !code.Imports(pass.Pkg, "net/http") {
		return nil, nil
	}
	handlers := make(map[ast.Node]bool)
	for _, s := range c.sites.Sites {
		if handlers[s.Func] {
			continue
		}
		if params := c.handlerParams(s.Func); params != nil {
			handlers[s.Func] = true
			c.checkHandler(s.Func, params)
		}
	}
	return nil, nil
}

// exportFacts summarises every function of the package that takes a
// request or a context, so that handlers here and in importing packages
// can see what a goroutine running it does with them.
func (c *checker) exportFacts() {
	var order []*types.Func // source order, so that summaries of recursive functions are deterministic
	for _, f := range c.pass.Files {
		for _, d := range f.Decls {
			if decl, ok := d.(*ast.FuncDecl); ok && decl.Body != nil {
				if fn, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func); ok {
					c.decls[fn] = decl
					order = append(order, fn)
				}
			}
		}
	}
	for _, fn := range order {
		if c.handlerParams(c.decls[fn]) != nil {
			continue // a handler's use of its own request is what is checked, not summarised
		}
		if f := c.factOf(fn); f.Body != 0 || f.Ctx != 0 {
			c.pass.ExportObjectFact(fn, &f)
		}
	}
}

// handlerParams returns the ResponseWriter and *http.Request parameters of
// fn if it has a handler's signature, func(http.ResponseWriter,
// *http.Request), and nil otherwise.
func (c *checker) handlerParams(fn ast.Node) []*types.Var {
	var sig *types.Signature
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		if obj, ok := c.pass.TypesInfo.Defs[fn.Name].(*types.Func); ok {
			sig = obj.Signature()
		}
	case *ast.FuncLit:
		sig, _ = c.pass.TypesInfo.TypeOf(fn).(*types.Signature)
	}
	if sig == nil || sig.Params().Len() != 2 || sig.Results().Len() != 0 {
		return nil
	}
	w, r := sig.Params().At(0), sig.Params().At(1)
	if !isWriter(w.Type()) || !isRequest(r.Type()) {
		return nil
	}
	return []*types.Var{w, r}
}

func isWriter(t types.Type) bool {
	return code.IsNamed(t, "net/http", "ResponseWriter") && types.IsInterface(t)
}

func isRequest(t types.Type) bool {
	_, ptr := types.Unalias(t).(*types.Pointer)
	return ptr && code.IsNamed(t, "net/http", "Request")
}

func isContext(t types.Type) bool {
	return code.IsNamed(t, "context", "Context") && types.IsInterface(t)
}

// checkHandler reports the goroutines started in a handler's body that use
// its ResponseWriter, its request's body or its request's context after
// the handler may have returned.
func (c *checker) checkHandler(fn ast.Node, params []*types.Var) {
	body, g := c.bodyAndCFG(fn)
	if body == nil || g == nil {
		return
	}
	sc := newScope(c, body)
	sc.set(params[0], role{kind: writerRole})
	sc.set(params[1], role{kind: requestRole})
	sites := c.sites.In(fn)
	for _, s := range sites {
		sc.bindLitParams(s)
	}
	sc.resolve()
	fl := newFlow(c, body, g)
	takesOver := sc.takesOver()
	for _, s := range sites {
		u, fixes := sc.siteUse(s)
		if u.kind == noUse {
			continue
		}
		j := fl.joins(s, sc)
		switch {
		case u.kind == ctxUse && (!j.never || takesOver):
			continue // waited for, or bound to the request on purpose
		case u.kind != ctxUse && j.always:
			continue
		}
		c.report(s, u, j, fixes)
	}
}

func (c *checker) bodyAndCFG(fn ast.Node) (*ast.BlockStmt, *cfg.CFG) {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		if fn.Body != nil {
			return fn.Body, c.cfgs.FuncDecl(fn)
		}
	case *ast.FuncLit:
		return fn.Body, c.cfgs.FuncLit(fn)
	}
	return nil, nil
}

// report writes the diagnostic for a goroutine at s that uses the request
// as u says.
func (c *checker) report(s *spawnsites.Site, u use, j waits, fixes []ast.Expr) {
	wait := "the handler can return before it finishes"
	if !j.some {
		wait = "the handler does not wait for it"
	}
	var msg string
	switch u.kind {
	case writerUse:
		msg = fmt.Sprintf("goroutine uses %s, but %s and a ResponseWriter must not be used after ServeHTTP returns; "+
			"wait for the goroutine on every path before returning (sync.WaitGroup or a done channel)", u.what, wait)
	case bodyUse:
		msg = fmt.Sprintf("goroutine reads the request body through %s, but %s and the server closes the body when ServeHTTP returns; "+
			"read what it needs before the go statement, or wait for the goroutine on every path", u.what, wait)
	case ctxUse:
		file := fileOf(c.pass, s)
		fixHint := "a context that outlives the request (context.WithoutCancel needs Go 1.21)"
		if code.AtLeast(code.FileVersion(c.pass, file), "go1.21") {
			fixHint = fmt.Sprintf("context.WithoutCancel(%s) or a server-scoped context", u.what)
		}
		msg = fmt.Sprintf("goroutine passes the request's context %s to %s, but %s and the context is cancelled when the handler returns, "+
			"cutting the work short; use %s", u.what, u.callee, wait, fixHint)
		c.pass.Report(analysis.Diagnostic{
			Pos:            s.Node.Pos(),
			End:            goEnd(s),
			Message:        msg,
			SuggestedFixes: detachFix(c.pass, file, fixes),
		})
		return
	}
	c.pass.Report(analysis.Diagnostic{Pos: s.Node.Pos(), End: goEnd(s), Message: msg})
}

// goEnd ends a diagnostic after the go keyword, or after wg.Go, so that
// its range does not span a whole function literal.
func goEnd(s *spawnsites.Site) token.Pos {
	switch n := s.Node.(type) {
	case *ast.GoStmt:
		return n.Go + token.Pos(len("go"))
	case *ast.CallExpr:
		return n.Fun.End()
	}
	return s.Node.Pos()
}
