package wgdone

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"

	"github.com/golint-conc/golint-conc/internal/analysisdoc"
	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:      "wgdone",
	Doc:       analysisdoc.MustExtract(doc, "wgdone"),
	URL:       "https://github.com/golint-conc/golint-conc/blob/main/docs/wgdone.md",
	Requires:  []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer, spawnsites.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(DoneFact)},
}

// DoneFact records, for a function or method, how it calls Done on the
// WaitGroups it can reach from its parameters, its receiver or a
// package-level variable. WaitGroups it never calls Done on are left out.
type DoneFact struct {
	Refs []DoneRef
}

// A DoneRef is one WaitGroup as the function sees it and how the function
// calls Done on it.
type DoneRef struct {
	Ref
	Verdict  Verdict
	Where    string // file:line of the first early return or second Done
	Deferred bool   // for Twice: one of the two Dones is deferred
}

// A Ref names a WaitGroup as a function sees it: a parameter, the receiver
// or a package-level variable, followed by field selections.
type Ref struct {
	Param  int    // index of the parameter, or Receiver or Global
	Global string // name of the package-level variable, when Param is Global
	Fields string // field selections from the root, such as ".wg"
}

// Values of Ref.Param that do not index a parameter.
const (
	Receiver = -1
	Global   = -2
)

// A Verdict says how a function body calls Done on one WaitGroup.
type Verdict uint8

const (
	Never     Verdict = iota // on no path
	Once                     // exactly once on every path that returns
	Sometimes                // on some paths; an explicit return skips it
	Twice                    // twice on some path
	Unknown                  // in a loop, through code we cannot see, or conditionally on the WaitGroup itself
)

func (v Verdict) String() string {
	return [...]string{"never", "once", "sometimes", "twice", "unknown"}[v]
}

func (*DoneFact) AFact() {}

func (f *DoneFact) String() string {
	var refs []string
	for _, r := range f.Refs {
		s := r.Ref.String() + ":" + r.Verdict.String()
		if r.Where != "" {
			s += "@" + r.Where
		}
		refs = append(refs, s)
	}
	return "done(" + strings.Join(refs, ", ") + ")"
}

func (r Ref) String() string {
	switch r.Param {
	case Receiver:
		return "recv" + r.Fields
	case Global:
		return r.Global + r.Fields
	}
	return fmt.Sprintf("param%d%s", r.Param, r.Fields)
}

// checker holds what one run needs; a new one is made for every package.
type checker struct {
	pass      *analysis.Pass
	cfgs      *ctrlflow.CFGs
	sites     *spawnsites.Result
	decls     map[*types.Func]*ast.FuncDecl
	summaries map[summaryKey]*outcome
	exported  map[*types.Func][]DoneRef
	busy      map[any]bool // summaries being computed, to cut recursion
	reported  map[token.Pos]bool
}

func run(pass *analysis.Pass) (any, error) {
	if !code.Imports(pass.Pkg, "sync") && !importsFacts(pass) {
		return nil, nil
	}
	c := &checker{
		pass:      pass,
		cfgs:      pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		sites:     pass.ResultOf[spawnsites.Analyzer].(*spawnsites.Result),
		decls:     make(map[*types.Func]*ast.FuncDecl),
		summaries: make(map[summaryKey]*outcome),
		exported:  make(map[*types.Func][]DoneRef),
		busy:      make(map[any]bool),
		reported:  make(map[token.Pos]bool),
	}
	c.collectDecls()
	c.exportFacts()
	for _, site := range c.sites.Sites {
		switch {
		case site.Lit != nil:
			c.checkLiteral(site)
		case site.Callee != nil:
			c.checkCallee(site)
		}
	}
	c.checkAddCounts()
	return nil, nil
}

// importsFacts reports whether some dependency exported a DoneFact: a
// package may count down a WaitGroup only through another package's
// functions without importing sync itself.
func importsFacts(pass *analysis.Pass) bool {
	return len(pass.AllObjectFacts()) > 0
}

func (c *checker) collectDecls() {
	for _, file := range c.pass.Files {
		for _, d := range file.Decls {
			if decl, ok := d.(*ast.FuncDecl); ok && decl.Body != nil {
				if fn, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func); ok {
					c.decls[fn] = decl
				}
			}
		}
	}
}

