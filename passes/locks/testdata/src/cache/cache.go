// Package cache exercises the lock operations and the held-lock dataflow:
// here() marks a point whose held locks the test reports.
package cache

import (
	"store"
	"sync"
)

func here() {}

type Cache struct {
	mu    sync.Mutex
	items map[string][]byte
}

func (c *Cache) Get(k string) []byte {
	c.mu.Lock()         // want `Lock c.mu`
	defer c.mu.Unlock() // want `deferred Unlock c.mu`
	here()              // want `must \[c.mu\] may \[c.mu\]`
	return c.items[k]
}

func (c *Cache) Put(k string, v []byte) {
	c.mu.Lock() // want `Lock c.mu`
	if v == nil {
		c.mu.Unlock() // want `Unlock c.mu`
		return
	}
	c.items[k] = v
	c.mu.Unlock() // want `Unlock c.mu`
	here()        // want `must \[\] may \[\]`
}

func (c *Cache) Evict(k string, force bool) {
	if force {
		c.mu.Lock() // want `Lock c.mu`
	}
	here() // want `must \[\] may \[c.mu\]`
	if force {
		delete(c.items, k)
		c.mu.Unlock() // want `Unlock c.mu`
	}
}

// A reader of a RWMutex-guarded index.
type Index struct {
	sync.RWMutex
	names []string
}

func (ix *Index) Len() int {
	ix.RLock() // want `RLock ix.RWMutex`
	n := len(ix.names)
	here()       // want `must \[ix.RWMutex\] may \[ix.RWMutex\]`
	ix.RUnlock() // want `RUnlock ix.RWMutex`
	return n
}

func (c *Cache) TryFlush() bool {
	if c.mu.TryLock() { // want `TryLock c.mu`
		here() // want `must \[c.mu\] may \[c.mu\]`
		c.items = nil
		c.mu.Unlock() // want `Unlock c.mu`
		return true
	}
	here() // want `must \[\] may \[\]`
	return false
}

func (c *Cache) TryClear() {
	if !c.mu.TryLock() { // want `TryLock c.mu`
		here() // want `must \[\] may \[\]`
		return
	}
	here()              // want `must \[c.mu\] may \[c.mu\]`
	defer c.mu.Unlock() // want `deferred Unlock c.mu`
	clear(c.items)
}

// MustGet panics with the lock held: that path adds nothing at the merge.
func (c *Cache) MustGet(k string) []byte {
	c.mu.Lock() // want `Lock c.mu`
	v, ok := c.items[k]
	if !ok {
		panic("missing " + k)
	}
	c.mu.Unlock() // want `Unlock c.mu`
	here()        // want `must \[\] may \[\]`
	return v
}

// Through a sync.Locker, and a method value handed on.
func withLock(l sync.Locker, f func()) {
	l.Lock()         // want `Lock l`
	defer l.Unlock() // want `deferred Unlock l`
	f()
}

func (c *Cache) Each(f func(string)) {
	var once sync.Once
	c.mu.Lock()                // want `Lock c.mu`
	defer once.Do(c.mu.Unlock) // want `escape Unlock c.mu`
	for k := range c.items {
		f(k)
	}
}

// The helpers of package store, through their facts.
func lookup(t *store.Table, k string) {
	t.Locked()
	here() // want `must \[t.mu\] may \[t.mu\]`
	t.Done()
	here() // want `must \[\] may \[\]`
}

func register() { // want `summary acquires store.registryMu`
	store.LockRegistry()
	here() // want `must \[registryMu\] may \[registryMu\]`
}

// A helper of this package that returns holding the lock.
func (c *Cache) lockFor(k string) []byte { // want `summary acquires recv.mu`
	c.mu.Lock() // want `Lock c.mu`
	return c.items[k]
}

func (c *Cache) Touch(k string) {
	c.lockFor(k)
	here()        // want `must \[c.mu\] may \[c.mu\]`
	c.mu.Unlock() // want `Unlock c.mu`
}
