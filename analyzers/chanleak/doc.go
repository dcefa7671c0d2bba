// Package chanleak defines an Analyzer that reports goroutines left
// blocked forever sending on a channel nobody will receive from again.
//
// # Analyzer chanleak
//
// chanleak: report goroutines that block forever sending on a channel the caller stopped waiting on
//
// A function F makes an unbuffered channel, starts a goroutine that sends
// its result on it, and then waits in a select that also has a timeout,
// ctx.Done() or other case. When that other case fires, F returns and no
// one ever receives: the goroutine blocks on its send forever, and it
// keeps everything it references alive. The same happens when several
// goroutines send on the channel and F receives fewer values than there
// are senders ("first reply wins").
//
// The analyzer reports the send of a goroutine started by F when the
// channel is made in F with a constant capacity smaller than the number of
// sending goroutines, does not escape F, every send on it is a plain send
// (not a select case, so the sender cannot give up) made by a goroutine F
// starts, and every receive is made by F itself, outside any loop and not
// by ranging. It reports when every receive is a case of a select with
// another case that can fire instead, or when there are more sending
// goroutines than receives. It is silent when a sender selects on a done
// channel or ctx.Done(), when the buffer covers every sender, when F
// receives in a loop or ranges over the channel, when the channel is
// passed to another function or escapes, and when the select's other case
// receives from a channel closed or sent on by the sending goroutine
// itself (which cannot fire before the send completes).
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
// make(chan T, len(replicas)) for one per replica. Alternatively make the
// sender select on ctx.Done() or a done channel the receiver closes. When
// exactly one goroutine sends once, a suggested fix rewrites make(chan T)
// to make(chan T, 1).
//
// # Go versions
//
// All versions: channel semantics have not changed since Go 1.0. Since Go
// 1.25, testing/synctest can confirm such a leak in a test.
package chanleak
