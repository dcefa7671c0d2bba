// Package spawnsites defines an analysis that finds every place a package
// starts a goroutine and says what runs in it.
//
// # Analyzer spawnsites
//
// spawnsites: find goroutine spawn sites and what each one starts
//
// The result, a *Result, lists each go statement, and each call of
// (*sync.WaitGroup).Go and (*errgroup.Group).Go or TryGo, with the code the
// new goroutine runs: a function literal, a named function or method, a
// method value, or a closure stored in a local variable and started later.
// For each it records the arguments evaluated by the spawner, the
// variables a literal captures, the function the spawn happens in and the
// syntax path to it, so that analyzers need not re-derive any of this.
//
// It exports a SpawnsFact for every function or method whose own body
// starts a goroutine, so analyzers can see spawns through calls into other
// packages.
package spawnsites
