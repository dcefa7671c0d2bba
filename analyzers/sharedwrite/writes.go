package sharedwrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/golint-conc/golint-conc/internal/code"
)

// A write is one store a goroutine or its spawner makes to memory that
// is not its own: a variable declared outside the function literal, or at
// package level, or something reached from one through fields and
// slice or array elements.
type write struct {
	lhs   ast.Expr // what is written: n, s.count, out[0], m[k]; for delete and clear, the map
	root  *types.Var
	elems []elem
	isMap bool // m[k] = v, delete(m, k), clear(m): a write to the map itself

	// guarded: the statements around the write, in the same function,
	// hold a lock (Lock before it, or in an if condition, a CAS-guarded
	// branch, a one-slot channel section), pass a token (a receive before
	// and a send on the same channels after it), or publish it with an
	// atomic store after it.
	guarded bool
	waited  bool         // a Wait call comes first
	recvs   []*types.Var // channels received from first
}

// An elem is one step of the access path from the root: a field or an index.
type elem struct {
	field string // the field's name, or "" for an index
	index *index
}

// An index describes an index expression by what it depends on.
type index struct {
	konst  string       // the constant value, or ""
	own    bool         // a call or a variable of the writing function: it may differ per goroutine
	vars   []*types.Var // outer variables it reads
	mapKey bool         // the key of the map written to (m in m[k] = v)
}

// name is how diagnostics name what is written.
func (w *write) name() string {
	if w.isMap {
		return "map " + types.ExprString(w.lhs)
	}
	return types.ExprString(w.lhs)
}

// conflicts reports whether w and o may store to the same memory, judged
// without knowing how the goroutines' non-constant indexes differ: paths
// through such an index never conflict, because per-goroutine slots
// (out[i] in one goroutine, out[j] in another) are the common case.
func (w *write) conflicts(o *write) bool {
	if w.root != o.root {
		return false
	}
	for i := 0; i < len(w.elems) && i < len(o.elems); i++ {
		a, b := w.elems[i], o.elems[i]
		if a.field != b.field {
			return false
		}
		if a.field != "" {
			continue
		}
		if a.index.mapKey && b.index.mapKey {
			return true // any two keys: the map itself is written
		}
		if a.index.konst == "" || a.index.konst != b.index.konst {
			return false
		}
	}
	return true
}

// A collector finds the writes in one function body, not counting the
// bodies of function literals inside it: callbacks such as once.Do or a
// helper that locks run at times the statement order does not show.
type collector struct {
	info *types.Info
	// outer reports whether a variable lives outside the function; writes
	// to other variables are not collected.
	outer func(*types.Var) bool
	// oneSlot reports whether a channel variable was made with capacity 1,
	// so that a send and a receive on it bracket a critical section.
	oneSlot func(*types.Var) bool

	writes  []*write
	stack   []ast.Node
	aliases map[*types.Var]*types.Var // next := chans[i]: next is chans
}

func (c *collector) collect(body *ast.BlockStmt) []*write {
	c.findAliases(body)
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			c.stack = c.stack[:len(c.stack)-1]
			return true
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		c.stack = append(c.stack, n)
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				if n.Tok == token.DEFINE && c.info.Defs[identOf(lhs)] != nil {
					continue // a new variable
				}
				c.add(lhs, false)
			}
		case *ast.IncDecStmt:
			c.add(n.X, false)
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN {
				for _, e := range []ast.Expr{n.Key, n.Value} {
					if e != nil {
						c.add(e, false)
					}
				}
			}
		case *ast.CallExpr:
			if c.isBuiltin(n, "delete") || c.isBuiltin(n, "clear") {
				if len(n.Args) > 0 && isMap(c.info.TypeOf(n.Args[0])) {
					c.add(n.Args[0], true)
				}
			}
		}
		return true
	})
	return c.writes
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

func (c *collector) isBuiltin(call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || id.Name != name {
		return false
	}
	_, ok = c.info.Uses[id].(*types.Builtin)
	return ok
}

func isMap(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Map)
	return ok
}

// add records a write of lhs, or of the whole map lhs when mapOp is set
// (delete and clear).
func (c *collector) add(lhs ast.Expr, mapOp bool) {
	root, elems, ok := c.path(lhs)
	if !ok || !c.outer(root) {
		return
	}
	w := &write{lhs: lhs, root: root, elems: elems}
	if mapOp {
		w.isMap = true
		w.elems = append(w.elems, elem{index: &index{mapKey: true}})
	} else if n := len(elems); n > 0 && elems[n-1].field == "" && elems[n-1].index.mapKey {
		w.isMap = true
		w.lhs = ast.Unparen(lhs).(*ast.IndexExpr).X
	}
	c.guard(w)
	c.writes = append(c.writes, w)
}

