// Package loopcapture defines an Analyzer that reports goroutines and
// deferred closures that observe a loop variable shared by all iterations.
//
// # Analyzer loopcapture
//
// loopcapture: report goroutines and deferred closures that see a loop variable shared by all iterations
//
// The analyzer looks at function literals started with go, with
// (*sync.WaitGroup).Go or (*errgroup.Group).Go and TryGo, or deferred,
// whether written in place or assigned once to a local variable and
// started later (f := func() { ... }; go f()). In files before Go 1.22 it
// reports such a closure inside a loop when it refers to the loop's range
// variables or to a 3-clause loop variable that the loop changes. In every
// Go version it reports a closure that uses a variable assigned by
// for k, v = range or by the loop's post statement but declared outside
// the loop; a goroutine that only reads a variable declared outside the
// loop and assigned in the loop body; and a goroutine that assigns a
// 3-clause loop variable (golang/go#66156).
//
// It does not report values passed as arguments (go func(i int) { ... }(i)),
// copies (v := v) or other variables declared inside the loop body,
// closures called synchronously, goroutines that lock a mutex around
// shared state declared outside the loop, or closures after which the
// iteration certainly leaves the loop (return, break, panic, os.Exit,
// log.Fatal, t.Fatal) or, for a goroutine, waits for it (wg.Wait(),
// g.Wait(), a receive from a channel the goroutine sends on or closes, or
// a select whose every case does one of these) before the loop can change
// the variable. A wait inside a 3-clause loop counts when the loop
// certainly runs its body (for i := 0; i < n; i++ with n a constant above
// zero) and nothing before the wait in the body can skip it. A receive
// counts only when the goroutine sends or closes, itself or through a
// function of the package it passes the channel to (one that sends on it
// once per call), after its last use of the variable: a ready signal sent
// before the goroutine reads the variable lets the loop move on too soon.
// A function literal the loop calls, or passes to a call that runs it
// before returning, is part of the iteration, so a wait inside it counts:
// a subtest given to t.Run, sync.Once.Do, and a function of the package
// that only calls its function parameter. So, for want of knowing better,
// is a literal given to a function of another package. A literal that may
// run after the call returns is not: a subtest that calls t.Parallel on
// its own t, one given to time.AfterFunc or context.AfterFunc or appended
// to a slice, or to a function of the package that stores its function
// parameter or starts a goroutine with it; a goroutine inside such a
// literal is reported even if the literal waits for it, and gets no
// suggested fix, since a copy inside the literal would be made too late.
// A deferred call inside a function literal that the loop calls runs
// within the iteration and is not reported either.
// Unlike vet's loopclosure, it checks every statement of the loop body,
// not only the last one.
//
// Nor does it report a goroutine kept in flight one at a time behind a
// gate on a channel variable it signals, whose variables the loop changes
// only once the goroutine is done with them: the goroutine's last use of
// the channel and of the variable is a send on the channel or its close
// (nothing after that in its control flow refers to either, or the close
// is deferred), and the loop assigns both, and starts the goroutine, only
// after receiving from the channel, which completes only once the
// goroutine has signalled, or inside if ch == nil (alone or in a chain of
// &&), having assigned the channel before the go statement. Resetting the
// channel on another path, such as a timeout case, or after the first of
// several sends, or changing the variable outside the gate, is still
// reported:
//
//	for {
//		if done == nil && len(q) > 0 {
//			b := q
//			q, done = nil, make(chan struct{})
//			go func() { send(b); close(done) }()
//		}
//		select {
//		case <-done:
//			done = nil // the goroutine has closed done: fine
//		case <-time.After(time.Minute):
//			done = nil // the goroutine may still close it: reported
//		case x := <-in:
//			q = append(q, x)
//		}
//	}
//
// # Why it matters
//
// A closure refers to variables, not to their values. When a goroutine
// or a deferred call outlives the loop iteration that created it and the
// variable it reads is one variable for the whole loop, every closure
// reads whatever the loop last stored there: each worker processes the
// last job, each deferred Close closes the last file. For goroutines the
// read is also a data race with the loop's next assignment, which the
// race detector reports only if a test happens to hit it.
//
// Go 1.22 made range and 3-clause loop variables per-iteration, so the
// classic form of the bug is gone in modules that say go 1.22 or later.
// But old modules and files pinned with //go:build go1.21 still have it,
// and three shapes remain shared in every version: for k, v = range with
// variables declared before the loop, a variable declared before the loop
// and assigned in its body, and a goroutine that assigns a 3-clause loop
// variable, which the loop copies into the next iteration's variable.
//
// # Wrong
//
//	func fetchAll(urls []string) []Result {
//		results := make([]Result, len(urls))
//		var wg sync.WaitGroup
//		for i, u := range urls { // this file is go1.21
//			wg.Add(1)
//			go func() {
//				defer wg.Done()
//				results[i] = fetch(u) // i and u are the same variables for every goroutine
//			}()
//		}
//		wg.Wait()
//		return results
//	}
//
//	func serve(ln net.Listener) error {
//		var conn net.Conn
//		var err error
//		for {
//			conn, err = ln.Accept()
//			if err != nil {
//				return err
//			}
//			go handle(conn) // fine: conn is evaluated now
//			go func() { log.Print(conn.RemoteAddr()) }() // races with the next Accept
//		}
//	}
//
// # Right
//
//	for i, u := range urls {
//		wg.Add(1)
//		go func(i int, u string) {
//			defer wg.Done()
//			results[i] = fetch(u)
//		}(i, u)
//	}
//
//	for {
//		conn, err := ln.Accept()
//		if err != nil {
//			return err
//		}
//		go func() { log.Print(conn.RemoteAddr()) }()
//	}
//
// # How to fix
//
// Pass the variable to the closure as an argument, or copy it inside the
// loop before the go or defer statement (v := v), so each closure gets
// its own variable. For a variable declared before the loop, declare it
// inside the loop body instead. In files before Go 1.22, a suggested fix
// inserts the copies (one per captured loop variable, in order of first
// use) on the line before the go or defer statement, or before the
// assignment of a stored closure, when the variable is neither assigned
// nor has its address taken in the loop. Raising the module's go
// directive to 1.22 or later also fixes the per-iteration cases.
//
// # Go versions
//
// Before Go 1.22 (the version of each file, from go.mod or a //go:build
// line) range and 3-clause loop variables are shared by all iterations,
// and capturing them is reported. From Go 1.22 they are per-iteration and
// capturing them is not reported; the shapes that stay shared are
// reported in every version. (*sync.WaitGroup).Go is Go 1.25.
package loopcapture
