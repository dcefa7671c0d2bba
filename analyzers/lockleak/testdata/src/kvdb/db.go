// Package kvdb is a small key-value store whose transactions hold the
// database's locks for their whole life: a read transaction the mmap
// read lock, a write transaction the writer lock. Begin takes them and
// Tx.Rollback or Tx.Commit gives them back.
package kvdb

import (
	"errors"
	"sync"
)

var (
	ErrNotOpen  = errors.New("database not open")
	ErrReadOnly = errors.New("database is read-only")
	ErrTxClosed = errors.New("tx closed")
)

type DB struct {
	rwlock   sync.Mutex   // one writer at a time
	metalock sync.Mutex   // protects meta and txs
	mmaplock sync.RWMutex // remapping waits for the readers
	snaplock sync.Mutex
	opened   bool
	readOnly bool
	noSync   bool
	data     map[string][]byte
	txs      []*Tx
	rwtx     *Tx
}

type Tx struct {
	db       *DB
	writable bool
	pending  map[string][]byte
}

func (db *DB) Begin(writable bool) (*Tx, error) {
	if writable {
		return db.beginRWTx()
	}
	return db.beginTx()
}

// beginTx holds db.mmaplock read-locked until removeTx.
func (db *DB) beginTx() (*Tx, error) {
	db.metalock.Lock()
	db.mmaplock.RLock()
	if !db.opened {
		db.mmaplock.RUnlock()
		db.metalock.Unlock()
		return nil, ErrNotOpen
	}
	t := &Tx{db: db}
	db.txs = append(db.txs, t)
	db.metalock.Unlock()
	return t, nil
}

// beginRWTx holds db.rwlock until Tx.close.
func (db *DB) beginRWTx() (*Tx, error) {
	if db.readOnly {
		return nil, ErrReadOnly
	}
	db.rwlock.Lock()
	db.metalock.Lock()
	defer db.metalock.Unlock()
	if !db.opened {
		db.rwlock.Unlock()
		return nil, ErrNotOpen
	}
	t := &Tx{db: db, writable: true, pending: make(map[string][]byte)}
	db.rwtx = t
	return t, nil
}

func (db *DB) removeTx(tx *Tx) {
	db.mmaplock.RUnlock()
	db.metalock.Lock()
	defer db.metalock.Unlock()
	for i, t := range db.txs {
		if t == tx {
			db.txs = append(db.txs[:i], db.txs[i+1:]...)
			break
		}
	}
}

func (tx *Tx) close() {
	if tx.writable {
		tx.db.rwtx = nil
		tx.db.rwlock.Unlock()
	} else {
		tx.db.removeTx(tx)
	}
	tx.db = nil
}

func (tx *Tx) Rollback() error {
	if tx.db == nil {
		return ErrTxClosed
	}
	tx.close()
	return nil
}

func (tx *Tx) Commit() error {
	if tx.db == nil {
		return ErrTxClosed
	}
	for k, v := range tx.pending {
		tx.db.data[k] = v
	}
	tx.close()
	return nil
}

func (db *DB) View(fn func(*Tx) error) error {
	tx, err := db.Begin(false)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

func (db *DB) Update(fn func(*Tx) error) error {
	tx, err := db.Begin(true)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
