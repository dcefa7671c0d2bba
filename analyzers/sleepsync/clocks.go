package sleepsync

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/golint-conc/golint-conc/internal/code"
)

// A sleep may wait for a timeout to expire rather than for a goroutine:
// a test configures a cache with a TTL of 50ms, sleeps 100ms and checks
// the entry is gone. What tells it apart from a sleep hoping a goroutine
// is done is what the code under test does with the duration it was
// given: a timeout is measured against the clock (time.Now().Add(ttl),
// time.Since(t) > idle, time.AfterFunc, context.WithTimeout), while a
// delay is slept and a period ticks. A duration variable that reaches
// such a use, directly or through assignments and struct fields, arms a
// clock; a constant passed for it, no longer than a later sleep, makes
// that sleep wait for the timeout.

// clockArgs lists the standard functions whose argument, at the given
// index, is measured against the clock.
var clockArgs = map[string]int{
	"time.AfterFunc": 0, "time.NewTimer": 0, "time.After": 0, "time.Timer.Reset": 0,
	"time.Time.Add": 0, "context.WithTimeout": 1, "context.WithTimeoutCause": 1,
}

// timeoutFact marks an exported function whose parameters at Params arm a
// clock, or, with no Params, an exported struct field that does.
type timeoutFact struct{ Params []int }

func (*timeoutFact) AFact() {}
func (f *timeoutFact) String() string {
	if len(f.Params) == 0 {
		return "times out"
	}
	return fmt.Sprintf("times out on parameters %v", f.Params)
}

// findClocks finds the duration variables and fields of the package that
// arm a clock.
func (c *checker) findClocks() {
	info := c.pass.TypesInfo
	flows := make(map[*types.Var][]*types.Var) // assigned variable to the variables its value comes from
	var work []*types.Var
	assign := func(to *types.Var, from ast.Expr) {
		if to != nil {
			flows[to] = append(flows[to], c.durationVars(from)...)
		}
	}
	for _, f := range c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if i, ok := clockArgs[funcKey(code.Callee(info, n))]; ok && i < len(n.Args) {
					work = append(work, c.durationVars(n.Args[i])...)
				}
			case *ast.BinaryExpr:
				switch n.Op {
				case token.LSS, token.GTR, token.LEQ, token.GEQ:
					if c.readsClock(n.X) {
						work = append(work, c.durationVars(n.Y)...)
					} else if c.readsClock(n.Y) {
						work = append(work, c.durationVars(n.X)...)
					}
				}
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i, lhs := range n.Lhs {
						assign(assignedVar(info, lhs), n.Rhs[i])
					}
				}
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok {
					v, _ := info.Uses[id].(*types.Var)
					assign(v, n.Value)
				}
			}
			return true
		})
	}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		if !c.clocks[v] {
			c.clocks[v] = true
			work = append(work, flows[v]...)
		}
	}
}

// assignedVar returns the variable or field an assignment's left side
// names.
func assignedVar(info *types.Info, lhs ast.Expr) *types.Var {
	switch x := ast.Unparen(lhs).(type) {
	case *ast.Ident:
		v, _ := info.ObjectOf(x).(*types.Var)
		return v
	case *ast.SelectorExpr:
		v, _ := info.Uses[x.Sel].(*types.Var)
		return v
	}
	return nil
}

// durationVars returns the variables and fields of type time.Duration
// that expr reads.
func (c *checker) durationVars(expr ast.Expr) []*types.Var {
	var vars []*types.Var
	ast.Inspect(expr, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.Ident:
			if v, ok := c.pass.TypesInfo.Uses[n].(*types.Var); ok && code.IsNamed(v.Type(), "time", "Duration") {
				vars = append(vars, v)
			}
		}
		return true
	})
	return vars
}

// readsClock reports whether expr measures elapsed time: time.Since,
// time.Until or Time.Sub.
func (c *checker) readsClock(expr ast.Expr) bool {
	reads := false
	ast.Inspect(expr, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			switch funcKey(code.Callee(c.pass.TypesInfo, call)) {
			case "time.Since", "time.Until", "time.Time.Sub":
				reads = true
			}
		}
		return !reads
	})
	return reads
}

// armsClock reports whether fn's i'th parameter arms a clock.
func (c *checker) armsClock(fn *types.Func, i int) bool {
	if j, ok := clockArgs[funcKey(fn)]; ok {
		return i == j
	}
	params := fn.Signature().Params()
	if params.Len() == 0 {
		return false
	}
	if i >= params.Len() {
		if !fn.Signature().Variadic() {
			return false
		}
		i = params.Len() - 1
	}
	if fn.Pkg() == c.pass.Pkg {
		return c.clocks[params.At(i)]
	}
	var f timeoutFact
	return fn.Exported() && c.pass.ImportObjectFact(fn, &f) && slices.Contains(f.Params, i)
}

// fieldArmsClock reports whether a struct field arms a clock.
func (c *checker) fieldArmsClock(field *types.Var) bool {
	if field.Pkg() == c.pass.Pkg {
		return c.clocks[field]
	}
	return field.Exported() && c.pass.ImportObjectFact(field, new(timeoutFact))
}