// checkLiteral reports the early returns and double Dones of a function
// literal run as a goroutine.
func (c *checker) checkLiteral(site *spawnsites.Site) {
	lit := site.Lit
	g := c.cfgs.FuncLit(lit)
	if g == nil {
		return
	}
	for _, w := range c.candidates(lit.Body, func(p code.Path) bool { return !declaredIn(p.Root, lit.Body) }) {
		if site.Via == spawnsites.WaitGroupGo && c.isGoReceiver(site, w.path) {
			continue // wg.Go counts the goroutine; a Done on it is another check's business
		}
		out := c.analyze(lit.Body, g, w.path)
		text := w.text
		for i, ret := range out.missing {
			if c.reported[ret.Pos()] {
				continue
			}
			c.reported[ret.Pos()] = true
			diag := analysis.Diagnostic{
				Pos: ret.Pos(),
				End: ret.End(),
				Message: fmt.Sprintf("goroutine returns at line %d without calling %s.Done (it is called on other paths): %s.Wait blocks forever; use defer %s.Done() at the top of the goroutine",
					c.line(ret.Pos()), text, text, text),
			}
			switch {
			case !out.doneLast:
				// Done marks the end of a stage with work after it: a
				// deferred Done would make Wait wait for that work too.
				diag.Message = fmt.Sprintf("goroutine returns at line %d without calling %s.Done (it is called on other paths): %s.Wait blocks forever; call %s.Done() before this return",
					c.line(ret.Pos()), text, text, text)
				diag.SuggestedFixes = c.doneBeforeReturn(lit, out, ret)
			case i == 0:
				diag.SuggestedFixes = c.deferDone(lit, out, w.path)
			}
			c.pass.Report(diag)
		}
		for _, tw := range out.twice {
			if c.reported[tw.node.Pos()] {
				continue
			}
			if !tw.deferred && !c.addedOne(site, c.spawnerPath(site, lit, w.path)) {
				continue
			}
			c.reported[tw.node.Pos()] = true
			c.pass.ReportRangef(tw.node, "%s: the WaitGroup counter goes negative and panics; call %s.Done exactly once, with a single defer at the top of the goroutine",
				twiceText(tw, text), text)
		}
	}
}

// checkCallee reports a go statement, wg.Go or g.Go call that starts a
// named function or method which returns early without Done, or calls Done
// twice, on a WaitGroup the spawner hands it.
func (c *checker) checkCallee(site *spawnsites.Site) {
	for _, r := range c.summaryOf(site.Callee) {
		if r.Verdict != Sometimes && r.Verdict != Twice {
			continue
		}
		target, text, ok := c.calleeTarget(site, r.Ref)
		if !ok {
			continue
		}
		if site.Via == spawnsites.WaitGroupGo && c.isGoReceiver(site, target) {
			continue
		}
		name := c.calleeText(site)
		switch r.Verdict {
		case Sometimes:
			c.pass.ReportRangef(site.Node, "%s returns at %s without calling %s.Done (it is called on other paths): %s.Wait blocks forever; use defer %s.Done() at the top of %s",
				name, r.Where, text, text, text, site.Callee.Name())
		case Twice:
			if !r.Deferred && !c.addedOne(site, target) {
				continue
			}
			c.pass.ReportRangef(site.Node, "%s calls %s.Done twice on one path (%s): the WaitGroup counter goes negative and panics; call Done exactly once, with a single defer",
				name, text, r.Where)
		}
	}
}

// isGoReceiver reports whether site is wg.Go on the WaitGroup at p.
func (c *checker) isGoReceiver(site *spawnsites.Site, p code.Path) bool {
	call, ok := site.Node.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	q, ok := code.AccessPath(c.pass.TypesInfo, sel.X)
	return ok && q == p
}

func twiceText(tw twiceAt, text string) string {
	switch {
	case tw.deferred && isDefer(tw.node):
		return fmt.Sprintf("deferred %s.Done runs after %s.Done was already called on this path", text, text)
	case tw.deferred:
		return fmt.Sprintf("%s.Done called here and again by the deferred %s.Done", text, text)
	}
	return fmt.Sprintf("%s.Done called a second time on this path", text)
}

func isDefer(n ast.Node) bool {
	_, ok := n.(*ast.DeferStmt)
	return ok
}

