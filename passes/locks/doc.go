// Package locks defines an analysis that finds a package's lock
// operations and which locks are held at each point of each function.
//
// # Analyzer locks
//
// locks: find lock operations, the locks held at each point, and each function's lock effects
//
// The result, a *Result, lists per function the calls of Lock, Unlock,
// RLock, RUnlock, TryLock and TryRLock on a sync.Mutex, a sync.RWMutex, a
// type embedding one and a sync.Locker, each with the lock's ref.Ref, and
// the method values such as mu.Unlock passed on uncalled, as escapes.
//
// HeldAt answers which locks are held on every path (must) and on some
// path (may) to a node, from a dataflow over the function's CFG: a
// deferred unlock takes effect at the returns only, a TryLock in a
// condition holds the lock on its true branch only, and a path ending in
// a call that never returns (funcs.NeverReturns) contributes nothing.
//
// A function whose lock effects its callers can name, on its receiver,
// its parameters or package-level variables, gets a Fact: the locks it
// returns holding (acquires), the locks held on entry that it returns
// having released (releases), and the locks it unlocks without locking
// them first (expects held). At a call of such a function, in this or
// another package, the caller's dataflow applies the effects to the
// arguments, so that
//
//	func (c *Cache) lockShard(k string) *shard {
//		s := c.shards[hash(k)]
//		c.mu.Lock()
//		return s
//	}
//
// leaves c.mu held in its callers.
package locks
