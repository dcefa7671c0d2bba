package waitgroupadd

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/golint-conc/golint-conc/internal/analysisdoc"
	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:      "waitgroupadd",
	Doc:       analysisdoc.MustExtract(doc, "waitgroupadd"),
	URL:       "https://github.com/golint-conc/golint-conc/blob/main/docs/waitgroupadd.md",
	Requires:  []*analysis.Analyzer{spawnsites.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(AddsFact)},
}

// AddsFact marks a function or method that, when it runs as a goroutine,
// Adds to a WaitGroup it can reach from its parameters, its receiver or a
// package-level variable and later calls Done on the same WaitGroup,
// without starting in between a goroutine the Add could be for.
type AddsFact struct {
	WaitGroups []Ref
}

// A Ref names a WaitGroup as the function sees it: a parameter, the
// receiver or a package-level variable, followed by field selections.
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

func (*AddsFact) AFact() {}

func (f *AddsFact) String() string {
	var refs []string
	for _, r := range f.WaitGroups {
		refs = append(refs, r.String())
	}
	return "adds(" + strings.Join(refs, ", ") + ")"
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
	pass     *analysis.Pass
	sites    *spawnsites.Result
	reported map[*ast.CallExpr]bool
}

func run(pass *analysis.Pass) (any, error) {
	if !code.Imports(pass.Pkg, "sync") {
		return nil, nil
	}
	c := &checker{
		pass:     pass,
		sites:    pass.ResultOf[spawnsites.Analyzer].(*spawnsites.Result),
		reported: make(map[*ast.CallExpr]bool),
	}
	c.exportFacts()
	for _, site := range c.sites.Sites {
		switch {
		case site.Lit != nil:
			c.checkLiteral(site)
		case site.Callee != nil:
			c.checkCallee(site)
		}
	}
	return nil, nil
}

// exportFacts records an AddsFact for every function that would Add
// inside the goroutine it runs in.
func (c *checker) exportFacts() {
	for _, file := range c.pass.Files {
		for _, d := range file.Decls {
			decl, ok := d.(*ast.FuncDecl)
			if !ok || decl.Body == nil {
				continue
			}
			fn, _ := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
			if fn == nil {
				continue
			}
			var refs []Ref
			for _, add := range c.racyAdds(decl.Body) {
				if ref, ok := c.refOf(decl, add.wg); ok && !slices.Contains(refs, ref) {
					refs = append(refs, ref)
				}
			}
			if len(refs) > 0 {
				c.pass.ExportObjectFact(fn, &AddsFact{WaitGroups: refs})
			}
		}
	}
}

// refOf describes the WaitGroup wg, an expression in decl's body, in terms
// a caller can map to its own expressions.
func (c *checker) refOf(decl *ast.FuncDecl, wg ast.Expr) (Ref, bool) {
	p, ok := code.AccessPath(c.pass.TypesInfo, wg)
	if !ok {
		return Ref{}, false
	}
	if code.IsGlobal(p.Root) {
		return Ref{Param: Global, Global: p.Root.Name(), Fields: p.Fields}, true
	}
	if decl.Recv != nil {
		for _, field := range decl.Recv.List {
			for _, name := range field.Names {
				if c.pass.TypesInfo.Defs[name] == p.Root {
					return Ref{Param: Receiver, Fields: p.Fields}, true
				}
			}
		}
	}
	i := 0
	for _, field := range decl.Type.Params.List {
		for _, name := range field.Names {
			if c.pass.TypesInfo.Defs[name] == p.Root {
				return Ref{Param: i, Fields: p.Fields}, true
			}
			i++
		}
	}
	return Ref{}, false // a WaitGroup local to the function
}

// checkLiteral reports the racy Adds in a function literal started as a
// goroutine.
func (c *checker) checkLiteral(site *spawnsites.Site) {
	adds := c.racyAdds(site.Lit.Body)
	for _, add := range adds {
		if c.reported[add.call] {
			continue
		}
		target, text, ok := c.literalTarget(site, add.wg)
		if !ok || c.counted(site, target) {
			continue
		}
		c.reported[add.call] = true
		diag := analysis.Diagnostic{
			Pos: add.call.Pos(),
			End: add.call.End(),
			Message: fmt.Sprintf("WaitGroup.Add called inside the goroutine it counts: it races with Wait; call %s.Add before %s",
				text, c.spawnText(site)),
		}
		if len(adds) == 1 {
			diag.SuggestedFixes = c.moveAdd(site, add, text)
		}
		c.pass.Report(diag)
	}
}

