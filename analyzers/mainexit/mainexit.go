package mainexit

import (
	_ "embed"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"

	"github.com/golint-conc/golint-conc/internal/analysisdoc"
	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "mainexit",
	Doc:      analysisdoc.MustExtract(doc, "mainexit"),
	URL:      "https://github.com/golint-conc/golint-conc/blob/main/docs/mainexit.md",
	Requires: []*analysis.Analyzer{ctrlflow.Analyzer, spawnsites.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	sites := pass.ResultOf[spawnsites.Analyzer].(*spawnsites.Result)
	if len(sites.Sites) == 0 {
		return nil, nil
	}
	c := &checker{
		pass:  pass,
		cfgs:  pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		sites: sites,
		decls: make(map[*types.Func]*ast.FuncDecl),
		memo:  make(map[*types.Func]funcState),
	}
	var entries []*ast.FuncDecl
	for _, f := range pass.Files {
		test := strings.HasSuffix(pass.Fset.Position(f.Pos()).Filename, "_test.go")
		for _, d := range f.Decls {
			decl, ok := d.(*ast.FuncDecl)
			if !ok || decl.Body == nil {
				continue
			}
			fn, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func)
			if !ok {
				continue
			}
			c.decls[fn] = decl
			if isEntry(pass, fn, test) {
				entries = append(entries, decl)
			}
		}
	}
	for _, decl := range entries {
		if own := sites.In(decl); len(own) > 0 {
			c.checkEntry(decl, own)
		}
	}
	return nil, nil
}

// isEntry reports whether fn is a program's main function or a test
// binary's TestMain, after which the process exits whatever its other
// goroutines are doing.
func isEntry(pass *analysis.Pass, fn *types.Func, test bool) bool {
	sig := fn.Signature()
	if sig.Recv() != nil || sig.TypeParams() != nil || sig.Results().Len() != 0 {
		return false
	}
	switch fn.Name() {
	case "main":
		return !test && pass.Pkg.Name() == "main" && sig.Params().Len() == 0
	case "TestMain":
		return test && sig.Params().Len() == 1 && code.IsNamed(sig.Params().At(0).Type(), "testing", "M")
	}
	return false
}
