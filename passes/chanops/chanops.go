package chanops

import (
	_ "embed"
	"go/ast"
	"go/types"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/golint-conc/golint-conc/internal/analysisdoc"
	"github.com/golint-conc/golint-conc/internal/safe"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

//go:embed doc.go
var doc string

// Analyzer finds local channels and the operations on them. Its result is
// a *Result.
var Analyzer = &analysis.Analyzer{
	Name:       "chanops",
	Doc:        analysisdoc.MustExtract(doc, "chanops"),
	Requires:   []*analysis.Analyzer{inspect.Analyzer, spawnsites.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(ChanParamFact)},
}

// OpKind says what an operation does to a channel.
type OpKind uint8

const (
	Send  OpKind = iota // ch <- v
	Recv                // <-ch
	Range               // for v := range ch
	Close               // close(ch)
)

func (k OpKind) String() string {
	return [...]string{"send", "recv", "range", "close"}[k]
}

// An Op is one operation on a channel.
type Op struct {
	Kind OpKind
	// Node is the *ast.SendStmt, the *ast.UnaryExpr <-ch, the
	// *ast.RangeStmt or the *ast.CallExpr close(ch). For an operation
	// inferred from a call (ViaCall != nil) it is the *ast.CallExpr, or the
	// *ast.GoStmt of go f(ch).
	Node ast.Node
	// Select is the select statement whose case the operation is, or nil.
	Select *ast.SelectStmt
	// Goroutine is the spawn site of the goroutine that performs the
	// operation, or nil when the channel's creator performs it itself.
	// An operation inferred from a synchronous call whose callee performs
	// it from a goroutine of its own has Goroutine nil and Use&InGoroutine
	// set.
	Goroutine *spawnsites.Site
	// Func is the *ast.FuncDecl or *ast.FuncLit whose body holds Node.
	Func ast.Node
	// InLoop reports that the operation may run more than once for one
	// channel: it sits in a for or range statement that does not also
	// enclose the make, such as a loop around a go statement.
	InLoop bool
	// Deferred reports that the operation runs when Func returns: defer
	// close(ch), or inside a deferred function literal.
	Deferred bool
	// Drains reports, for a Range, that the loop receives until the
	// channel is closed: it is reached on every path through Func and
	// nothing in its body leaves it early. For a Range inferred from a
	// call, the call is reached on every path and Use.Drains holds.
	Drains bool
	// ViaCall is the function the channel is passed to when the operation
	// is inferred from that function's summary rather than seen directly,
	// and Use is that summary; nil and 0 otherwise.
	ViaCall *types.Func
	Use     Use
}

// A Chan is a channel made in this package and bound to a local variable.
type Chan struct {
	// Var is the variable the make is assigned to.
	Var *types.Var
	// Make is the make(chan T) or make(chan T, n) call.
	Make *ast.CallExpr
	Elem types.Type
	// Cap is the constant capacity: 0 for an unbuffered channel, -1 when
	// the capacity is not a constant.
	Cap int
	// Func is the *ast.FuncDecl or *ast.FuncLit that makes the channel.
	Func ast.Node
	// Ops are the operations on the channel anywhere in the package, in
	// source order.
	Ops []*Op
	// Escapes reports that code the pass does not see may use the channel;
	// EscapeReason says how ("returned", "stored in a struct field") and
	// EscapeNode is where. Analyzers should stay silent about such a
	// channel.
	Escapes      bool
	EscapeReason string
	EscapeNode   ast.Node
}

// OpsOf returns the operations of the given kind, in source order.
func (c *Chan) OpsOf(kind OpKind) []*Op {
	var ops []*Op
	for _, op := range c.Ops {
		if op.Kind == kind {
			ops = append(ops, op)
		}
	}
	return ops
}

// Senders returns the distinct goroutines that send on the channel, in
// order of their first send; nil stands for the creator's own goroutine
// (and for a goroutine a called function starts, see Op.Goroutine).
func (c *Chan) Senders() []*spawnsites.Site {
	var sites []*spawnsites.Site
	for _, op := range c.Ops {
		if op.Kind == Send && !slices.Contains(sites, op.Goroutine) {
			sites = append(sites, op.Goroutine)
		}
	}
	return sites
}

func (c *Chan) escape(reason string, n ast.Node) {
	if !c.Escapes {
		c.Escapes, c.EscapeReason, c.EscapeNode = true, reason, n
	}
}

// Result lists the channels a package makes, in source order.
type Result struct {
	Chans  []*Chan
	byVar  map[*types.Var]*Chan
	params map[*types.Func][]ParamUse
	// importFact is the pass's ImportObjectFact, kept so that ParamUse can
	// answer for any function, not only those this package calls.
	importFact func(types.Object, analysis.Fact) bool
}

// ChanOf returns the channel that v holds: the variable a make is bound
// to, or a copy of it or the parameter of a function literal it is passed
// to. It returns nil for any other variable.
func (r *Result) ChanOf(v *types.Var) *Chan { return r.byVar[v] }

// ParamUse returns what fn does with a channel passed as its i-th
// parameter (counting from 0, receiver excluded). ok is false when that is
// unknown: fn has no body, is an interface method, or parameter i is not a
// channel. It knows this package's functions and, through ChanParamFact,
// those of every package it depends on.
func (r *Result) ParamUse(fn *types.Func, i int) (use Use, ok bool) {
	if fn == nil {
		return 0, false
	}
	fn = fn.Origin()
	params, ok := r.params[fn]
	if !ok {
		var fact ChanParamFact
		if r.importFact == nil || fn.Pkg() == nil || !r.importFact(fn, &fact) {
			return 0, false
		}
		params = fact.Params
	}
	for _, p := range params {
		if int(p.Index) == i {
			return p.Use, true
		}
	}
	return 0, false
}

// Use is a summary of what a function does with a channel parameter.
type Use uint16

const (
	Sends    Use = 1 << iota // sends on it
	Receives                 // receives from it, outside range loops
	Ranges                   // ranges over it
	Closes                   // closes it
	// Escapes: lets it escape, so anything may happen to it.
	Escapes
	// InGoroutine: some operation runs in a goroutine the function starts.
	InGoroutine
	// InLoop: some operation may run more than once per call.
	InLoop
	// PlainSend and PlainRecv: some send (receive) is not a select case,
	// so it waits for its partner however long it takes. Sends without
	// PlainSend means every send is a select case.
	PlainSend
	PlainRecv
	// StopsEarly: some range over it may stop before the channel is
	// closed: its body can leave it, or the function can return without
	// reaching it.
	StopsEarly
)

var useNames = [...]string{"send", "recv", "range", "close", "escape", "go", "loop", "plainsend", "plainrecv", "early"}

// Ops reports whether u includes any send, receive, range or close.
func (u Use) Ops() bool { return u&(Sends|Receives|Ranges|Closes) != 0 }

// Drains reports whether the function receives from the channel until it
// is closed: it ranges over it to the end, and does nothing else that
// receives or lets the channel escape.
func (u Use) Drains() bool { return u&Ranges != 0 && u&(Receives|StopsEarly|Escapes) == 0 }

func (u Use) String() string {
	if u == 0 {
		return "none"
	}
	var names []string
	for i, name := range useNames {
		if u&(1<<i) != 0 {
			names = append(names, name)
		}
	}
	return strings.Join(names, "|")
}

// ParamUse is the summary for one channel parameter.
type ParamUse struct {
	Index uint8
	Use   Use
}

// ChanParamFact summarises what a function or method does with each of its
// channel-typed parameters. Analyzers read it through Result.ParamUse.
type ChanParamFact struct {
	Params []ParamUse
}

func (*ChanParamFact) AFact() {}

func (f *ChanParamFact) String() string {
	var parts []string
	for _, p := range f.Params {
		parts = append(parts, strconv.Itoa(int(p.Index))+":"+p.Use.String())
	}
	return "chanparams(" + strings.Join(parts, " ") + ")"
}

func run(pass *analysis.Pass) (_ any, err error) {
	// Drivers run a required analyzer as it is, not wrapped by
	// analyzers.All, so this pass turns its own panics into errors.
	defer safe.Recover(pass, &err)
	inspect := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	spawns := pass.ResultOf[spawnsites.Analyzer].(*spawnsites.Result)
	res := &Result{importFact: pass.ImportObjectFact}

	scope := findScope(pass, inspect)
	if len(scope.decls) == 0 {
		return res, nil
	}
	w := newWalker(pass, spawns, scope)
	w.bind()
	w.walkUses()
	w.summarize()
	w.finish(res)
	return res, nil
}
