package closedchan

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/code"
)

// The CFG dataflow merges paths, so on its own it sees a close on a path
// that the code rules out by testing one variable twice:
//
//	if wait == "rate" { close(release) }
//	bw.noRepoll.Store(true)
//	if wait == "slot" { close(release) }
//
// Each state therefore carries the facts that the branches taken on the
// way to it establish about local variables, and each closed channel the
// facts of the paths that closed it. A branch that contradicts a channel's
// facts drops the channel on that edge; a branch that contradicts the
// state's own facts is not taken at all. Assigning a variable forgets what
// is known about it.

// A fact says that a local variable equals (eq) or differs from a
// constant. Facts about a bool are kept in the equal form: !done is
// done == false.
type fact struct {
	v   *types.Var
	val constant.Value
	eq  bool
}

// facts is a small set of facts, shared between states: its methods
// return new slices rather than changing the one they are given.
type facts []fact

func (fs facts) contradicts(g fact) bool {
	for _, f := range fs {
		if f.v != g.v {
			continue
		}
		same := sameConst(f.val, g.val)
		if f.eq && g.eq && !same || f.eq != g.eq && same {
			return true
		}
	}
	return false
}

// with returns fs and g; the caller has checked that they agree.
func (fs facts) with(g fact) facts {
	if slices.ContainsFunc(fs, g.equal) {
		return fs
	}
	return append(slices.Clip(fs), g)
}

// without returns fs less the facts about v.
func (fs facts) without(v *types.Var) facts {
	if !slices.ContainsFunc(fs, func(f fact) bool { return f.v == v }) {
		return fs
	}
	return slices.DeleteFunc(slices.Clone(fs), func(f fact) bool { return f.v == v })
}

// intersect returns the facts in both fs and gs: what holds on two merged
// paths.
func (fs facts) intersect(gs facts) facts {
	var out facts
	for _, f := range fs {
		if slices.ContainsFunc(gs, f.equal) {
			out = append(out, f)
		}
	}
	return out
}

func (f fact) equal(g fact) bool {
	return f.v == g.v && f.eq == g.eq && sameConst(f.val, g.val)
}

// sameConst reports whether x and y are the same constant; constants of
// different kinds (which the type checker keeps apart) are not.
func sameConst(x, y constant.Value) bool {
	numeric := func(k constant.Kind) bool { return k == constant.Int || k == constant.Float || k == constant.Complex }
	kx, ky := x.Kind(), y.Kind()
	if kx != ky && !(numeric(kx) && numeric(ky)) || kx == constant.Unknown {
		return false
	}
	return constant.Compare(x, token.EQL, y)
}

// A brancher turns the branch conditions of one function into facts. It
// tracks the local variables of a basic type (parameters, range variables
// and the variables of enclosing functions included) whose value changes
// only by an assignment in the CFG of that function: never addressed,
// explicitly or by a pointer method call, and never assigned by another
// function literal, such as a closure called in between or a goroutine.
type brancher struct {
	*declScan
	fn ast.Node // the function whose CFG is followed
}

// A declScan holds what a brancher needs to know about one top-level
// function and the literals in it, computed once for them all.
type declScan struct {
	info      *types.Info
	root      ast.Node                  // the top-level function declaration or literal
	tags      map[ast.Expr]ast.Expr     // a case expression of a switch with a tag: the tag
	addressed map[*types.Var]bool       // &v, or v.m() for a pointer method m
	assigners map[*types.Var][]ast.Node // the functions that assign v after its declaration
}

func newDeclScan(info *types.Info, root ast.Node) *declScan {
	d := &declScan{
		info:      info,
		root:      root,
		tags:      make(map[ast.Expr]ast.Expr),
		addressed: make(map[*types.Var]bool),
		assigners: make(map[*types.Var][]ast.Node),
	}
	funcs := []ast.Node{root} // the functions around the node visited
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			return true
		}
		for len(funcs) > 1 && n.Pos() >= funcs[len(funcs)-1].End() {
			funcs = funcs[:len(funcs)-1]
		}
		fn := funcs[len(funcs)-1]
		switch n := n.(type) {
		case *ast.FuncLit:
			if n != root {
				funcs = append(funcs, n)
			}
		case *ast.SwitchStmt:
			if n.Tag != nil {
				for _, stmt := range n.Body.List {
					for _, e := range stmt.(*ast.CaseClause).List {
						d.tags[e] = n.Tag
					}
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				d.address(n.X)
			}
		case *ast.SelectorExpr:
			if sel, ok := info.Selections[n]; ok && sel.Kind() == types.MethodVal {
				if sig, ok := sel.Obj().Type().(*types.Signature); ok && sig.Recv() != nil {
					if _, ptr := sig.Recv().Type().(*types.Pointer); ptr {
						d.address(n.X) // v.set() is (&v).set()
					}
				}
			}
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				d.assign(fn, lhs)
			}
		case *ast.IncDecStmt:
			d.assign(fn, n.X)
		case *ast.RangeStmt:
			d.assign(fn, n.Key)
			d.assign(fn, n.Value)
		}
		return true
	})
	return d
}

