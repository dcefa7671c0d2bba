// Package ctxdone defines an Analyzer that reports loops that block on
// channels and never notice that their context was cancelled.
//
// # Analyzer ctxdone
//
// ctxdone: report loops that block on channel operations without ever watching ctx.Done()
//
// In a function that can see a cancellable context.Context (a parameter,
// a context captured by a function literal that is started as a goroutine,
// called at once or passed to a call, or a local
// made by context.WithCancel, WithTimeout, WithDeadline,
// signal.NotifyContext, r.Context() or derived from one of these), the
// analyzer reports, inside a for or range loop of that function:
//
//   - a select with no default case and no case that can end the wait:
//     none receives from ctx.Done() or from any chan struct{} (or, as a
//     fallback for channels of other types, from one named like done,
//     quit, stop, closing or shutdown), none is a
//     v, ok := <-ch case, and none leaves the loop (a timeout or error
//     case that returns). A select with a send case is reported in any
//     loop; a select with only receive cases only in an endless for loop
//     that nothing else can leave;
//   - a plain send ch <- v, unless ch is a chan struct{} (a semaphore or a
//     signal), a buffered channel made in the package, or an unbuffered
//     local channel whose receivers drain it: each ranges over it to the
//     close, in a range reached on every path through its function and
//     never left early, itself or in a function or method the channel is
//     passed to (by name, as a method promoted from an embedded field, or
//     as a method value held in a variable). Such a receiver cannot
//     abandon the channel on cancellation. A send on a channel parameter
//     of an unexported function is silent when every call of it passes
//     such a channel. A send that reports a goroutine's first error and
//     returns is silent too: when every goroutine sending on a local
//     unbuffered channel is started once by its maker and sends at most
//     once (no path leads from one of its sends to another), and the
//     maker receives as many values on every path before it returns or
//     stops at t.Fatal, the maker waits for the value whatever ctx does.
//     A receive in a select counts only on the paths through its case, so
//     a maker that may take a case <-ctx.Done() instead does not;
//   - a plain receive in an endless for loop that nothing can leave;
//   - for range ticker.C (or time.Tick) whose body cannot leave the loop.
//
// It is silent when the loop checks ctx.Err() or ctx.Done() anywhere in
// its body, or has a select case on a stop channel, since the goroutine
// then ends within a round; for range over a channel (its producer
// closes it, which is how a pipeline stops); for receives in loops with a
// condition or a way out (collecting a known number of results, or
// stopping on a sentinel); for operations on ctx.Done() itself; in
// functions with no context in sight; and in function literals that are
// stored or returned rather than started or called, whose captured context
// says nothing about when they run. Contexts held in struct fields are not
// considered. A loop that consults ctx only by passing it to a call is
// still reported if it blocks on a channel: the call cannot unblock the
// send.
//
// It is also silent in three cases where cancellation is not what can
// leave a goroutine stuck:
//
//   - The goroutine lives as long as the process: it is started once,
//     outside any loop, by main, by a function whose every call in main
//     ends the process (log.Fatal(run()), os.Exit(run()), or a call in
//     main's last statements after which nothing waits, such as
//     if err := run(); err != nil { ...; os.Exit(1) }), or by another
//     such goroutine. Blocked for good, it costs one goroutine until the
//     program exits. A loop in main or run itself is still checked: if it
//     blocks, the program never exits.
//   - The context in sight is unrelated to the channel. For a send, that
//     means: the sending function is a literal that only captures the
//     contexts visible at the send and never mentions them, and the
//     channel is a local one whose every use is seen and whose receivers
//     are in functions that neither declare nor mention those contexts,
//     nor are handed them by the call through which they receive. Then
//     cancelling the context stops neither side; whether the receiver
//     may stop for some other reason is not this analyzer's question.
//     A function that has the context as a parameter or a local counts as
//     concerned by it even if it never reads it.
//   - The send is an optional test hook: the channel is an unexported
//     field or package variable, the send sits under an if that requires
//     it to be non-nil, and no non-test file of the package assigns it,
//     takes its address or names it in a composite literal or
//     declaration. In production the hook is nil and the send never runs.
//
// # Why it matters
//
// Cancellation is how a caller tells its goroutines to stop. A pipeline
// stage or worker that blocks on a channel without also watching
// ctx.Done() stays blocked once its consumer has returned on cancellation:
// the goroutine leaks, with everything it references, once per request or
// per cancelled job. Nothing fails or logs; memory and goroutine counts
// just grow.
//
// # Wrong
//
//	func squares(ctx context.Context, in <-chan int) <-chan int {
//		out := make(chan int)
//		go func() {
//			defer close(out)
//			for v := range in {
//				out <- v * v // blocks forever once the consumer gave up
//			}
//		}()
//		return out
//	}
//
// # Right
//
//	func squares(ctx context.Context, in <-chan int) <-chan int {
//		out := make(chan int)
//		go func() {
//			defer close(out)
//			for v := range in {
//				select {
//				case out <- v * v:
//				case <-ctx.Done():
//					return
//				}
//			}
//		}()
//		return out
//	}
//
// # How to fix
//
// Make every blocking channel operation in the loop a select that also
// has a case <-ctx.Done() which returns (with ctx.Err() as the error, if
// the function returns one). For a select the suggested fix inserts that
// case, returning the zero value of each result and ctx.Err() for a final
// error; it is offered only when nothing follows the loop in the function,
// so that the return skips no cleanup. Alternatively check ctx.Err() at
// the top of each round.
//
// # Go versions
//
// All versions since Go 1.7, which added the context package; channel
// and select semantics have not changed since Go 1.0, so there is no
// version gate.
package ctxdone
