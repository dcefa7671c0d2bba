package funcs

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/golint-conc/golint-conc/internal/code"
)

// NeverReturns reports whether call never returns to its caller: ctrlflow
// knows its callee never returns, code.NeverReturns recognises it, or its
// callee is a function that on every path ends in such a call.
func (r *Result) NeverReturns(call *ast.CallExpr) bool {
	if code.NeverReturns(r.info, call) {
		return true
	}
	fn := r.callee(call)
	return fn != nil && (r.cfgs.NoReturn(fn) || r.noReturn[fn])
}

// callee returns the function call statically calls, its generic origin
// for an instance, or nil.
func (r *Result) callee(call *ast.CallExpr) *types.Func {
	if fn := typeutil.StaticCallee(r.info, call); fn != nil {
		return fn.Origin()
	}
	return nil
}

// findNoReturn finds the package's functions that ctrlflow thinks may
// return but that end on every path in a call that never returns, and
// exports a fact for each. Helpers that call such helpers are found too:
// each function is settled after its callees, cycles broken arbitrarily.
func (r *Result) findNoReturn(pass *analysis.Pass) {
	decls := make(map[*types.Func]*Func)
	for _, f := range r.Funcs {
		if f.Obj != nil && f.Body != nil {
			decls[f.Obj] = f
		}
	}
	// The results are read after run, when facts can no longer be
	// imported, so the few imported ones are read now.
	for _, f := range pass.AllObjectFacts() {
		if fn, ok := f.Object.(*types.Func); ok {
			if _, ok := f.Fact.(*NoReturnFact); ok {
				r.noReturn[fn] = true
			}
		}
	}
	state := make(map[*types.Func]int8) // 1 started, 2 done
	var settle func(fn *types.Func)
	// A same-package callee is settled before the question is put to
	// NeverReturns; an imported one is answered by the facts read above.
	ends := func(call *ast.CallExpr) bool {
		if code.NeverReturns(r.info, call) {
			return true
		}
		if fn := r.callee(call); fn != nil && decls[fn] != nil && !r.cfgs.NoReturn(fn) {
			settle(fn)
		}
		return r.NeverReturns(call)
	}
	settle = func(fn *types.Func) {
		if state[fn] != 0 {
			return
		}
		state[fn] = 1
		if !r.cfgs.NoReturn(fn) && !canReturn(r.Graph(decls[fn].Node), ends) {
			r.noReturn[fn] = true
			pass.ExportObjectFact(fn, new(NoReturnFact))
		}
		state[fn] = 2
	}
	for _, f := range r.Funcs {
		if f.Obj != nil && f.Body != nil {
			settle(f.Obj)
		}
	}
}

// canReturn reports whether a path from g's entry reaches its end without
// a statement calling a function that ends says never returns. Like
// go/cfg, it counts only calls that are statements.
func canReturn(g *cfg.CFG, ends func(*ast.CallExpr) bool) bool {
	if g == nil || len(g.Blocks) == 0 {
		return true
	}
	seen := make([]bool, len(g.Blocks))
	work := []*cfg.Block{g.Blocks[0]}
	seen[0] = true
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if stops(b, ends) {
			continue
		}
		if len(b.Succs) == 0 {
			return true
		}
		for _, s := range b.Succs {
			if !seen[s.Index] {
				seen[s.Index] = true
				work = append(work, s)
			}
		}
	}
	return false
}

func stops(b *cfg.Block, ends func(*ast.CallExpr) bool) bool {
	for _, n := range b.Nodes {
		if s, ok := n.(*ast.ExprStmt); ok {
			if call, ok := ast.Unparen(s.X).(*ast.CallExpr); ok && ends(call) {
				return true
			}
		}
	}
	return false
}
