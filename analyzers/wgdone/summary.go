package wgdone

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/golint-conc/golint-conc/internal/code"
)

type summaryKey struct {
	fn  *types.Func
	ref Ref
}

// exportFacts records a DoneFact for every function of the package that
// calls Done on a WaitGroup a caller can hand it.
func (c *checker) exportFacts() {
	may := c.mayCallDone()
	for fn := range c.decls {
		if !may[fn] {
			continue // its summary is empty
		}
		if refs := c.summaryOf(fn); len(refs) > 0 {
			c.pass.ExportObjectFact(fn, &DoneFact{Refs: refs})
		}
	}
}

// mayCallDone returns the functions of the package whose summary can be
// other than empty: those that call Done or Add on a WaitGroup, or an
// imported function with a DoneFact, or call such a function of the
// package, however deep. Summarising the others, most functions, would
// walk their bodies for nothing. Every call in a body counts here, even
// one in a function literal, so the set holds every function that
// summaryOf could find a WaitGroup in.
func (c *checker) mayCallDone() map[*types.Func]bool {
	withFacts := make(map[*types.Func]bool)
	for _, f := range c.pass.AllObjectFacts() {
		if fn, ok := f.Object.(*types.Func); ok {
			withFacts[fn] = true
		}
	}
	may := make(map[*types.Func]bool)
	callers := make(map[*types.Func][]*types.Func)
	var queue []*types.Func
	ins := c.pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for fn, cur := range code.FuncDecls(c.pass.TypesInfo, ins.Root()) {
		if c.decls[fn] != cur.Node() {
			continue
		}
		for call := range cur.Preorder((*ast.CallExpr)(nil)) {
			callee := code.Callee(c.pass.TypesInfo, call.Node().(*ast.CallExpr))
			if callee == nil {
				continue
			}
			callee = callee.Origin()
			switch {
			case withFacts[callee] || code.IsMethod(callee, "sync", "WaitGroup", "Done") || code.IsMethod(callee, "sync", "WaitGroup", "Add"):
				if !may[fn] {
					may[fn] = true
					queue = append(queue, fn)
				}
			case c.decls[callee] != nil:
				if cs := callers[callee]; len(cs) == 0 || cs[len(cs)-1] != fn {
					callers[callee] = append(cs, fn)
				}
			}
		}
	}
	for len(queue) > 0 {
		fn := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, caller := range callers[fn] {
			if !may[caller] {
				may[caller] = true
				queue = append(queue, caller)
			}
		}
	}
	return may
}

// summaryOf says how fn calls Done on each WaitGroup it can reach from its
// parameters, receiver or a package-level variable, leaving out those it
// never calls Done on. Functions of other packages answer through their
// DoneFact.
func (c *checker) summaryOf(fn *types.Func) []DoneRef {
	fn = fn.Origin()
	decl := c.decls[fn]
	if decl == nil {
		fact := new(DoneFact)
		if c.pass.ImportObjectFact(fn, fact) {
			return fact.Refs
		}
		return nil
	}
	if refs, ok := c.exported[fn]; ok {
		return refs
	}
	if c.busy[fn] {
		return nil // recursion: the outer computation covers it
	}
	c.busy[fn] = true
	defer delete(c.busy, fn)
	var refs []DoneRef
	keep := func(p code.Path) bool {
		_, ok := c.refOf(decl, p)
		return ok
	}
	for _, cand := range c.candidates(decl.Body, keep) {
		ref, _ := c.refOf(decl, cand.path)
		out := c.outcomeOf(fn, ref)
		if out == nil || out.verdict == Never {
			continue
		}
		r := DoneRef{Ref: ref, Verdict: out.verdict}
		switch {
		case out.verdict == Sometimes:
			r.Where = c.where(out.missing[0].Pos())
		case out.verdict == Twice:
			r.Where = c.where(out.twice[0].node.Pos())
			r.Deferred = out.twice[0].deferred
		}
		refs = append(refs, r)
	}
	sortRefs(refs)
	c.exported[fn] = refs
	return refs
}

// verdictOf says how fn calls Done on the WaitGroup it sees as ref.
func (c *checker) verdictOf(fn *types.Func, ref Ref) Verdict {
	fn = fn.Origin()
	if c.decls[fn] == nil {
		for _, r := range c.summaryOf(fn) {
			if r.Ref == ref {
				return r.Verdict
			}
		}
		if ref.Fields != "" && ref.Param != Global {
			// A value holding the WaitGroup went into code that only
			// reports on WaitGroups it names.
			return Unknown
		}
		return Never
	}
	out := c.outcomeOf(fn, ref)
	if out == nil {
		return Unknown
	}
	return out.verdict
}

// outcomeOf analyzes the body of fn, a function of this package, for the
// WaitGroup it sees as ref; nil means it cannot be told (recursion).
func (c *checker) outcomeOf(fn *types.Func, ref Ref) *outcome {
	key := summaryKey{fn, ref}
	if out, ok := c.summaries[key]; ok {
		return out
	}
	if c.busy[key] {
		return nil
	}
	decl := c.decls[fn]
	w, ok := c.pathOf(decl, ref)
	if !ok {
		return &outcome{verdict: Unknown}
	}
	g := c.cfgs.FuncDecl(decl)
	if g == nil {
		return &outcome{verdict: Unknown}
	}
	c.busy[key] = true
	out := c.analyze(decl.Body, g, w)
	delete(c.busy, key)
	c.summaries[key] = out
	return out
}

// refOf describes the WaitGroup at p, a path in decl's body, in terms a
// caller can map to its own expressions.
func (c *checker) refOf(decl *ast.FuncDecl, p code.Path) (Ref, bool) {
	if code.IsGlobal(p.Root) {
		return Ref{Param: Global, Global: p.Root.Name(), Fields: p.Fields}, p.Root.Pkg() == c.pass.Pkg
	}
	i := 0
	for _, v := range params(c.pass.TypesInfo, decl) {
		if v == p.Root {
			return Ref{Param: i, Fields: p.Fields}, true
		}
		i++
	}
	if recv := receiver(c.pass.TypesInfo, decl); recv != nil && recv == p.Root {
		return Ref{Param: Receiver, Fields: p.Fields}, true
	}
	return Ref{}, false
}

// pathOf is the inverse of refOf.
func (c *checker) pathOf(decl *ast.FuncDecl, ref Ref) (code.Path, bool) {
	var root *types.Var
	switch ref.Param {
	case Global:
		root, _ = c.pass.Pkg.Scope().Lookup(ref.Global).(*types.Var)
	case Receiver:
		root = receiver(c.pass.TypesInfo, decl)
	default:
		if ps := params(c.pass.TypesInfo, decl); ref.Param < len(ps) {
			root = ps[ref.Param]
		}
	}
	return code.Path{Root: root, Fields: ref.Fields}, root != nil
}

// params returns decl's parameters in order; unnamed ones are nil.
func params(info *types.Info, decl *ast.FuncDecl) []*types.Var {
	var vars []*types.Var
	for _, field := range decl.Type.Params.List {
		if len(field.Names) == 0 {
			vars = append(vars, nil)
		}
		for _, name := range field.Names {
			v, _ := info.Defs[name].(*types.Var)
			vars = append(vars, v)
		}
	}
	return vars
}

func receiver(info *types.Info, decl *ast.FuncDecl) *types.Var {
	if decl.Recv == nil || len(decl.Recv.List) == 0 || len(decl.Recv.List[0].Names) == 0 {
		return nil
	}
	v, _ := info.Defs[decl.Recv.List[0].Names[0]].(*types.Var)
	return v
}
