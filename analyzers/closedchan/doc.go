// Package closedchan defines an Analyzer that reports a close of a channel
// that is already closed on the same path, and a send after a close.
//
// # Analyzer closedchan
//
// closedchan: report closing a channel twice, or sending on it after closing it, on one path through a function
//
// Closing a closed channel panics, and so does sending on one. The
// analyzer follows each function's control-flow graph and tracks, for
// every channel named by a variable or a field path (ch, s.done,
// p.conn.quit), whether it may already be closed. It reports a close of a
// channel that is closed on some path to it (the line of the first close
// is in the message), including a close in a loop body that the loop
// reaches again without making a new channel; an explicit close of a
// channel that a defer close registered earlier will close again when the
// function returns, and a defer close registered after an explicit one; a
// send after a close on the same path; and a close of a channel that a
// goroutine the function starts (with go, wg.Go or g.Go on a function
// literal) closes on every path to its end, such as with defer close(ch):
// both closes run sooner or later, so one of them panics whatever the
// order.
//
// It is silent for closes on mutually exclusive branches (if/else, switch
// cases, after a return); under branch conditions that contradict each
// other about a local variable or parameter of a basic type that nothing
// assigns in between (wait == "rate" and later wait == "slot", ok and
// !ok, switch cases with different constants), provided no function
// literal assigns it and its address is not taken; after a call that ends
// the test (a call ctrlflow knows never returns, and, as a fallback for
// the calls it cannot follow through an interface, a FailNow, Fatal,
// Fatalf, SkipNow, Skip or Skipf method on a receiver that also has an
// Errorf method: testing.TB, a testify suite or Assertions); after the
// variable or field is assigned again (ch = make(chan T), s.done = nil),
// in a range loop whose variable is the channel, inside sync.Once.Do or
// any other function literal not started as a goroutine, in the default
// clause of a select that receives from the channel (the "close unless
// already closed" idiom), and inside an if whose condition checks a flag
// the if body sets, or calls sync/atomic (CompareAndSwap or Swap of a
// closed flag). It does not compare conditions on fields or on the
// results of calls, which may change between two tests without an
// assignment in the function; it does not follow a channel into the
// functions it is passed to, and it does not order a close against sends
// in other goroutines.
//
// # Why it matters
//
// Both panics crash the whole program, usually on a shutdown or error path
// that tests seldom take: a Close method that closes a channel that a
// deferred close in the same function closes again, or a stage that closes
// its output early on an error and then again in its defer.
//
// # Wrong
//
//	func (s *Server) Serve(l net.Listener) error {
//		defer close(s.done)
//		for {
//			conn, err := l.Accept()
//			if err != nil {
//				close(s.done) // the deferred close panics at return
//				return err
//			}
//			go s.handle(conn)
//		}
//	}
//
// # Right
//
//	func (s *Server) Serve(l net.Listener) error {
//		defer close(s.done)
//		for {
//			conn, err := l.Accept()
//			if err != nil {
//				return err
//			}
//			go s.handle(conn)
//		}
//	}
//
// # How to fix
//
// Give each channel a single owner that closes it once: keep either the
// explicit close or the deferred one, close after the loop rather than in
// it, and make a new channel for each round when the loop needs a fresh
// signal. When several paths may legitimately try to close the same
// channel, wrap the close in a sync.Once. A goroutine and its starter must
// not both close one channel: use one channel per direction (quit for the
// request to stop, done for the answer). There is no suggested fix, since
// which close to keep is a design decision.
//
// # Go versions
//
// All Go versions: close and send on a closed channel have always
// panicked. Range loop variables are fresh per iteration in every version
// as far as this check is concerned, since it forgets a channel as soon as
// its variable is assigned.
package closedchan
