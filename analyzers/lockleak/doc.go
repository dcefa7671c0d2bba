// Package lockleak defines an Analyzer that reports returns that leave a
// mutex locked when other paths of the same function unlock it, and
// deferred Lock calls that were meant to be Unlock.
//
// # Analyzer lockleak
//
// lockleak: report a return that leaves a mutex locked which other paths unlock
//
// A function locks a sync.Mutex, sync.RWMutex or sync.Locker, unlocks it
// before some of its returns, and reaches another return, typically an
// early return on an error, with the lock still held on every path to
// it. The return is reported, naming the line of the Lock. Locks are
// compared by access path (c.mu, s.shards.mu, a local mu), and RLock
// pairs only with RUnlock. A deferred Unlock, a deferred closure that
// unlocks, a call of a helper function of the same package that unlocks
// the lock, and handing the lock to other code (a closure or goroutine
// that unlocks it, the method value c.mu.Unlock, its address &c.mu) all
// count as unlocking. A TryLock holds the lock only on the branch where
// it succeeded. Paths that end in panic, log.Fatal, os.Exit or
// t.Fatal are not returns. The analyzer also reports defer mu.Lock()
// when mu is already locked on every path to the defer statement: the
// deferred call deadlocks when the function returns.
//
// Not reported: a function that returns holding the lock on every path
// (a lock helper, whose caller unlocks); a function whose name has
// "lock" as a word (lock, tryLock, acquireLocked, flushLocked) or whose
// documentation describes a locking protocol ("returns with c.mu held",
// "the caller must unlock"); a function that unlocks a lock before it
// locks it, whose caller holds it on entry; a return that holds the
// lock on some paths only, such as after a conditional Lock with a
// matching conditional Unlock; Lock and Unlock split across a pair of
// functions; a lock named through a map element, a call or an index,
// which has no access path; a panicking path; and a lock left held when
// a loop continues or breaks rather than at a return. Unlocking helpers
// of other packages are not followed: passing &c.mu to one counts as
// unlocking, passing c does not. Locking through an alias (m := &c.mu)
// is tracked as a separate lock from c.mu.
//
// # Why it matters
//
// A Go mutex is not reentrant and not tied to the goroutine that locked
// it. A return that forgets to unlock leaves it locked for good: the next
// caller of any method that takes the lock blocks forever, usually on a
// rarely taken error path and long after the faulty return, so the hang
// shows up far from its cause. A deferred Lock where Unlock was meant
// blocks the function itself on its way out.
//
// # Wrong
//
//	func (c *Cache) Get(key string) (Item, error) {
//		c.mu.Lock()
//		it, ok := c.items[key]
//		if !ok {
//			return Item{}, ErrMiss // c.mu stays locked
//		}
//		c.mu.Unlock()
//		return it, nil
//	}
//
//	func (p *Pool) Put(conn *Conn) {
//		p.mu.Lock()
//		defer p.mu.Lock() // deadlocks on return
//		p.idle = append(p.idle, conn)
//	}
//
// # Right
//
//	func (c *Cache) Get(key string) (Item, error) {
//		c.mu.Lock()
//		defer c.mu.Unlock()
//		it, ok := c.items[key]
//		if !ok {
//			return Item{}, ErrMiss
//		}
//		return it, nil
//	}
//
//	func (p *Pool) Put(conn *Conn) {
//		p.mu.Lock()
//		defer p.mu.Unlock()
//		p.idle = append(p.idle, conn)
//	}
//
// # How to fix
//
// Unlock before the return, or take the lock with mu.Lock() followed at
// once by defer mu.Unlock(), so every return and every panic releases it.
// When the critical section must end before slower work, move it into a
// small function of its own that defers the Unlock. For a deferred Lock
// of a held lock a suggested fix replaces it with Unlock (RLock with
// RUnlock). A function meant to return holding the lock should say so in
// its name or documentation.
//
// # Go versions
//
// The bug exists in every Go version. TryLock and TryRLock, added in Go
// 1.18, are understood as holding the lock only where they returned true.
package lockleak
