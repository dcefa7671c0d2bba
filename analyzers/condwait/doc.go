// Package condwait defines an Analyzer that reports sync.Cond.Wait calls
// that check their condition only once, and Wait calls made without the
// Cond's lock.
//
// # Analyzer condwait
//
// condwait: report sync.Cond.Wait guarded by if instead of a for loop, or called without its lock
//
// The analyzer reports a call of (*sync.Cond).Wait, including through an
// embedded Cond, that no loop of its function runs again (for, range and
// goto loops all count; a loop in a function literal's caller does not)
// when an if or switch case around it tests shared state: fields,
// package-level or captured variables, or a call. It is silent when
// nothing guards the Wait (a helper that only waits, with the loop in its
// callers), when the guard tests only locals or the Cond itself, when a
// statement after the Wait tests the same state again, for the barrier
// shape, where the function signals or broadcasts on the same Cond on a
// path that skips the Wait, and when the loop is in the callers: the
// function, unexported, returns right after the Wait on a path of its
// own without using the guarded state, and every call of it in the
// package is in a loop that tests its result and calls it again
// (for n == 0 { n = p.readOrBlock(b) }).
//
// It also reports a Wait that its function reaches on every path without
// holding the Cond's lock: the lock is named c.L, or the mutex that
// sync.NewCond(&m), sync.Cond{L: &m} or c.L = &m binds the Cond to in the
// package, on the same access path. This is reported only when the
// function itself locks that lock in a top-level statement with no
// unlock or return before it, so its callers cannot be holding it; locks
// taken through helpers, local aliases or an RWMutex's RLocker are not
// followed.
//
// # Why it matters
//
// Wait unlocks c.L, sleeps until Signal or Broadcast, and locks c.L again
// before it returns. Between the wakeup and the relock any other
// goroutine can take the lock and change the state: a second consumer
// takes the item the Signal was for, Broadcast wakes every waiter for one
// item, or another method (Close, Reset) broadcasts for a different
// reason. Code that checked the condition with if before waiting then
// runs on a false condition: it indexes an empty slice, reads a nil
// value, or returns a result that is not ready. The failure shows only
// under contention, so tests rarely catch it.
//
// Calling Wait without holding c.L is a different bug with the same
// cause, Wait's contract: Wait starts by unlocking c.L, so it panics with
// "sync: unlock of unlocked mutex", or unlocks a mutex another goroutine
// holds.
//
// # Wrong
//
//	func (q *Queue) Pop() int {
//		q.mu.Lock()
//		defer q.mu.Unlock()
//		if len(q.items) == 0 {
//			q.cond.Wait() // another Pop may take the item first
//		}
//		v := q.items[0] // may panic
//		q.items = q.items[1:]
//		return v
//	}
//
// # Right
//
//	func (q *Queue) Pop() int {
//		q.mu.Lock()
//		defer q.mu.Unlock()
//		for len(q.items) == 0 {
//			q.cond.Wait()
//		}
//		v := q.items[0]
//		q.items = q.items[1:]
//		return v
//	}
//
// # How to fix
//
// Wait in a loop that re-checks the condition each time Wait returns,
// with the lock held: for !condition { c.Wait() }. When the if holds
// nothing but the Wait and has no else and no init statement, the
// suggested fix turns the if into a for. Lock c.L (or the mutex passed to
// sync.NewCond) before the loop and unlock it after using the state the
// loop waited for.
//
// # Go versions
//
// All versions: sync.Cond has behaved this way since Go 1.0. Go's Wait
// has no spurious wakeups, but a wakeup still does not mean the
// condition holds, which is why the sync documentation asks for the loop.
package condwait