// literalTarget maps the WaitGroup expression wg in a goroutine's function
// literal to the spawner's access path and the text that names it there.
// It fails for a WaitGroup declared inside the literal: only code that
// shares it with the goroutine can Wait on it, and that is started later.
func (c *checker) literalTarget(site *spawnsites.Site, wg ast.Expr) (code.Path, string, bool) {
	info := c.pass.TypesInfo
	p, ok := code.AccessPath(info, wg)
	if !ok {
		return code.Path{}, "", false
	}
	if code.IsGlobal(p.Root) || p.Root.Pos() < site.Lit.Pos() || p.Root.Pos() >= site.Lit.End() {
		return p, code.PathText(wg, ""), true // captured or package-level
	}
	i := 0
	for _, field := range site.Lit.Type.Params.List {
		for _, name := range field.Names {
			if info.Defs[name] == p.Root && i < len(site.Args) {
				return c.argTarget(site.Args[i], p.Fields)
			}
			i++
		}
	}
	return code.Path{}, "", false
}

// argTarget maps the WaitGroup at fields from an argument or receiver expr
// to the spawner's access path and text. The path has a nil root when expr
// is not a plain access path.
func (c *checker) argTarget(expr ast.Expr, fields string) (code.Path, string, bool) {
	p, ok := code.AccessPath(c.pass.TypesInfo, expr)
	if ok {
		p.Fields += fields
	}
	return p, code.PathText(expr, fields), true
}

// checkCallee reports a go statement, wg.Go or g.Go call that starts a
// named function or method carrying an AddsFact.
func (c *checker) checkCallee(site *spawnsites.Site) {
	fact := new(AddsFact)
	if !c.pass.ImportObjectFact(site.Callee.Origin(), fact) {
		return
	}
	for _, ref := range fact.WaitGroups {
		target, text, ok := c.calleeTarget(site, ref)
		if !ok || c.counted(site, target) {
			continue
		}
		c.pass.ReportRangef(site.Node, "%s calls %s.Add inside the goroutine it starts, racing with Wait; call Add before %s",
			c.calleeText(site), text, c.spawnText(site))
		return
	}
}

// calleeTarget maps ref, a WaitGroup as site.Callee sees it, to the
// spawner's access path and text.
func (c *checker) calleeTarget(site *spawnsites.Site, ref Ref) (code.Path, string, bool) {
	recv, args := site.Recv, site.Args
	if code.IsType(c.pass.TypesInfo, recv) || (recv == nil && site.Callee.Signature().Recv() != nil) {
		// A method expression, go (*T).run(t): the receiver is the first argument.
		if len(args) == 0 {
			return code.Path{}, "", false
		}
		recv, args = args[0], args[1:]
	}
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
		if recv == nil {
			return code.Path{}, "", false
		}
		return c.argTarget(recv, ref.Fields)
	}
	if ref.Param >= len(args) || (hasEllipsis(site) && ref.Param == len(args)-1) {
		return code.Path{}, "", false
	}
	return c.argTarget(args[ref.Param], ref.Fields)
}

// counted reports whether the spawner has already counted the goroutine
// on the WaitGroup at target: it starts it with target.Go, or the last Add
// on target before the spawn either counts more than one goroutine or is
// not followed by another spawn first. An Add in such a goroutine only
// moves a counter that is already above zero.
func (c *checker) counted(site *spawnsites.Site, target code.Path) bool {
	if target.Root == nil {
		return false
	}
	if site.Via == spawnsites.WaitGroupGo {
		if recv := goReceiver(site); recv != nil && code.IsPath(c.pass.TypesInfo, recv, target) {
			return true
		}
	}
	body := code.FuncBody(site.Func)
	if body == nil {
		return false
	}
	adds, _ := c.calls(body)
	var last *wgCall
	for i, add := range adds {
		if add.call.End() <= site.Node.Pos() && code.IsPath(c.pass.TypesInfo, add.wg, target) {
			last = &adds[i]
		}
	}
	if last == nil {
		return false
	}
	if n, ok := code.ConstInt(c.pass.TypesInfo, last.call.Args[0]); !ok || n != 1 {
		return true
	}
	for _, other := range c.sites.In(site.Func) {
		if other.Node.Pos() > last.call.End() && other.Node.Pos() < site.Node.Pos() {
			return false
		}
	}
	return true
}

// spawnText says where the Add belongs: "the go statement" or "wg.Go".
func (c *checker) spawnText(site *spawnsites.Site) string {
	if call, ok := site.Node.(*ast.CallExpr); ok {
		return types.ExprString(call.Fun)
	}
	return "the go statement"
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
		return types.ExprString(n.Args[0])
	}
	return site.Callee.Name()
}

func goReceiver(site *spawnsites.Site) ast.Expr {
	call, _ := site.Node.(*ast.CallExpr)
	if call == nil {
		return nil
	}
	sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if sel == nil {
		return nil
	}
	return sel.X
}

func hasEllipsis(site *spawnsites.Site) bool {
	g, ok := site.Node.(*ast.GoStmt)
	return ok && g.Call.Ellipsis.IsValid()
}
