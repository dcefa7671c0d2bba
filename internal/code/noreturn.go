package code

import (
	"go/ast"
	"go/types"
	"strings"
)

// NeverReturns reports whether call is a call of panic or of a function
// that ends the goroutine (EndsGoroutine) or the process (os.Exit,
// log.Fatal, log.Panic). It is for the calls the CFG cannot see end: a
// fallback behind ctrlflow's no-return facts where those are at hand.
func NeverReturns(info *types.Info, call *ast.CallExpr) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "panic" {
			return true
		}
	}
	if EndsGoroutine(info, call) {
		return true
	}
	fn := Callee(info, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "os":
		return fn.Name() == "Exit"
	case "log":
		return strings.HasPrefix(fn.Name(), "Fatal") || strings.HasPrefix(fn.Name(), "Panic")
	}
	return false
}

// EndsGoroutine reports whether call ends the goroutine that makes it but
// not the process: runtime.Goexit, and the test-ending methods built on
// it. Other goroutines, and whatever they are blocked on, live on after
// it; after os.Exit, log.Fatal or an unrecovered panic nothing does.
//
// ctrlflow's no-return facts see t.FailNow on a *testing.T reach
// runtime.Goexit but lose the trail at any interface call: t.Fatal on a
// testing.TB, or a testify suite's s.FailNow, which reaches t.FailNow
// through the TestingT interface. So the test-ending methods are
// recognised by shape: a method call of FailNow, Fatal, Fatalf, SkipNow,
// Skip or Skipf whose receiver also has an Errorf method, the shape that
// testing's types and testing.TB, testify's TestingT, Assertions and
// suites and gomock's TestReporter share. A decoder's Skip method is not
// one.
func EndsGoroutine(info *types.Info, call *ast.CallExpr) bool {
	if IsFunc(Callee(info, call), "runtime", "Goexit") {
		return true
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	switch sel.Sel.Name {
	case "FailNow", "Fatal", "Fatalf", "SkipNow", "Skip", "Skipf":
	default:
		return false
	}
	s, ok := info.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return false
	}
	errorf, _, _ := types.LookupFieldOrMethod(s.Recv(), true, nil, "Errorf")
	_, isFunc := errorf.(*types.Func)
	return isFunc
}
