// Package store is a key-value table whose helpers lock for their
// callers: the facts they export are checked from package cache.
package store

import "sync"

var registryMu sync.Mutex

type Table struct {
	mu   sync.RWMutex
	rows map[string]string
}

// Locked returns holding t.mu for writing.
func (t *Table) Locked() *Table { // want Locked:"acquires recv.mu"
	t.mu.Lock()
	return t
}

// Done unlocks what Locked took.
func (t *Table) Done() { // want Done:"releases recv.mu; expects recv.mu"
	t.mu.Unlock()
}

// Get locks and unlocks itself: no effect its callers see.
func (t *Table) Get(k string) string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.rows[k]
}

// LockRegistry takes the package-level lock.
func LockRegistry() { // want LockRegistry:"acquires store.registryMu"
	registryMu.Lock()
}

// waitUnlocked drops and retakes a held lock: it expects it held and
// leaves it held.
func waitUnlocked(mu *sync.Mutex, work func()) { // want waitUnlocked:"expects arg0"
	mu.Unlock()
	defer mu.Lock()
	work()
}
