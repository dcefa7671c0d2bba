// Package busyloop defines an Analyzer that reports loops that spin a CPU
// core: a select with a default clause that does nothing, and a receive
// from a closed channel that ignores the close.
//
// # Analyzer busyloop
//
// busyloop: report loops that spin a CPU core on a select default or a closed channel
//
// A select with a default clause never blocks: when no case is ready it
// runs the default at once. Inside a for loop with nothing else that
// waits, the loop goes round again immediately, millions of times a
// second, until a case becomes ready, and forever if none ever does. The
// analyzer reports a select with a default clause at the top level of a
// for loop body when one round through that default does nothing that may
// block or take time and cannot leave the loop. Work is any call other than
// a small set known to return at once (len, append and the other
// built-ins, conversions, sync/atomic, a context's Done, Err, Value and
// Deadline, time.Now, time.Since, time.Until and methods of time.Time and
// time.Duration), a channel send or receive outside a select with a
// default, a select without a default, a range over a channel or an
// iterator function, and go and defer statements; the round is the default
// clause, the loop's other statements, the channel and value operands of
// the select's cases, and the loop's condition and post statement. A round
// leaves the loop with return, panic, goto, a break or continue that
// targets the loop or a statement around it, or an unlabelled break
// outside the select (an unlabelled break inside the default leaves only
// the select, so it does not count).
//
// Not reported: a default that sleeps, waits on a ticker, locks, does I/O
// or calls any other function (a ctx.Done poll that sleeps in its default
// is a style matter, not a spin); a default or loop body that can leave the
// loop, even conditionally (drain loops such as
// for { select { case <-ch: default: return } }); a counted loop
// (condition and post statement); a loop whose condition reads a variable
// the round writes (for !done { ... default: done = true }); select
// statements nested in an if or in another statement, and range loops,
// which block on their channel or end (a non-blocking send in
// for range ticker.C is how a token bucket refills). A default that calls
// runtime.Gosched is not reported either: Gosched does not pace a loop
// (with no other goroutine runnable it returns at once), but it shows that
// the author meant to spin, as spin-waits in tests and lock-free code do.
//
// Nor is a deliberate measurement loop reported, where each round of the
// spin is a step whose result is used: the default writes a variable that
// a case's channel or sent value reads, so every round offers something
// new (for { select { case ch <- i: return; default: i++ } } counts the
// rounds until a receiver is ready), or that a case which leaves the loop
// reads (case <-ready: b.ReportMetric(float64(spins), "spins/op"); return).
// Such loops belong in tests and benchmarks that measure a handoff. A
// default that is empty, or that only re-polls, counting rounds that
// nothing reads, or that only a case staying in the loop reads (an idle
// counter logged now and then), is still a spin.
//
// The analyzer also reports a receive that ignores whether its channel is
// closed (<-ch, v := <-ch or v, _ := <-ch, not v, ok := <-ch), directly in
// the body of a for loop without a condition or as a case of a select at
// its top level, when the channel is made by make in this package, bound
// to a local variable, and closed by a close(ch) in another function (in
// practice the goroutine or caller that owns it). Once the channel is
// closed the receive succeeds at once on every round, with the zero value.
// It is not reported when the case body or the rest of the loop body can
// leave the loop (a return on a zero or sentinel value counts), when the
// loop assigns the channel variable (ch = nil disables a select case), or
// when the only close runs in the loop's own function (before the loop or
// after it ends). Channels held in struct fields or passed in as
// parameters are not followed.
//
// # Why it matters
//
// A spinning goroutine burns a whole CPU core while it waits, slows every
// other goroutine down, drains batteries and inflates cloud bills, and
// under the race detector or on a small container it can starve the code
// it is waiting for. It hides in tests, which pass, just slowly. A receive
// that spins on a closed channel also hands zero values to the code in
// the case (an empty job, a zero ID) as fast as it can, so the symptom is
// often garbage work or a flood of log lines rather than a visible hang.
//
// # Wrong
//
//	func (w *Worker) run(stop <-chan struct{}) {
//		for {
//			select {
//			case job := <-w.jobs:
//				w.handle(job)
//			case <-stop:
//				return
//			default: // nothing to do: try again at once
//			}
//		}
//	}
//
//	jobs := make(chan Job)
//	go func() {
//		for {
//			select {
//			case j := <-jobs: // after close(jobs): a zero Job on every round
//				process(j)
//			case <-ctx.Done():
//				return
//			}
//		}
//	}()
//	...
//	close(jobs)
//
// # Right
//
//	func (w *Worker) run(stop <-chan struct{}) {
//		for {
//			select {
//			case job := <-w.jobs:
//				w.handle(job)
//			case <-stop:
//				return
//			}
//		}
//	}
//
//	go func() {
//		for {
//			select {
//			case j, ok := <-jobs:
//				if !ok {
//					return
//				}
//				process(j)
//			case <-ctx.Done():
//				return
//			}
//		}
//	}()
//
// # How to fix
//
// Usually the default clause should simply go: without it the select
// blocks until a case is ready, which is what the loop is waiting for.
// The suggested fix deletes an empty default clause when the select has
// other cases and is all the loop body does (otherwise the rest of the
// body would run only after a case fires, which changes what the loop
// does, and there is no fix). If the loop must also do something
// periodically, add a case on a time.Ticker's channel and do it there
// rather than in a default. For a receive on a channel that gets closed,
// use v, ok := <-ch and return, break out of the loop, or set the channel
// variable to nil (a nil channel's case is never ready) when ok is false;
// or range over the channel if it is the only one.
//
// # Go versions
//
// All versions: select and close have always behaved this way. Since Go
// 1.14 the runtime preempts a spinning goroutine, so it no longer freezes
// the garbage collector or other goroutines on its processor, but it still
// burns a core.
package busyloop
