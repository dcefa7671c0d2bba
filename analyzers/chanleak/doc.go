// Package chanleak defines an Analyzer that reports goroutines left
// blocked forever on a channel send or receive that nothing will complete.
//
// # Analyzer chanleak
//
// chanleak: report goroutines that block forever on a channel send or receive nothing will complete
//
// A function F makes an unbuffered channel, starts a goroutine that sends
// its result on it, and then waits in a select that also has a timeout,
// ctx.Done() or other case. When that other case fires, F returns and no
// one ever receives: the goroutine blocks on its send forever, and it
// keeps everything it references alive. The same happens when several
// goroutines send and F receives fewer values than there are senders
// ("first reply wins"), or receives one per sender in a counted loop but
// leaves it early on the first error.
//
// The channel must be made in F with a constant capacity, must not escape
// F, and only F may receive from it. The analyzer reports the sends of
// goroutines F starts, by go, wg.Go or g.Go, on a function literal or on a
// named function or method the channel is passed to (go fetch(url, ch);
// what a callee in any package does comes from a summary of its body),
// when every send is a plain send (not a select case, not in a loop of the
// goroutine, and for a callee: it only sends, outside loops), and:
// some path of F from the make to a return leaves more values unreceived
// than the buffer holds, while every receive of F is a select case that
// another case can beat, or each goroutine sends exactly once on every
// path. Along a path each goroutine started adds a value and each receive
// takes one, so a sender started after the previous value was received,
// or on the other branch of an if, adds nothing; a receive inside an if,
// after an early return or in a select case counts only on its paths. A
// path ending in log.Fatal or panic is no way out; one ending in t.Fatal
// is, when it sits in the select case that gives up waiting. Or F
// receives in a loop counted by len(x), n or i < n, and a return or break
// inside that loop leaves it before the senders, each sending exactly
// once, are all received (started in a loop, or more than the buffer plus
// one).
//
// It also reports three blocks of a single goroutine: a plain send on an
// unbuffered channel that no other goroutine ever uses, and the first
// straight-line send past a buffered channel's capacity before any other
// use of it (a send after close panics instead, and is not reported); a
// plain receive from a channel that nothing sends on or closes (except in
// main's own goroutine, where it is the idiom for blocking forever); and,
// mirrored, F sending once on an unbuffered channel whose only receiver is
// a goroutine F starts that waits in a select with a timeout or other case.
//
// And it reports a one-shot signal with more waiters than values: more
// plain receives that surely run (unconditional in F or in a goroutine F
// surely starts) than sends that can run, and no close. A value wakes one
// receiver only, so the others wait forever; close the channel to wake
// them all. Last, a plain send, receive or range on a local channel
// variable declared without a value and never assigned blocks forever on
// the nil channel (in a select, a nil channel disables its case, and is
// left alone).
//
// It is silent when a sender selects on a done channel or ctx.Done(), when
// the buffer holds what every path leaves unreceived, when a sender
// is started only on some paths while a receive too runs only on some
// (the same condition may decide both), when the capacity is not a constant
// (make(chan T, len(urls)) with one sender per url is right, any other
// variable capacity is unknown), when F ranges over the channel or receives
// in an uncounted loop, when a callee may send more than once or not at
// all and the count matters, when the channel is passed to a function that
// may keep it or escapes in any other way, and when the select's other case
// receives from a channel closed or sent on by the blocked party itself
// (which cannot fire before the send completes).
//
// # Why it matters
//
// Each timed-out call leaks one goroutine and the memory it holds. In a
// server the leak grows with the request rate until the process runs out
// of memory; nothing crashes or logs meanwhile.
//
// # Wrong
//
//	func fetch(ctx context.Context, url string) (string, error) {
//		ch := make(chan string)
//		go func() {
//			ch <- slowGet(url) // blocks forever once fetch has returned
//		}()
//		select {
//		case body := <-ch:
//			return body, nil
//		case <-ctx.Done():
//			return "", ctx.Err()
//		}
//	}
//
// # Right
//
//	func fetch(ctx context.Context, url string) (string, error) {
//		ch := make(chan string, 1) // the send always completes
//		go func() {
//			ch <- slowGet(url)
//		}()
//		select {
//		case body := <-ch:
//			return body, nil
//		case <-ctx.Done():
//			return "", ctx.Err()
//		}
//	}
//
// # How to fix
//
// Give the channel one slot per sending goroutine, so every send completes
// whether or not anyone receives: make(chan T, 1) for one goroutine,
// make(chan T, len(replicas)) for one per replica; when F is sure to
// receive some values, the most values a path leaves unreceived are
// enough (two copies of a proxy and one receive: make(chan error, 1)). Alternatively make the
// sender select on ctx.Done() or a done channel the receiver closes. When
// exactly one goroutine sends exactly once, or F's paths leave at most
// one value unreceived, a suggested fix rewrites make(chan T) to
// make(chan T, 1); it does the same when F's one send is
// abandoned by a receiving goroutine that timed out. For a goroutine that
// blocks on itself, buffer every value it sends before receiving, or
// receive in another goroutine; for a receive nothing satisfies, send or
// close on every path.
//
// # Go versions
//
// All versions: channel semantics have not changed since Go 1.0. Since Go
// 1.25, testing/synctest can confirm such a leak in a test.
package chanleak