// path returns the variable lhs is rooted at and the fields and indexes
// that lead from it to lhs. Stores through calls, type assertions and
// the like have no path.
func (c *collector) path(lhs ast.Expr) (*types.Var, []elem, bool) {
	var elems []elem
	for e := lhs; ; {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, _ := c.info.Uses[x].(*types.Var)
			if v == nil || v.IsField() {
				return nil, nil, false
			}
			slices.Reverse(elems)
			return v, elems, true
		case *ast.SelectorExpr:
			if sel, ok := c.info.Selections[x]; ok {
				if sel.Kind() != types.FieldVal {
					return nil, nil, false
				}
				elems = append(elems, elem{field: x.Sel.Name})
				e = x.X
				continue
			}
			e = x.Sel // a package-qualified variable
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			t := c.info.TypeOf(x.X)
			if t == nil {
				return nil, nil, false
			}
			ix := c.classify(x.Index)
			switch t.Underlying().(type) {
			case *types.Map:
				ix.mapKey = true
			case *types.Slice, *types.Array, *types.Pointer:
			default:
				return nil, nil, false // a generic index or a type error
			}
			elems = append(elems, elem{index: ix})
			e = x.X
		default:
			return nil, nil, false
		}
	}
}

// classify describes an index expression.
func (c *collector) classify(e ast.Expr) *index {
	ix := new(index)
	if tv, ok := c.info.Types[e]; ok && tv.Value != nil {
		ix.konst = tv.Value.ExactString()
		return ix
	}
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			ix.own = true
			return false
		case *ast.CallExpr:
			if tv, ok := c.info.Types[n.Fun]; ok && (tv.IsType() || c.isBuiltin(n, "len") || c.isBuiltin(n, "cap")) {
				return true
			}
			ix.own = true // a counter, a hash, an atomic ticket: anything
		case *ast.Ident:
			if v, ok := c.info.Uses[n].(*types.Var); ok && !v.IsField() {
				if c.outer(v) {
					ix.vars = append(ix.vars, v)
				} else {
					ix.own = true
				}
			}
		}
		return true
	})
	return ix
}

// findAliases records the local variables defined as a channel or
// WaitGroup reached from another variable, so that a send on next, after
// next := chans[(id+1)%n], counts as a send on chans.
func (c *collector) findAliases(body *ast.BlockStmt) {
	c.aliases = make(map[*types.Var]*types.Var)
	ast.Inspect(body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && as.Tok == token.DEFINE && len(as.Lhs) == 1 && len(as.Rhs) == 1 {
			v, _ := c.info.Defs[identOf(as.Lhs[0])].(*types.Var)
			if root := code.RootVar(c.info, as.Rhs[0]); v != nil && root != nil && root != v {
				c.aliases[v] = root
			}
		}
		return true
	})
}

// rootOf returns the variable an access path starts at, seen through
// aliases.
func (c *collector) rootOf(e ast.Expr) *types.Var {
	v := code.RootVar(c.info, e)
	for range 4 {
		a, ok := c.aliases[v]
		if !ok {
			break
		}
		v = a
	}
	return v
}

// guard fills in what the statements around w in its function do,
// scanning the statement lists that enclose it: a simple dominance check
// that a lock is held or a receive or Wait came first, and a look at what
// follows for the send that passes a token on or the atomic store that
// publishes the write.
func (c *collector) guard(w *write) {
	s := scan{c: c, sem: make(map[*types.Var]bool)}
	var after []ast.Stmt
	for i := 0; i+1 < len(c.stack); i++ {
		parent, child := c.stack[i], c.stack[i+1]
		var list []ast.Stmt
		switch p := parent.(type) {
		case *ast.BlockStmt:
			list = p.List
		case *ast.CaseClause:
			list = p.Body
		case *ast.CommClause:
			list = p.Body
			if p.Comm != nil && child != p.Comm {
				s.effects(p.Comm)
			}
		case *ast.RangeStmt:
			if child == p.Body && isChan(c.info.TypeOf(p.X)) {
				s.recv(p.X)
			}
		case *ast.IfStmt:
			if child == p.Body && c.claims(p.Cond) {
				s.claimed = true
			}
		}
		for j, st := range list {
			if st == child {
				after = append(after, list[j+1:]...)
				break
			}
			s.stmt(st)
		}
	}
	w.guarded = s.locked || s.claimed
	for _, held := range s.sem {
		w.guarded = w.guarded || held
	}
	if !w.guarded {
		w.guarded = c.handsOn(after, s.recvs)
	}
	w.waited, w.recvs = s.waited, s.recvs
}

