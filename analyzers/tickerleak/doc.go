// Package tickerleak defines an Analyzer that reports tickers and timers
// left running: before Go 1.23 ones never stopped, and in every version a
// ticker driving a goroutine that can never end.
//
// # Analyzer tickerleak
//
// tickerleak: report tickers and timers that are never stopped or that drive a goroutine with no exit
//
// Before Go 1.23 the runtime never collects a ticker that is not stopped,
// and keeps a timer that is not stopped until it fires. In files compiled
// under an older Go version (the go line of go.mod, or a //go:build
// go1.N line) the analyzer reports:
//
//   - time.Tick, or time.NewTicker(d).C, in a function that can return
//     after making it: nothing can ever stop its ticker;
//   - time.Tick evaluated in a loop, which starts a new ticker on every
//     iteration, even in main or an endless function;
//   - a time.NewTicker or time.NewTimer held in a local variable that is
//     never stopped, in a function that can return after making it,
//     when nothing else could stop it: the variable is not returned,
//     stored, passed, copied or used by a function literal, and its
//     channel is only received from. A timer whose channel is only read by plain receive statements
//     (<-t.C outside a select) has fired before the function goes on, and
//     is not reported;
//   - time.After received from in a select inside a loop, when another
//     case of the select (or its default) goes round the loop again: each
//     iteration starts a timer that the select abandons whenever another
//     case wins. When every other case leaves the loop (return, a break or
//     goto out of it, panic or a call that never returns), as in a retry
//     backoff, at most one timer is left, and nothing is reported. Nor for
//     loops with constant bounds of at most ten iterations, such as
//     waiting for two results, nor for time.After(0), which fires at
//     once. A time.After assigned to a variable the select receives from
//     is reported when a path round the loop assigns the variable again
//     before the select has received from it (t := time.After(d) at the
//     top of each iteration, or a re-arm in another case), abandoning
//     the running timer; not when it is made before the loop and re-armed
//     only once it fired (case <-t: t = time.After(d)).
//
// main, init and functions that never return (an endless loop with no
// return or break, including a range over a ticker's channel, which is
// never closed) may keep a ticker or timer for ever. So may a function
// whose return ends the process, such as run in log.Fatal(run()): one
// called, only directly and never from a test file, by main or by another
// such function, each time as its caller's last work (in no loop, and
// followed by nothing but calls outside the package, such as log.Fatal or
// os.Exit, before the caller returns). It runs once per process, and what
// it leaves running ends with it. A function used as a value (a handler),
// an exported one outside package main, or one after which main goes on
// with more of its own work is still checked: nothing says how often it
// runs, or the goroutine's work may end with it. time.AfterFunc is not
// reported: its timer is meant to fire. Test files are skipped: a test
// binary exits soon after.
//
// A function that returns only before it makes its ticker (if d == 0 {
// return }, then for range time.Tick(d)) keeps that ticker for as long as
// it runs, which is for ever: like an endless function it is not reported
// for keeping it, and as a goroutine it is checked as below.
//
// In every Go version, the analyzer reports a goroutine whose loop
// receives from a ticker and that can never return once the loop has
// started: no return, no break out of the loop, no case that ends it. The
// ticker fires for as long as the goroutine runs, which is for ever, and
// its deferred Stop, if any, never runs. This is reported only when the
// goroutine alone could stop that ticker (one it makes, time.Tick's, or
// one it captures that its starter never stops; not a struct field or a
// parameter), and only when the function that starts it can itself
// return and is not main, init, a sync.Once function or a function whose
// return ends the process: those start daemons meant to live as long as
// the program. Test files are skipped here too: their helpers often serve
// as the main function of a subprocess.
//
// staticcheck's SA1015 reports time.Tick outside the main package, tests
// and endless functions, and since staticcheck 2024.1 only in code that
// targets a Go version before 1.23. This analyzer keeps that version gate
// and goes further on both sides of it: before Go 1.23 it also reports
// unstopped NewTicker and NewTimer results, time.After in select loops,
// Tick in the main package's other functions, and Tick in a loop even in
// main or an endless function; in every version it reports the endless
// ticker goroutine, a leak that collection of unreferenced tickers does
// not fix.
//
// # Why it matters
//
// An unstopped ticker (before Go 1.23) costs memory and a wake-up of the
// runtime's timer machinery on every tick for the rest of the program's
// life. A function called per request or per connection that leaks one
// accumulates thousands of them: memory grows and CPU is spent firing
// ticks nobody reads. A time.After in a busy select loop allocates a
// timer per iteration that lives until it fires, minutes later for a long
// timeout. And a goroutine with no way to stop, started once per
// constructor call, leaks itself and its ticker for good in any Go
// version; its defer ticker.Stop() only looks like cleanup.
//
// # Wrong
//
//	func drain(reqs <-chan Request) {
//		lim := time.Tick(200 * time.Millisecond) // leaks when drain returns
//		for r := range reqs {
//			<-lim
//			handle(r)
//		}
//	}
//
//	func poll(ctx context.Context, in <-chan Event) {
//		for {
//			select {
//			case e := <-in:
//				handle(e)
//			case <-time.After(time.Minute): // a new timer per event
//				log.Print("idle")
//			case <-ctx.Done():
//				return
//			}
//		}
//	}
//
//	func NewLimiter(rate time.Duration) *Limiter {
//		l := &Limiter{tokens: make(chan struct{}, 10)}
//		go func() {
//			t := time.NewTicker(rate)
//			defer t.Stop() // never runs
//			for range t.C {
//				select {
//				case l.tokens <- struct{}{}:
//				default:
//				}
//			}
//		}()
//		return l
//	}
//
// # Right
//
//	func drain(reqs <-chan Request) {
//		t := time.NewTicker(200 * time.Millisecond)
//		defer t.Stop()
//		for r := range reqs {
//			<-t.C
//			handle(r)
//		}
//	}
//
//	func poll(ctx context.Context, in <-chan Event) {
//		idle := time.NewTimer(time.Minute)
//		defer idle.Stop()
//		for {
//			select {
//			case e := <-in:
//				handle(e)
//				if !idle.Stop() {
//					<-idle.C // before Go 1.23, drain a fired timer before Reset
//				}
//			case <-idle.C:
//				log.Print("idle")
//			case <-ctx.Done():
//				return
//			}
//			idle.Reset(time.Minute)
//		}
//	}
//
//	func NewLimiter(rate time.Duration) *Limiter {
//		l := &Limiter{tokens: make(chan struct{}, 10), done: make(chan struct{})}
//		go func() {
//			t := time.NewTicker(rate)
//			defer t.Stop()
//			for {
//				select {
//				case <-t.C:
//					select {
//					case l.tokens <- struct{}{}:
//					default:
//					}
//				case <-l.done: // closed by l.Close
//					return
//				}
//			}
//		}()
//		return l
//	}
//
// # How to fix
//
// Use time.NewTicker instead of time.Tick and defer its Stop. Stop every
// ticker and timer a function makes for itself; a suggested fix inserts
// defer t.Stop() after the statement that makes it, when that statement is
// not in a loop. For time.After in a loop, make one time.NewTimer (or a
// context.WithTimeout) before the loop for an overall deadline, or Reset
// a single timer for a per-iteration timeout. Give a ticker-driven
// goroutine a stop channel or context, and a select case that returns.
//
// # Go versions
//
// From Go 1.23, unstopped tickers and timers that nothing references are
// collected, so only the endless goroutine is reported in files at go1.23
// or later. The runtime chooses the old or new behaviour by the main
// module's go line, which is at least that of every module it builds, so
// a file at go1.23 or later always gets the new one, while a file of an
// older module may run under either and is checked. GODEBUG settings such
// as asynctimerchan=1, which a program can use to bring back the old
// timers, are not seen.
package tickerleak
