package mainexit

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/golint-conc/golint-conc/internal/code"
)

// An op is a step of the entry function that may wait for goroutines.
type op struct {
	kind opKind
	v    *types.Var // opVar: the tracked channel or group; opCtx: the context
}

type opKind uint8

const (
	// opAll may wait for any goroutine: a call the analysis cannot see
	// into, a sleep, a receive from a channel it does not track.
	opAll opKind = iota
	// opVar receives from a tracked channel or waits on a tracked
	// WaitGroup or errgroup.Group.
	opVar
	// opCtx receives from ctx.Done(): it waits for the context to be
	// cancelled, not for the goroutines that watch it to return.
	opCtx
)

// opsOf returns the ops of n, which runs in the entry function or in a
// function it calls: function literals are not entered unless called in
// place, and deferred calls and goroutines' bodies are left out.
func (e *entry) opsOf(n ast.Node) []op {
	var ops []op
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.DeferStmt:
			return false
		case *ast.GoStmt:
			for _, arg := range n.Call.Args {
				ops = append(ops, e.opsOf(arg)...)
			}
			return false
		case *ast.SelectStmt:
			if hasDefault(n) { // polls: only the clauses' bodies may wait
				for _, cc := range n.Body.List {
					for _, s := range cc.(*ast.CommClause).Body {
						ops = append(ops, e.opsOf(s)...)
					}
				}
				return false
			}
		case *ast.RangeStmt:
			if isChan(e.c.pass.TypesInfo.TypeOf(n.X)) {
				ops = append(ops, e.recv(n.X))
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				ops = append(ops, e.recv(n.X))
			}
		case *ast.CallExpr:
			if e.sites.Of(n) != nil {
				return false // wg.Go(f): f runs in a new goroutine
			}
			if lit, ok := ast.Unparen(n.Fun).(*ast.FuncLit); ok {
				ops = append(ops, e.opsOf(lit.Body)...)
				return true
			}
			switch kind, recv := e.c.callKind(n); kind {
			case callBlocks:
				ops = append(ops, op{kind: opAll})
			case callWait:
				ops = append(ops, e.wait(recv))
			}
		}
		return true
	})
	return ops
}

// recv classifies a receive from ch.
func (e *entry) recv(ch ast.Expr) op {
	info := e.c.pass.TypesInfo
	if call, ok := ast.Unparen(ch).(*ast.CallExpr); ok {
		fn := code.Callee(info, call)
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && isCtxDone(fn) {
			if v := plainVar(info, sel.X); v != nil {
				return op{kind: opCtx, v: v}
			}
		}
		return op{kind: opAll}
	}
	if v := plainVar(info, ch); v != nil && e.tracked[v] {
		return op{kind: opVar, v: v}
	}
	// Timers, tickers and signal channels wait for time or the outside
	// world; that is a choice of how long the goroutines get, not a
	// forgotten join (sleepsync's business when it is a guess).
	return op{kind: opAll}
}

// wait classifies a call of a Wait method on recv.
func (e *entry) wait(recv ast.Expr) op {
	if v := plainVar(e.c.pass.TypesInfo, recv); v != nil && e.tracked[v] {
		return op{kind: opVar, v: v}
	}
	return op{kind: opAll}
}

// plainVar returns the variable x names, through parentheses and & or *.
func plainVar(info *types.Info, x ast.Expr) *types.Var {
	for {
		switch e := ast.Unparen(x).(type) {
		case *ast.Ident:
			v, _ := info.Uses[e].(*types.Var)
			return v
		case *ast.StarExpr:
			x = e.X
		case *ast.UnaryExpr:
			if e.Op != token.AND {
				return nil
			}
			x = e.X
		default:
			return nil
		}
	}
}

type callKind uint8

const (
	callQuiet  callKind = iota // returns without waiting for goroutines
	callBlocks                 // may wait for any goroutine
	callWait                   // a Wait method: waits for what its receiver counts
)

// callKind says whether call may wait for goroutines, and for a Wait
// method returns its receiver. Calls the analysis cannot see into count
// as waiting: precision matters more here than finding every case.
func (c *checker) callKind(call *ast.CallExpr) (callKind, ast.Expr) {
	info := c.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		return callQuiet, nil // conversion
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if _, ok := info.Uses[id].(*types.Builtin); ok {
			return callQuiet, nil
		}
	}
	if t := info.TypeOf(call.Fun); t != nil &&
		(code.IsNamed(t, "context", "CancelFunc") || code.IsNamed(t, "context", "CancelCauseFunc")) {
		return callQuiet, nil
	}
	fn := code.Callee(info, call)
	if fn == nil {
		return callBlocks, nil // a function value
	}
	fn = fn.Origin()
	if fn.Name() == "Wait" && fn.Signature().Recv() != nil {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			return callWait, sel.X
		}
		return callBlocks, nil
	}
	switch {
	case code.IsInterfaceMethod(fn):
		if fn.Name() == "Error" || fn.Name() == "String" || fn.Pkg().Path() == "context" {
			return callQuiet, nil
		}
		return callBlocks, nil
	case fn.Pkg() == c.pass.Pkg:
		if c.blocks(fn) {
			return callBlocks, nil
		}
		return callQuiet, nil
	case quiet(fn):
		return callQuiet, nil
	}
	return callBlocks, nil
}