// timeouts returns the events of the constant durations that n, a call or
// composite literal, gives to code that measures them against the clock.
func (fs *funcScan) timeouts(n ast.Node) []event {
	c := fs.c
	var evs []event
	add := func(x ast.Expr, arms func() bool) {
		if d, ok := durationConst(c.pass.TypesInfo, x); ok && arms() {
			evs = append(evs, event{kind: evTimeout, node: x, dur: d})
		}
	}
	switch n := n.(type) {
	case *ast.CallExpr:
		fn := code.Callee(c.pass.TypesInfo, n)
		if fn == nil || code.IsFunc(fn, "time", "Sleep") {
			return nil
		}
		for i, arg := range n.Args {
			add(arg, func() bool { return c.armsClock(fn.Origin(), i) })
		}
	case *ast.CompositeLit:
		for _, elt := range n.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok {
					if v, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok && v.IsField() {
						add(kv.Value, func() bool { return c.fieldArmsClock(v) })
					}
				}
			}
		}
	}
	return evs
}

func durationConst(info *types.Info, x ast.Expr) (int64, bool) {
	tv, ok := info.Types[x]
	if !ok || tv.Value == nil || !code.IsNamed(tv.Type, "time", "Duration") {
		return 0, false
	}
	d, exact := constant.Int64Val(tv.Value)
	return d, exact && d > 0
}

// outlastsTimeout reports whether, on some path to sleep, the function
// gave the code under test a timeout no longer than the sleep: the sleep
// waits for it to expire. Not when the function then reads what one of
// the goroutines it started itself changes: that is their output, which
// no timeout guarantees is ready, as in a sleep past an election timeout
// before reading the votes a goroutine counts.
func (c *checker) outlastsTimeout(fl *flow, spawns []event, sleep event) bool {
	d, ok := durationConst(c.pass.TypesInfo, sleep.node.(*ast.CallExpr).Args[0])
	if !ok {
		return false
	}
	return slices.ContainsFunc(fl.all, func(e event) bool {
		return e.kind == evTimeout && e.dur <= d && fl.reaches(e, sleep)
	}) && !c.readsOutput(fl, spawns, sleep)
}

// readsOutput reports whether the function, after sleep, reads a variable
// that one of spawns, a goroutine of its own, changes.
func (c *checker) readsOutput(fl *flow, spawns []event, sleep event) bool {
	changed := make(map[*types.Var]bool)
	for _, sp := range spawns {
		if body := spawnedLit(sp); body != nil {
			c.changedIn(body, changed)
		}
	}
	if len(changed) == 0 {
		return false
	}
	return fl.nodeAfter(sleep.node, func(n ast.Node) bool {
		uses := false
		ast.Inspect(n, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				v, _ := c.pass.TypesInfo.Uses[id].(*types.Var)
				uses = changed[v]
			}
			return !uses
		})
		return uses
	})
}

// spawnedLit returns the function literal a spawn runs, as in go func()
// { ... }() or wg.Go(func() { ... }), or nil.
func spawnedLit(sp event) *ast.FuncLit {
	var fun ast.Expr
	switch n := sp.node.(type) {
	case *ast.GoStmt:
		fun = n.Call.Fun
	case *ast.CallExpr:
		if len(n.Args) == 1 {
			fun = n.Args[0]
		}
	}
	lit, _ := ast.Unparen(fun).(*ast.FuncLit)
	return lit
}

// changedIn adds to changed the variables declared outside lit that its
// body changes: assigns to (n++, res[k] = v, s.f = x), takes the address
// of, passes as a pointer to a call (atomic.AddUint32(n, 1)), or calls a
// pointer method on (n.Add(1)).
func (c *checker) changedIn(lit *ast.FuncLit, changed map[*types.Var]bool) {
	info := c.pass.TypesInfo
	note := func(x ast.Expr) {
		if v := code.RootVar(info, x); v != nil && !(lit.Pos() <= v.Pos() && v.Pos() < lit.End()) {
			changed[v] = true
		}
	}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				for _, lhs := range n.Lhs {
					note(lhs)
				}
			}
		case *ast.IncDecStmt:
			note(n.X)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				note(n.X)
			}
		case *ast.CallExpr:
			for _, arg := range n.Args {
				if t := info.TypeOf(arg); t != nil {
					if _, ok := t.Underlying().(*types.Pointer); ok {
						note(arg)
					}
				}
			}
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
				if s, ok := info.Selections[sel]; ok && s.Kind() == types.MethodVal {
					if _, ptr := s.Obj().Type().(*types.Signature).Recv().Type().(*types.Pointer); ptr {
						note(sel.X)
					}
				}
			}
		}
		return true
	})
}

// exportClockFacts exports timeoutFacts for the exported functions and
// fields of the package that arm a clock.
func (c *checker) exportClockFacts() {
	for fn := range c.decls {
		if !c.visible(fn) {
			continue
		}
		var params []int
		for i := range fn.Signature().Params().Len() {
			if c.clocks[fn.Signature().Params().At(i)] {
				params = append(params, i)
			}
		}
		if len(params) > 0 {
			c.pass.ExportObjectFact(fn, &timeoutFact{Params: params})
		}
	}
	for v := range c.clocks {
		if v.IsField() && v.Exported() && v.Pkg() == c.pass.Pkg && !strings.HasSuffix(c.pass.Fset.Position(v.Pos()).Filename, "_test.go") {
			c.pass.ExportObjectFact(v, new(timeoutFact))
		}
	}
}
