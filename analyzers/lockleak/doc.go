// Package lockleak defines an Analyzer that reports returns that leave a
// mutex locked when other paths of the same function unlock it, deferred
// Lock calls that were meant to be Unlock, and mutexes locked again by
// the goroutine that holds them.
//
// # Analyzer lockleak
//
// lockleak: report a return that leaves a mutex locked which other paths unlock, or a held mutex locked again
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
// count as unlocking. When the Unlock escapes as a method value, as a
// server's started callback (NotifyStartedFunc: mu.Unlock), or the
// lock's address goes to code the analysis does not follow, other code
// may release the lock at any later time: from there on, on the paths
// through that point, neither a return nor a Lock is taken to find it
// held, as for a mutex used as a semaphore. A Lock method value
// releases nothing. A TryLock holds the lock only on the branch where
// it succeeded. Paths that end in panic, log.Fatal, os.Exit or
// t.Fatal are not returns. The analyzer also reports defer mu.Lock()
// when mu is already locked on every path to the defer statement: the
// deferred call deadlocks when the function returns.
//
// Not reported: a function that returns holding the lock on every path
// (a lock helper, whose caller unlocks); an acquiring helper, which
// returns holding a lock of its receiver or a parameter on success and
// releases it on failure, when every call of it in the package, and
// there is one at least, is followed by an unlock of that lock of the
// same receiver or argument on every path that does not test the
// call's error as non-nil; when its callers may be elsewhere (it is
// exported and not called in the package, or used as a value), an
// acquiring helper of the acquire-or-fail shape, whose holding return
// returns a nil error and whose releasing returns a non-nil one. The
// holding return is still reported when a caller does not unlock (the
// report names that call), when the function is unexported and never
// called, and when a releasing return has the same results as the
// holding one (both return nil), since its callers cannot tell them
// apart; an acquiring helper of the acquire-or-fail shape whose lock,
// a field of a named struct type (DB.rwlock, reached as db.rwlock or
// tx.db.rwlock), some other function of the package that does not call
// the helper releases as its first operation on it, as a transaction's
// Rollback releases the lock that Begin took for the transaction's
// life (its error returns that keep the lock are still reported, and
// so is a plain early return of any other function); a function whose
// name has
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
// A sync.Mutex is not reentrant, so the analyzer also reports a goroutine
// that locks a mutex it already holds, which blocks it forever. Three
// shapes are reported. A Lock of a lock held on every path to it in the
// same function, including Lock after RLock of the same sync.RWMutex (a
// read lock cannot be upgraded) and RLock after Lock. A Lock statement
// at the top level of a loop body, of a lock free when the loop is
// entered, when a path from it through a continue of that loop or
// through the end of the body goes round without unlocking: the report
// names the line of that continue or of the end of the body. And a call,
// while a lock is held on every path, of a function or method of the
// same package that locks the same lock, named through its receiver, a
// parameter or a package variable, with a Lock statement at the top
// level of its body, or a call of such a function, before any statement
// that may return.
//
// Relocking is not reported: in a function whose name or documentation
// describes a locking protocol, as above; for RLock after RLock, which deadlocks only
// when a writer is waiting in between; for a sync.Locker, which may be
// reentrant; for TryLock; for a callee whose name or documentation says
// it expects the lock held (hotRemoveLocked, "c.mu must be held"), that
// locks only on some paths or after a statement that may return, or
// that unlocks the lock first; for calls in a go or defer statement or a
// function literal; for another instance (a.mu and b.mu); for a lock
// whose variable, or a field on the way to it, the function assigns
// (cur = cur.next); in a loop, for a lock declared inside it, such as a
// range variable's, for a lock never released inside the loop, and
// whenever the loop body uses goto, fallthrough, a nested loop that
// touches the lock, or a labeled break of a switch; and in a function
// literal, for a lock that the function around it unlocks, since the
// literal is then a goroutine waiting, on purpose, for another to
// release it.
//
// # Why it matters
//
// A Go mutex is not reentrant and not tied to the goroutine that locked
// it. A return that forgets to unlock leaves it locked for good: the next
// caller of any method that takes the lock blocks forever, usually on a
// rarely taken error path and long after the faulty return, so the hang
// shows up far from its cause. A deferred Lock where Unlock was meant
// blocks the function itself on its way out. Locking a held mutex again,
// typically by a public method calling another public method, or by a
// retry loop whose continue skips the Unlock, hangs the goroutine on the
// spot, and with it every other goroutine that needs the lock.
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
//	func (c *Cache) GetOrLoad(key string) (Item, error) {
//		c.mu.Lock()
//		defer c.mu.Unlock()
//		if it, err := c.Get(key); err == nil { // Get locks c.mu again
//			return it, nil
//		}
//		return c.loadLocked(key)
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
//	func (c *Cache) GetOrLoad(key string) (Item, error) {
//		c.mu.Lock()
//		defer c.mu.Unlock()
//		if it, ok := c.items[key]; ok { // the lock is held: read directly
//			return it, nil
//		}
//		return c.loadLocked(key)
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
// its name or documentation. Where a held lock is locked again, unlock
// it first, or split the callee into a locking wrapper and a variant
// that expects the lock held (getLocked) and call the variant; in a loop,
// unlock before every continue, or move the body into a function that
// defers the Unlock.
//
// # Go versions
//
// The bug exists in every Go version. TryLock and TryRLock, added in Go
// 1.18, are understood as holding the lock only where they returned true.
package lockleak