// blocks reports whether calling fn, a function of this package, may wait
// for goroutines, itself or through its calls.
func (c *checker) blocks(fn *types.Func) bool {
	switch c.memo[fn] {
	case visiting, mayBlock:
		return true // recursion: assume the worst
	case returns:
		return false
	}
	decl := c.decls[fn]
	if decl == nil {
		return true
	}
	c.memo[fn] = visiting
	e := &entry{c: c, sites: c.sites} // nothing is tracked: every wait is opAll
	result := returns
	if len(e.opsOf(decl.Body)) > 0 || c.defersWait(decl.Body) {
		result = mayBlock
	}
	c.memo[fn] = result
	return result == mayBlock
}

// defersWait reports whether a call deferred in body may wait.
func (c *checker) defersWait(body *ast.BlockStmt) bool {
	e := &entry{c: c, sites: c.sites}
	for _, d := range deferStmts(body) {
		if len(e.deferredOps(d)) > 0 {
			return true
		}
	}
	return false
}

type funcState uint8

const (
	unseen funcState = iota
	visiting
	returns
	mayBlock
)

// quietPkgs lists standard packages none of whose functions wait for
// other goroutines of the program (log.Fatal and friends never return,
// which the control-flow graph already knows).
var quietPkgs = map[string]bool{
	"bytes": true, "cmp": true, "container/heap": true, "container/list": true,
	"container/ring": true, "context": true, "crypto/md5": true, "crypto/rand": true,
	"crypto/sha1": true, "crypto/sha256": true, "crypto/sha512": true,
	"encoding/base64": true, "encoding/binary": true, "encoding/hex": true, "encoding/json": true,
	"errors": true, "flag": true, "hash/crc32": true, "hash/fnv": true, "html": true,
	"html/template": true, "log": true, "log/slog": true, "maps": true, "math": true,
	"math/big": true, "math/bits": true, "math/rand": true, "math/rand/v2": true,
	"net/url": true, "os/signal": true, "path": true, "path/filepath": true, "reflect": true,
	"regexp": true, "runtime/debug": true, "slices": true, "sort": true, "strconv": true,
	"strings": true, "sync": true, "sync/atomic": true, "text/tabwriter": true,
	"text/template": true, "unicode": true, "unicode/utf16": true, "unicode/utf8": true,
}

// httpSetup lists the net/http functions that only configure a server.
var httpSetup = map[string]bool{
	"Handle": true, "HandleFunc": true, "NewServeMux": true, "NewRequest": true,
	"NewRequestWithContext": true, "StripPrefix": true, "FileServer": true, "TimeoutHandler": true,
}

// quiet reports whether fn, a standard library function, never waits for
// the program's goroutines.
func quiet(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	path, name := fn.Pkg().Path(), fn.Name()
	switch path {
	case "fmt":
		return !strings.HasPrefix(name, "Scan") && !strings.HasPrefix(name, "Fscan")
	case "time":
		return name != "Sleep"
	case "runtime":
		return name != "Gosched" && name != "Goexit"
	case "os":
		// Reading may wait for a goroutine writing the other end of a pipe.
		return !strings.HasPrefix(name, "Read") || fn.Signature().Recv() == nil
	case "testing":
		return name != "Run" // m.Run runs the tests
	case "bufio":
		return fn.Signature().Recv() == nil || code.IsNamed(fn.Signature().Recv().Type(), "bufio", "Writer")
	case "net/http":
		return httpSetup[name]
	}
	return quietPkgs[path]
}

// isCtxDone reports whether fn is the Done method of a context.Context.
func isCtxDone(fn *types.Func) bool {
	return fn != nil && fn.Name() == "Done" && code.IsMethod(fn, "context", "Context", "Done")
}

func isChan(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

func hasDefault(sel *ast.SelectStmt) bool {
	for _, cc := range sel.Body.List {
		if cc.(*ast.CommClause).Comm == nil {
			return true
		}
	}
	return false
}
