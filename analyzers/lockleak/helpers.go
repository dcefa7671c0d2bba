package lockleak

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/golint-conc/golint-conc/internal/code"
)

// A release is a lock that a function of the package unlocks on behalf
// of its caller, named from the function's side: through its receiver,
// a parameter or a package-level variable.
type release struct {
	param  int        // parameter index, or receiver or global
	global *types.Var // param == global: the variable
	fields string     // selections from the root: ".mu"
	read   bool
}

// Values of release.param that do not index a parameter.
const (
	receiver = -1
	global   = -2
)

// helpers finds the functions of the package that unlock a lock their
// caller holds, such as (*Conn).unlockAndSignal, so that a call of one
// counts as an Unlock. Helpers of other packages are not followed.
type helpers struct {
	info  *types.Info
	decls map[*types.Func]*ast.FuncDecl
	memo  map[*types.Func][]release
	takes map[*types.Func][]acquire // see acquires
}

func newHelpers(pass *analysis.Pass) *helpers {
	h := &helpers{info: pass.TypesInfo, decls: make(map[*types.Func]*ast.FuncDecl), memo: make(map[*types.Func][]release), takes: make(map[*types.Func][]acquire)}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if decl, ok := d.(*ast.FuncDecl); ok && decl.Body != nil {
				if fn, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func); ok {
					h.decls[fn] = decl
				}
			}
		}
	}
	return h
}

// released returns the locks that call unlocks by calling a helper of
// the package, named from the caller's side.
func (h *helpers) released(call *ast.CallExpr) []lockKey {
	fn := code.Callee(h.info, call)
	if fn == nil {
		return nil
	}
	sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return h.releasedBy(fn, sel, call.Args)
}

// releasedBy returns the locks that a call of fn unlocks, given the
// selector of a method call or method value and the call's arguments.
func (h *helpers) releasedBy(fn *types.Func, sel *ast.SelectorExpr, args []ast.Expr) []lockKey {
	rels := h.releases(fn.Origin())
	if len(rels) == 0 {
		return nil
	}
	var keys []lockKey
	for _, r := range rels {
		if k, ok := h.callerKey(r, sel, args); ok {
			keys = append(keys, k)
		}
	}
	return keys
}

// callerKey names the lock r, seen from inside a function, as a call of
// it with this method selector and arguments does.
func (h *helpers) callerKey(r release, sel *ast.SelectorExpr, args []ast.Expr) (lockKey, bool) {
	var root code.Path
	var ok bool
	switch r.param {
	case receiver:
		if sel != nil {
			root, ok = code.ReceiverPath(h.info, sel)
		}
	case global:
		root, ok = code.Path{Root: r.global}, true
	default:
		if r.param < len(args) {
			root, ok = code.AccessPath(h.info, args[r.param])
		}
	}
	root.Fields += r.fields
	return lockKey{root, r.read}, ok
}

// releases returns the locks whose first operation in the function fn of
// this package is an unlock, directly or through other such helpers.
func (h *helpers) releases(fn *types.Func) []release {
	if rels, ok := h.memo[fn]; ok {
		return rels
	}
	decl, ok := h.decls[fn]
	if !ok {
		return nil
	}
	h.memo[fn] = nil // a recursive call releases nothing more
	params := h.params(fn, decl)
	unlocked := make(map[release]bool)
	var order []release
	// What counts is the first operation on a lock: a function that
	// starts by unlocking it expects it held on entry and releases it,
	// even if it locks it again for a while later, as grpc's
	// resetTransportAndUnlock does.
	note := func(r release, unlock bool) {
		if _, seen := unlocked[r]; !seen {
			order = append(order, r)
			unlocked[r] = unlock
		}
	}
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if lc, ok := lockCallOf(h.info, call); ok {
			if r, ok := h.ref(lc.key, params); ok {
				note(r, lc.method == mUnlock)
			}
			return false
		}
		for _, k := range h.released(call) {
			if r, ok := h.ref(k, params); ok {
				note(r, true)
			}
		}
		return true
	})
	var rels []release
	for _, r := range order {
		if unlocked[r] {
			rels = append(rels, r)
		}
	}
	h.memo[fn] = rels
	return rels
}

// params maps the receiver and parameters of fn to their release.param.
func (h *helpers) params(fn *types.Func, decl *ast.FuncDecl) map[*types.Var]int {
	params := make(map[*types.Var]int)
	if decl.Recv != nil && len(decl.Recv.List) == 1 && len(decl.Recv.List[0].Names) == 1 {
		if v, ok := h.info.Defs[decl.Recv.List[0].Names[0]].(*types.Var); ok {
			params[v] = receiver
		}
	}
	sig := fn.Signature()
	for i := 0; i < sig.Params().Len(); i++ {
		params[sig.Params().At(i)] = i
	}
	return params
}

// ref names the lock k, seen inside a function, from the function's
// callers' side, if they can name it.
func (h *helpers) ref(k lockKey, params map[*types.Var]int) (release, bool) {
	if i, ok := params[k.path.Root]; ok {
		return release{param: i, fields: k.path.Fields, read: k.read}, true
	}
	if v := k.path.Root; v.Parent() != nil && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
		return release{param: global, global: v, fields: k.path.Fields, read: k.read}, true
	}
	return release{}, false
}
