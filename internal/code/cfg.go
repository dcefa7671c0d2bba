package code

import (
	"go/ast"

	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/cfg"
)

// Graph returns the control-flow graph ctrlflow built for fn, a
// *ast.FuncDecl or *ast.FuncLit, or nil for any other node or a
// declaration without a body.
func Graph(cfgs *ctrlflow.CFGs, fn ast.Node) *cfg.CFG {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		return cfgs.FuncDecl(fn)
	case *ast.FuncLit:
		return cfgs.FuncLit(fn)
	}
	return nil
}

// SelectComms returns the communications of the select cases in body,
// outside function literals. go/cfg puts every case's communication in
// the block before the select picks one, so a walk of the graph that
// treated them as run would think that all of a select's cases happen:
// an analyzer counts a communication only on entry to its case's body.
func SelectComms(body ast.Node) map[ast.Node]bool {
	comms := make(map[ast.Node]bool)
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return n == body
		case *ast.CommClause:
			if n.Comm != nil {
				comms[n.Comm] = true
			}
		}
		return true
	})
	return comms
}
