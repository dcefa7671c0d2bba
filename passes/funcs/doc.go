// Package funcs defines an analysis that indexes a package's functions:
// each declaration and literal, its control-flow graph, the function
// around any node, and which calls never return.
//
// # Analyzer funcs
//
// funcs: index the package's functions, their CFGs and their no-return calls
//
// The result, a *Result, lists every function declaration and function
// literal in source order, with its *types.Func for a declaration and the
// function around it for a literal. It answers the questions analyzers
// otherwise each re-derive: the CFG ctrlflow built for a function, the
// innermost function holding a node, the communications of a function's
// select cases, and whether a call never returns.
//
// A call never returns when ctrlflow says so (panic, os.Exit, and the
// functions built on them, through ctrlflow's own facts), when
// code.NeverReturns recognises it (log.Fatal, runtime.Goexit, t.Fatal on
// any testing.TB-shaped receiver, which ctrlflow loses at the interface
// call), or when it calls a function that on every path ends in such a
// call. Those last functions get a NoReturnFact, so that helpers like
//
//	func mustNot(t testing.TB, err error) {
//		t.Helper()
//		t.Fatalf("unexpected: %v", err)
//	}
//
// end their callers' paths in other packages too.
package funcs
