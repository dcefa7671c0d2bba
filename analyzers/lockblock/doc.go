// Package lockblock defines an Analyzer that reports channel sends and
// WaitGroup waits made while holding a mutex that the goroutine they wait
// for must lock first.
//
// # Analyzer lockblock
//
// lockblock: report blocking sends and WaitGroup waits under a mutex that the partner goroutine needs
//
// The analyzer follows each function's control-flow graph to find where a
// sync.Mutex or sync.RWMutex is held on every path (from Lock or RLock to
// the Unlock, or to the end of the function when the Unlock is deferred).
// It reports a plain send ch <- v there, or a select whose cases are all
// sends and which has no default, when every loop in the package that
// receives from the same channel locks the same mutex between one receive
// and the next, directly or in a function of the package it calls. The
// channel and the mutex must be fields of the same struct value (s.events
// and s.mu of a *Server, in the sender and in the receiver alike),
// package-level variables, or local variables that a goroutine captures.
// It also reports wg.Wait() under a mutex that a goroutine counted by wg
// (one that calls wg.Done, or that wg.Go started) locks before Done.
//
// It is silent for sends in a select with a default or a receive case
// (ctx.Done(), a quit channel), for channels some receive loop of which
// never takes the lock, for a channel and a mutex that are not provably
// fields of the same value, when both sides only read-lock an RWMutex,
// for senders that check len(ch) or cap(ch) first, for a send into a
// buffered channel that has a free slot on every path to it (the function
// received from the channel since it last sent on it, as when a channel
// used as a lock gives back the token it took, or made it with a buffer
// and has started no goroutine since), for TryLock and for sync.Cond
// waits, which release the lock while they wait.
//
// # Why it matters
//
// The sender holds the mutex and waits for the receiver to take the
// value; the receiver, busy with the previous value, waits for the mutex.
// Neither can move: the two goroutines, and every other goroutine that
// then needs the mutex, block forever. An unbuffered channel deadlocks
// the first time the two interleave that way; a buffered one only once
// its buffer is full, under load, which is why such bugs pass tests and
// hang in production. WaitGroup.Wait under the lock hangs the same way
// when a worker still has to lock it before it can call Done.
//
// # Wrong
//
//	func (b *Bus) Publish(e Event) {
//		b.mu.Lock()
//		defer b.mu.Unlock()
//		b.seq++
//		e.Seq = b.seq
//		b.events <- e // run may be waiting for b.mu
//	}
//
//	func (b *Bus) run() {
//		for e := range b.events {
//			b.mu.Lock()
//			hs := b.handlers[e.Topic]
//			b.mu.Unlock()
//			for _, h := range hs {
//				h(e)
//			}
//		}
//	}
//
// # Right
//
//	func (b *Bus) Publish(e Event) {
//		b.mu.Lock()
//		b.seq++
//		e.Seq = b.seq
//		b.mu.Unlock()
//		b.events <- e
//	}
//
// # How to fix
//
// Do the bookkeeping under the lock, copy what the send needs, unlock,
// then send. If the order of sends must follow the order of the critical
// sections, use a separate mutex for sending that the receiver never
// takes, or make the send non-blocking with a select and a default (and
// decide what to do with a dropped value). For WaitGroup.Wait, set the
// stop flag or close the quit channel under the lock, unlock, then wait.
// There is no suggested fix: where to unlock is a design decision.
//
// # Go versions
//
// All versions: channel, mutex and WaitGroup semantics have not changed.
// wg.Go, which counts the goroutine it starts, exists from Go 1.25.
package lockblock
