package chanops

import (
	"cmp"
	"go/types"
	"slices"
)

// summarize computes what each function declared here does with its
// channel parameters: the operations seen in its body, plus, to a fixed
// point, what the functions it passes them to do. Every bit only ever
// gets set, so the iteration ends.
func (w *walker) summarize() {
	for _, t := range w.params {
		t.use = direct(t.ch)
	}
	for changed := true; changed; {
		changed = false
		for _, t := range w.params {
			use := t.use
			for _, e := range t.calls {
				callee, ok := w.summary(e.callee, e.index)
				if !ok {
					callee = Escapes
				}
				use |= e.lift(callee)
			}
			if use != t.use {
				t.use, changed = use, true
			}
		}
	}
}

// direct summarises the operations seen on ch itself.
func direct(ch *Chan) Use {
	var use Use
	if ch.Escapes {
		use |= Escapes
	}
	for _, op := range ch.Ops {
		switch op.Kind {
		case Send:
			use |= Sends
			if op.Select == nil {
				use |= PlainSend
			}
		case Recv:
			use |= Receives
			if op.Select == nil {
				use |= PlainRecv
			}
		case Range:
			use |= Ranges
			if !op.Drains {
				use |= StopsEarly
			}
		case Close:
			use |= Closes
		}
		if op.Goroutine != nil {
			use |= InGoroutine
		}
		if op.InLoop {
			use |= InLoop
		}
	}
	return use
}

// lift turns the callee's summary into what the call does to the
// caller's channel, given where the call happens.
func (e *callEdge) lift(use Use) Use {
	if use.Ops() && e.where.goroutine != nil {
		use |= InGoroutine
	}
	if use.Ops() && e.where.inLoop {
		use |= InLoop
	}
	if use&Ranges != 0 && !e.reached {
		use |= StopsEarly
	}
	return use
}

// summary returns what fn does with its i-th parameter, if the pass knows.
func (w *walker) summary(fn *types.Func, i int) (Use, bool) {
	if list, ok := w.local[fn]; ok {
		for _, t := range list {
			if t.index == i {
				return t.use, true
			}
		}
		return 0, false
	}
	params, ok := w.imports[fn]
	if !ok {
		var fact ChanParamFact
		if fn.Pkg() != nil && fn.Pkg() != w.pass.Pkg && w.pass.ImportObjectFact(fn, &fact) {
			params = fact.Params
		}
		w.imports[fn] = params
	}
	for _, p := range params {
		if int(p.Index) == i {
			return p.Use, true
		}
	}
	return 0, false
}

// finish adds to each made channel the operations its calls imply, exports
// the parameter summaries as facts and fills in res.
func (w *walker) finish(res *Result) {
	for _, ch := range w.chans {
		if t := w.vars[ch.Var]; t != nil && t.ch == ch {
			w.addCallOps(t)
		}
	}
	res.Chans = w.chans
	res.byVar = make(map[*types.Var]*Chan)
	for v, t := range w.vars {
		if t != nil && t.fn == nil {
			res.byVar[v] = t.ch
		}
	}
	res.params = make(map[*types.Func][]ParamUse)
	for fn, list := range w.local {
		var params []ParamUse
		for _, t := range list {
			if t.index <= 255 {
				params = append(params, ParamUse{Index: uint8(t.index), Use: t.use})
			}
		}
		res.params[fn] = params
		w.pass.ExportObjectFact(fn, &ChanParamFact{Params: params})
	}
}

// addCallOps adds an operation for each thing a callee does with the
// channel, or marks the channel escaping when a callee lets it.
func (w *walker) addCallOps(t *tracked) {
	ch := t.ch
	if len(t.calls) == 0 {
		return
	}
	for _, e := range t.calls {
		use, ok := w.summary(e.callee, e.index)
		if !ok {
			ch.escape("passed to "+e.callee.Name()+", whose body the pass cannot see", e.node)
			continue
		}
		if use&Escapes != 0 {
			ch.escape("passed to "+e.callee.Name()+", which lets it escape", e.node)
		}
		for kind, bit := range [...]Use{Send: Sends, Recv: Receives, Range: Ranges, Close: Closes} {
			if use&bit == 0 {
				continue
			}
			ch.Ops = append(ch.Ops, &Op{
				Kind:      OpKind(kind),
				Node:      e.node,
				Goroutine: e.where.goroutine,
				Func:      e.where.fn,
				InLoop:    e.where.inLoop,
				Deferred:  e.where.deferred,
				Drains:    OpKind(kind) == Range && e.reached && use.Drains(),
				ViaCall:   e.callee,
				Use:       use,
			})
		}
	}
	slices.SortStableFunc(ch.Ops, func(a, b *Op) int { return cmp.Compare(a.Node.Pos(), b.Node.Pos()) })
}