// spawnerPath maps the WaitGroup at p, as lit's body names it, to the
// spawner's access path; the root is nil when that is not a plain path.
func (c *checker) spawnerPath(site *spawnsites.Site, lit *ast.FuncLit, p code.Path) code.Path {
	info := c.pass.TypesInfo
	i := 0
	for _, field := range lit.Type.Params.List {
		for _, name := range field.Names {
			if info.Defs[name] == p.Root {
				if i >= len(site.Args) {
					return code.Path{}
				}
				q, ok := code.AccessPath(info, site.Args[i])
				if !ok {
					return code.Path{}
				}
				q.Fields += p.Fields
				return q
			}
			i++
		}
	}
	return p
}

// calleeTarget maps ref, a WaitGroup as site.Callee sees it, to the
// spawner's access path and text.
func (c *checker) calleeTarget(site *spawnsites.Site, ref Ref) (code.Path, string, bool) {
	recv, args := site.Recv, site.Args
	if code.IsType(c.pass.TypesInfo, recv) || (recv == nil && site.Callee.Signature().Recv() != nil) {
		if len(args) == 0 {
			return code.Path{}, "", false
		}
		recv, args = args[0], args[1:] // method expression: go (*T).run(t)
	}
	var expr ast.Expr
	switch ref.Param {
	case Global:
		v, _ := site.Callee.Pkg().Scope().Lookup(ref.Global).(*types.Var)
		if v == nil {
			return code.Path{}, "", false
		}
		text := ref.Global
		if v.Pkg() != c.pass.Pkg {
			text = v.Pkg().Name() + "." + text
		}
		return code.Path{Root: v, Fields: ref.Fields}, text + ref.Fields, true
	case Receiver:
		expr = recv
	default:
		if ref.Param < len(args) && !hasEllipsis(site) {
			expr = args[ref.Param]
		}
	}
	if expr == nil {
		return code.Path{}, "", false
	}
	p, ok := code.AccessPath(c.pass.TypesInfo, expr)
	if ok {
		p.Fields += ref.Fields
	}
	return p, code.PathText(expr, ref.Fields), true
}

// addedOne reports whether the spawner counts the goroutine at site with
// an Add(1) on the WaitGroup at p: the last Add on p before the spawn in
// the same function, with no other spawn in between.
func (c *checker) addedOne(site *spawnsites.Site, p code.Path) bool {
	if p.Root == nil {
		return false
	}
	body := code.FuncBody(site.Func)
	if body == nil {
		return false
	}
	var last *ast.CallExpr
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || call.End() > site.Node.Pos() {
			return n == nil || n.Pos() < site.Node.Pos()
		}
		if wg := code.MethodCall(c.pass.TypesInfo, call, "sync", "WaitGroup", "Add"); wg != nil && code.IsPath(c.pass.TypesInfo, wg, p) {
			last = call
		}
		return true
	})
	if last == nil || len(last.Args) != 1 {
		return false
	}
	if n, ok := code.ConstInt(c.pass.TypesInfo, last.Args[0]); !ok || n != 1 {
		return false
	}
	for _, other := range c.sites.In(site.Func) {
		if other.Node.Pos() > last.End() && other.Node.Pos() < site.Node.Pos() {
			return false
		}
	}
	return true
}

// calleeText names the function a site starts as the spawner wrote it.
func (c *checker) calleeText(site *spawnsites.Site) string {
	if site.Recv != nil && !code.IsType(c.pass.TypesInfo, site.Recv) {
		return code.PathText(site.Recv, "") + "." + site.Callee.Name()
	}
	switch n := site.Node.(type) {
	case *ast.GoStmt:
		return types.ExprString(n.Call.Fun)
	case *ast.CallExpr:
		if len(n.Args) == 1 {
			return types.ExprString(n.Args[0])
		}
	}
	return site.Callee.Name()
}

func (c *checker) line(pos token.Pos) int {
	return c.pass.Fset.Position(pos).Line
}

// where names a position for a message read in another package.
func (c *checker) where(pos token.Pos) string {
	p := c.pass.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

func hasEllipsis(site *spawnsites.Site) bool {
	g, ok := site.Node.(*ast.GoStmt)
	return ok && g.Call.Ellipsis.IsValid()
}

func declaredIn(v *types.Var, n ast.Node) bool {
	return v.Pos() >= n.Pos() && v.Pos() < n.End()
}

func sortRefs(refs []DoneRef) {
	slices.SortFunc(refs, func(a, b DoneRef) int {
		return strings.Compare(a.Ref.String(), b.Ref.String())
	})
}
