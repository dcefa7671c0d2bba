// Package recvclose defines an Analyzer that reports a channel closed by
// the goroutine that receives from it while another goroutine may still
// send on it.
//
// # Analyzer recvclose
//
// recvclose: report a receiver that closes a channel other goroutines may still send on
//
// Only the sender should close a channel. When the consuming side closes
// it (to stop a producer on an error, after taking the first answer, or
// when a timeout fires), a producer that sends afterwards panics with
// "send on closed channel".
//
// The analyzer reports close(ch) when ch is made by a local make, does not
// escape, the goroutine (or function) doing the close also receives from
// or ranges over ch and never sends on it, and some other goroutine sends
// on it in a way that may come after the close: the close stops a loop
// that receives from ch, sits in a select case that beat the receive from
// ch, is deferred in a function that returns from such a select or leaves
// a range over ch early, or follows a fixed number of receives while a
// sender sends in a loop or several senders send. A named function that
// both receives from and closes a channel parameter (called, or started
// with go, while other goroutines send) counts as the closer; it is
// reported at the call when some sender sends in a loop. Senders may be
// function literals or named functions started with go.
//
// When the senders are goroutines the closing function starts once each,
// the question is asked on its control-flow graph: every path that starts
// them and reaches the close (each return after a deferred close) must
// first wait for them, through a Wait or a receive from a channel each
// one closes or sends on once it is done sending; and when a lone
// goroutine sends at most once (a single send, or a send followed by
// return), receiving that send is enough. A path that closes before
// either, such as a timeout or ctx.Done() case, is reported.
//
// It is silent for generators that close their own output, for a
// coordinator closing a done or quit channel it never receives from, when
// the closer also sends on the channel, when a sender closes it too (a
// double close, which closedchan reports), when the channel escapes (a
// sync.Once-guarded close does, through the closure passed to Do), after
// the closer calls Wait on a sync.WaitGroup or errgroup.Group, after it
// receives from a channel every sender sends on or closes (or that a
// goroutine closes or sends on after such a Wait), when every
// send is a select case beside a receive and the closer first closes
// another channel or cancels a context, and after a counted receive loop
// that may have drained every send.
//
// # Why it matters
//
// The panic happens in the producer, far from the close that caused it,
// and only when the timing is unlucky: on an error path, under load, or
// when the timeout fires. A panic in a goroutine kills the whole process.
//
// # Wrong
//
//	func firstError(urls []string) error {
//		errs := make(chan error)
//		for _, u := range urls {
//			go func() {
//				errs <- check(u)
//			}()
//		}
//		err := <-errs
//		close(errs) // the other checkers panic when they send
//		return err
//	}
//
// # Right
//
//	func firstError(urls []string) error {
//		errs := make(chan error, len(urls)) // every checker can send and exit
//		for _, u := range urls {
//			go func() {
//				errs <- check(u)
//			}()
//		}
//		return <-errs // no close: nothing ranges over errs
//	}
//
// # How to fix
//
// Let the sender close the channel, after its last send (defer close(out)
// in a generator, or a closer goroutine that waits on the senders'
// WaitGroup). To make producers stop early, close a separate done channel
// (or cancel a context) that they select on, and keep receiving or let
// the channel be garbage collected. There is no suggested fix: the right
// owner depends on the program.
//
// # Go versions
//
// All versions: sending on a closed channel has panicked since Go 1.0.
package recvclose
