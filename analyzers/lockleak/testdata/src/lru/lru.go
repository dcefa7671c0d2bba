// Package lru is a generic least-recently-used cache with a write-behind
// flusher, whose internal methods follow the "Locked" naming convention
// for code that runs with the cache's lock held.
package lru

import (
	"container/list"
	"errors"
	"os"
	"sync"
)

type item[K comparable, V any] struct {
	key K
	val V
}

type LRU[K comparable, V any] struct {
	mu    sync.Mutex
	max   int
	ll    *list.List
	index map[K]*list.Element
	dirty []K
	store func(K, V) error
}

func (c *LRU[K, V]) Get(key K) (V, bool) {
	c.mu.Lock()
	el, ok := c.index[key]
	if !ok {
		var zero V
		return zero, false // want `return at line \d+ leaves c.mu locked`
	}
	c.ll.MoveToFront(el)
	v := el.Value.(*item[K, V]).val
	c.mu.Unlock()
	return v, true
}

// Put unlocks through done, a method of the generic type.
func (c *LRU[K, V]) Put(key K, val V) {
	c.mu.Lock()
	if el, ok := c.index[key]; ok {
		el.Value.(*item[K, V]).val = val
		c.ll.MoveToFront(el)
		c.done()
		return
	}
	c.index[key] = c.ll.PushFront(&item[K, V]{key, val})
	c.dirty = append(c.dirty, key)
	if c.ll.Len() > c.max {
		c.evictLocked()
	}
	c.done()
}

func (c *LRU[K, V]) done() { c.mu.Unlock() }

// evictLocked runs with c.mu held.
func (c *LRU[K, V]) evictLocked() {
	el := c.ll.Back()
	c.ll.Remove(el)
	delete(c.index, el.Value.(*item[K, V]).key)
}

// flushLocked runs with c.mu held, releasing it around each store call;
// it returns holding the lock on every path, as its name promises.
func (c *LRU[K, V]) flushLocked() error {
	for len(c.dirty) > 0 {
		k := c.dirty[0]
		c.dirty = c.dirty[1:]
		el, ok := c.index[k]
		if !ok {
			continue
		}
		v := el.Value.(*item[K, V]).val
		c.mu.Unlock()
		err := c.store(k, v)
		c.mu.Lock()
		if err != nil {
			return err
		}
	}
	return nil
}

// sync writes back dirty entries, dropping the lock around each write
// because its caller holds it.
func (c *LRU[K, V]) sync() error {
	for len(c.dirty) > 0 {
		k := c.dirty[len(c.dirty)-1]
		c.dirty = c.dirty[:len(c.dirty)-1]
		el := c.index[k]
		c.mu.Unlock()
		err := c.store(k, el.Value.(*item[K, V]).val)
		c.mu.Lock()
		if err != nil {
			return err
		}
	}
	return nil
}

// Flush holds the lock across flushLocked.
func (c *LRU[K, V]) Flush() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.flushLocked()
}

// Spill writes every entry to a file, and forgets to unlock when the
// file cannot be created: the shape of the makeTempDir bug found in the
// standard library's testing package.
func (c *LRU[K, V]) Spill(path string, encode func(*os.File, K, V) error) error {
	c.mu.Lock()
	var f *os.File
	if path == "" {
		return errors.New("lru: no spill path") // want `leaves c.mu locked`
	} else {
		var err error
		f, err = os.Create(path)
		if err != nil && !os.IsExist(err) {
			return err // want `leaves c.mu locked`
		}
	}
	for el := c.ll.Front(); el != nil; el = el.Next() {
		it := el.Value.(*item[K, V])
		if err := encode(f, it.key, it.val); err != nil {
			c.mu.Unlock()
			f.Close()
			return err
		}
	}
	c.mu.Unlock()
	return f.Close()
}
