package kvdb

// A Snapshot is meant to block writers of the snapshot area while it
// lives, but nothing in the package ever unlocks db.snaplock for it:
// the first Snapshot works, the second hangs.
type Snapshot struct {
	db   *DB
	data map[string][]byte
}

func (db *DB) Snapshot() (*Snapshot, error) {
	return db.beginSnapshot()
}

func (db *DB) beginSnapshot() (*Snapshot, error) {
	db.snaplock.Lock()
	if !db.opened {
		db.snaplock.Unlock()
		return nil, ErrNotOpen
	}
	return &Snapshot{db: db, data: db.data}, nil // want `return at line 21 leaves db.snaplock locked \(locked at line 16, unlocked on other paths\)`
}

// beginBulk keeps db.rwlock on an error path too: Bulk's caller sees
// the error, never gets a Tx to roll back, and the next writer blocks
// forever. That Tx.close releases db.rwlock does not excuse the return.
func (db *DB) beginBulk(n int) (*Tx, error) {
	db.rwlock.Lock()
	if !db.opened {
		db.rwlock.Unlock()
		return nil, ErrNotOpen
	}
	if n <= 0 {
		return nil, ErrReadOnly // want `return at line 34 leaves db.rwlock locked \(locked at line 28, unlocked on other paths\)`
	}
	t := &Tx{db: db, writable: true, pending: make(map[string][]byte, n)}
	db.rwtx = t
	return t, nil
}

func (db *DB) Bulk(n int) (*Tx, error) {
	return db.beginBulk(n)
}

// SetNoSync is the plain leak: the early return keeps db.rwlock,
// whatever Tx.close does with it.
func (db *DB) SetNoSync(v bool) {
	db.rwlock.Lock()
	if db.noSync == v {
		return // want `return at line 50 leaves db.rwlock locked \(locked at line 48, unlocked on other paths\)`
	}
	db.noSync = v
	db.rwlock.Unlock()
}
