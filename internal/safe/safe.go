// Package safe turns a panic in an analyzer into an error for that
// analyzer on that package, so that one bug in one analyzer, met on one
// unusual piece of code, costs the user one result and not the whole run.
//
// Every driver golint-conc runs under reports an analyzer's error and
// carries on: x/tools' checker fails the action and the actions that need
// its result ("failed prerequisites"), and prints only the root cause;
// unitchecker (go vet) prints the error and exits 1. A panic, by
// contrast, kills the process with a stack dump that names neither the
// analyzer nor the package.
package safe

import (
	"fmt"
	"runtime"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// frames is how many frames of the panicking stack an error keeps: enough
// to find the line that panicked and its callers, short enough to read.
const frames = 5

// A PanicError is an analyzer's panic, recovered.
type PanicError struct {
	Analyzer string // the analyzer that panicked
	Package  string // the path of the package it was analyzing
	Value    any    // the value passed to panic
	// Stack is the innermost frames of the panicking goroutine, from the
	// panic site outwards: per frame, the function on one line and its
	// file:line on the next, indented as in a goroutine dump.
	Stack string
}

func (e *PanicError) Error() string {
	msg := fmt.Sprintf("internal error in analyzer %s on package %s: panic: %v (please report it with the code that caused it)",
		e.Analyzer, e.Package, e.Value)
	if e.Stack == "" {
		return msg
	}
	return msg + "\n" + e.Stack
}

// Wrap returns a copy of a, with the same name, documentation, flags,
// requirements, result type and fact types, whose Run returns a
// *PanicError instead of panicking.
func Wrap(a *analysis.Analyzer) *analysis.Analyzer {
	if a == nil || a.Run == nil {
		return a
	}
	wrapped := *a
	run := a.Run
	wrapped.Run = func(pass *analysis.Pass) (_ any, err error) {
		defer Recover(pass, &err)
		return run(pass)
	}
	return &wrapped
}

// Recover, deferred by an analyzer's run function with its error result,
// turns a panic into a *PanicError in *err:
//
//	func run(pass *analysis.Pass) (_ any, err error) {
//		defer safe.Recover(pass, &err)
//
// It must be deferred directly, as recover only stops a panic there. The
// result should be left nil: drivers ignore it when err is set.
func Recover(pass *analysis.Pass, err *error) {
	v := recover()
	if v == nil {
		return
	}
	e := &PanicError{Value: v, Stack: panicStack()}
	if pass != nil {
		if pass.Analyzer != nil {
			e.Analyzer = pass.Analyzer.Name
		}
		if pass.Pkg != nil {
			e.Package = pass.Pkg.Path()
		}
	}
	*err = e
}

// panicStack formats the innermost frames below the panic: the frames of
// Recover and of the runtime's panic machinery (gopanic, and sigpanic or
// goPanicIndex for a runtime error) come first on the stack and are
// skipped, so the first frame printed is the line that panicked. Wrap's
// own frame, in this file, is skipped too: it says nothing about the bug.
func panicStack() string {
	_, self, _, _ := runtime.Caller(0)
	pcs := make([]uintptr, 64)
	n := runtime.Callers(1, pcs)
	it := runtime.CallersFrames(pcs[:n])
	var b strings.Builder
	seenPanic, kept := false, 0
	for kept < frames {
		f, more := it.Next()
		switch {
		case f.Function == "runtime.gopanic":
			seenPanic = true
		case !seenPanic || f.File == self:
		case kept > 0 || !strings.HasPrefix(f.Function, "runtime."):
			fmt.Fprintf(&b, "\t%s\n\t\t%s:%d\n", f.Function, f.File, f.Line)
			kept++
		}
		if !more {
			break
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}