func (d *declScan) address(e ast.Expr) {
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		if v, ok := d.info.Uses[id].(*types.Var); ok {
			d.addressed[v] = true
		}
	}
}

// assign records that fn assigns e, unless e is declared there (x := f(),
// range with :=), which is no assignment after the declaration.
func (d *declScan) assign(fn ast.Node, e ast.Expr) {
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		if v, ok := d.info.Uses[id].(*types.Var); ok && !slices.Contains(d.assigners[v], fn) {
			d.assigners[v] = append(d.assigners[v], fn)
		}
	}
}

// tracked returns the variable e names when facts about it are kept.
func (b *brancher) tracked(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := b.info.Uses[id].(*types.Var)
	if !ok || v.IsField() || b.addressed[v] || v.Pos() < b.root.Pos() || v.Pos() >= b.root.End() {
		return nil
	}
	for _, fn := range b.assigners[v] {
		if fn != b.fn {
			return nil
		}
	}
	if _, ok := v.Type().Underlying().(*types.Basic); !ok {
		return nil
	}
	return v
}

// edge returns what taking the branch of block b to its successor
// Succs[i] establishes: nothing unless b ends in the condition of an if,
// a for or a switch case.
func (b *brancher) edge(blk *cfg.Block, i int) []fact {
	if len(blk.Succs) != 2 || len(blk.Nodes) == 0 {
		return nil
	}
	switch blk.Succs[0].Kind {
	case cfg.KindIfThen, cfg.KindForBody, cfg.KindSwitchCaseBody:
	default:
		return nil // a range or select head: no condition
	}
	cond, ok := blk.Nodes[len(blk.Nodes)-1].(ast.Expr)
	if !ok {
		return nil
	}
	holds := i == 0
	if tag, ok := b.tags[cond]; ok {
		if f, ok := b.compare(tag, cond, holds); ok {
			return []fact{f}
		}
		return nil
	}
	return b.cond(nil, cond, holds)
}

// cond adds to fs what holds when e evaluates to holds.
func (b *brancher) cond(fs []fact, e ast.Expr, holds bool) []fact {
	switch x := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		if x.Op == token.NOT {
			return b.cond(fs, x.X, !holds)
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case token.LAND:
			if holds {
				return b.cond(b.cond(fs, x.X, true), x.Y, true)
			}
		case token.LOR:
			if !holds {
				return b.cond(b.cond(fs, x.X, false), x.Y, false)
			}
		case token.EQL, token.NEQ:
			if f, ok := b.compare(x.X, x.Y, (x.Op == token.EQL) == holds); ok {
				return append(fs, f)
			}
		}
	case *ast.Ident:
		if v := b.tracked(x); v != nil && isBool(v.Type()) {
			return append(fs, fact{v, constant.MakeBool(holds), true})
		}
	}
	return fs
}

// compare returns the fact that x == y (eq) or x != y holds, when one side
// is a tracked variable and the other a constant.
func (b *brancher) compare(x, y ast.Expr, eq bool) (fact, bool) {
	v := b.tracked(x)
	val := b.info.Types[y].Value
	if v == nil || val == nil {
		v, val = b.tracked(y), b.info.Types[x].Value
	}
	if v == nil || val == nil {
		return fact{}, false
	}
	if val.Kind() == constant.Bool && !eq {
		val, eq = constant.MakeBool(!constant.BoolVal(val)), true
	}
	return fact{v, val, eq}, true
}

func isBool(t types.Type) bool {
	basic, ok := t.Underlying().(*types.Basic)
	return ok && basic.Info()&types.IsBoolean != 0
}

// learn adds fs to s, reporting false when they contradict what holds on
// every path to here, so that the edge is never taken. A closed or
// deferred channel whose paths they contradict is dropped.
func (s *state) learn(fs []fact) bool {
	for _, g := range fs {
		if s.facts.contradicts(g) {
			return false
		}
		s.facts = s.facts.with(g)
		for _, m := range []map[code.Path]event{s.closed, s.deferred} {
			for p, ev := range m {
				if ev.facts.contradicts(g) {
					delete(m, p)
				} else {
					ev.facts = ev.facts.with(g)
					m[p] = ev
				}
			}
		}
	}
	return true
}

// forget drops what s knows about v: v is assigned.
func (s *state) forget(v *types.Var) {
	s.facts = s.facts.without(v)
	for _, m := range []map[code.Path]event{s.closed, s.deferred} {
		for p, ev := range m {
			if fs := ev.facts.without(v); len(fs) != len(ev.facts) {
				ev.facts = fs
				m[p] = ev
			}
		}
	}
}