// handsOn reports whether the statements after a write send on or close
// a channel it received from first (a token passed round a ring, or a
// value through a one-slot channel), or store to an atomic, publishing
// what was written to the goroutine that loads it.
func (c *collector) handsOn(after []ast.Stmt, recvs []*types.Var) bool {
	found := false
	for _, st := range after {
		ast.Inspect(st, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.SendStmt:
				found = found || slices.Contains(recvs, c.rootOf(n.Chan))
			case *ast.CallExpr:
				if c.isBuiltin(n, "close") && len(n.Args) == 1 {
					found = found || slices.Contains(recvs, c.rootOf(n.Args[0]))
				}
				found = found || isAtomicStore(code.Callee(c.info, n))
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

func isAtomicStore(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "sync/atomic" {
		return false
	}
	name := fn.Name()
	return strings.HasPrefix(name, "Store") || strings.HasPrefix(name, "Swap") || strings.HasPrefix(name, "CompareAndSwap")
}

// A scan tracks the effects of the statements before a write.
type scan struct {
	c       *collector
	locked  bool                // a lock not yet undone by an unlock
	claimed bool                // inside if CompareAndSwap(...) or if mu.TryLock()
	sem     map[*types.Var]bool // one-slot channels whose slot this goroutine holds
	waited  bool
	recvs   []*types.Var
}

func (s *scan) stmt(st ast.Stmt) {
	switch st := st.(type) {
	case *ast.ExprStmt:
		s.locks(st)
		if u, ok := ast.Unparen(st.X).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
			s.toggle(u.X)
		}
	case *ast.SendStmt:
		s.toggle(st.Chan)
	case *ast.AssignStmt, *ast.DeclStmt:
		s.locks(st)
	case *ast.IfStmt:
		// if !mu.RWLock(true) { return }: the lock is held after the if.
		// Unlocks in its body (before a return) leave the rest locked.
		if st.Init != nil {
			s.locks(st.Init)
		}
		s.locks(st.Cond)
	}
	s.effects(st)
}

// locks follows the lock and unlock calls in n, in order: Lock, RLock,
// RWLock, TryLock, lock(&m) and the matching unlocks, on any receiver.
func (s *scan) locks(n ast.Node) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			var name string
			switch f := ast.Unparen(n.Fun).(type) {
			case *ast.SelectorExpr:
				name = f.Sel.Name
			case *ast.Ident:
				name = f.Name
			}
			switch {
			case name == "unlock" || strings.HasSuffix(name, "Unlock"):
				s.locked = false
			case name == "lock" || strings.HasSuffix(name, "Lock"):
				s.locked = true
			}
		}
		return true
	})
}

// toggle records a send or receive statement on a one-slot channel: the
// first takes the slot (or the token), the next gives it back.
func (s *scan) toggle(ch ast.Expr) {
	if v := code.RootVar(s.c.info, ch); v != nil && s.c.oneSlot(v) {
		s.sem[v] = !s.sem[v]
	}
}

// effects records the receives and Wait calls anywhere in n.
func (s *scan) effects(n ast.Node) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				s.recv(n.X)
			}
		case *ast.RangeStmt:
			if isChan(s.c.info.TypeOf(n.X)) {
				s.recv(n.X)
			}
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Wait" {
				s.waited = true
			}
		}
		return true
	})
}

func (s *scan) recv(ch ast.Expr) {
	if v := s.c.rootOf(ch); v != nil {
		s.recvs = append(s.recvs, v)
	}
}

// claims reports whether an if condition lets at most one goroutine in:
// a compare-and-swap, or a TryLock.
func (c *collector) claims(cond ast.Expr) bool {
	found := false
	ast.Inspect(cond, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return !found
		}
		var name string
		switch f := ast.Unparen(call.Fun).(type) {
		case *ast.SelectorExpr:
			name = f.Sel.Name
		case *ast.Ident:
			name = f.Name
		}
		if strings.HasPrefix(name, "CompareAndSwap") || name == "TryLock" {
			found = true
		}
		return !found
	})
	return found
}

func isChan(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Chan)
	return ok
}
