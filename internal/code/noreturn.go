package code

import (
	"go/ast"
	"go/types"
)

// EndsTest reports whether call ends the test it runs in although the
// CFG may say it returns. It is a fallback behind ctrlflow's no-return
// facts, which see t.FailNow on a *testing.T reach runtime.Goexit but
// lose the trail at any interface call: t.Fatal on a testing.TB, or a
// testify suite's s.FailNow, which reaches t.FailNow through the
// TestingT interface. The rule: a method call of FailNow, Fatal, Fatalf,
// SkipNow, Skip or Skipf whose receiver also has an Errorf method, the
// shape that testing.TB, testify's TestingT, Assertions and suites and
// gomock's TestReporter share. A decoder's Skip method is not one.
func EndsTest(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	switch sel.Sel.Name {
	case "FailNow", "Fatal", "Fatalf", "SkipNow", "Skip", "Skipf": // they end the goroutine by runtime.Goexit
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
