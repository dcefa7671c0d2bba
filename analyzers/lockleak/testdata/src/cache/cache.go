// Package cache holds in-memory caches guarded by mutexes, the way
// services keep them in front of a database.
package cache

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

var (
	ErrMiss    = errors.New("cache: miss")
	ErrExpired = errors.New("cache: expired")
)

type entry struct {
	val     []byte
	expires time.Time
}

type Cache struct {
	mu     sync.Mutex
	items  map[string]entry
	hits   int
	misses int
}

func (c *Cache) Get(key string) ([]byte, error) {
	c.mu.Lock()
	e, ok := c.items[key]
	if !ok {
		c.misses++
		return nil, ErrMiss // want `return at line 34 leaves c.mu locked \(locked at line 30, unlocked on other paths\): the next Lock deadlocks; unlock before returning or use defer c.mu.Unlock\(\)`
	}
	c.hits++
	c.mu.Unlock()
	return e.val, nil
}

func (c *Cache) GetFresh(key string, now time.Time) ([]byte, error) {
	c.mu.Lock()
	e, ok := c.items[key]
	if !ok {
		c.mu.Unlock()
		return nil, ErrMiss
	}
	if now.After(e.expires) {
		delete(c.items, key)
		return nil, ErrExpired // want `return at line 50 leaves c.mu locked \(locked at line 42,`
	}
	c.mu.Unlock()
	return e.val, nil
}

// Set is the seeds' recommended shape: Lock, then defer Unlock at once.
func (c *Cache) Set(key string, val []byte, ttl time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[key] = entry{val: val, expires: time.Now().Add(ttl)}
}

// Stats pairs Lock and Unlock on straight-line code, which is fine.
func (c *Cache) Stats() (hits, misses int) {
	c.mu.Lock()
	hits, misses = c.hits, c.misses
	c.mu.Unlock()
	return hits, misses
}

// Delete unlocks before every return.
func (c *Cache) Delete(key string) bool {
	c.mu.Lock()
	if _, ok := c.items[key]; !ok {
		c.mu.Unlock()
		return false
	}
	delete(c.items, key)
	c.mu.Unlock()
	return true
}

// Purge unlocks in every case of a switch.
func (c *Cache) Purge(now time.Time, mode string) (int, error) {
	c.mu.Lock()
	n := 0
	switch mode {
	case "expired":
		for k, e := range c.items {
			if now.After(e.expires) {
				delete(c.items, k)
				n++
			}
		}
	case "all":
		n = len(c.items)
		c.items = make(map[string]entry)
	default:
		c.mu.Unlock()
		return 0, fmt.Errorf("cache: unknown purge mode %q", mode)
	}
	c.mu.Unlock()
	return n, nil
}

type RWCache struct {
	mu     sync.RWMutex
	m      map[string]string
	loader func(string) (string, error)
}

func (c *RWCache) Lookup(key string) (string, bool) {
	c.mu.RLock()
	v, ok := c.m[key]
	if ok {
		return v, true // want `return at line 116 leaves c.mu read-locked \(read-locked at line 113, unlocked on other paths\): the next Lock deadlocks; call RUnlock before returning or use defer c.mu.RUnlock\(\)`
	}
	c.mu.RUnlock()
	return "", false
}

func (c *RWCache) Refresh(key string) error {
	c.mu.Lock()
	v, err := c.loader(key)
	if err != nil {
		return err // want `leaves c.mu locked`
	}
	c.m[key] = v
	c.mu.Unlock()
	return nil
}

// Load is the read-then-upgrade pattern: a read-locked fast path, then
// the write lock with a deferred Unlock.
func (c *RWCache) Load(key string) (string, error) {
	c.mu.RLock()
	if v, ok := c.m[key]; ok {
		c.mu.RUnlock()
		return v, nil
	}
	c.mu.RUnlock()

	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.m[key]; ok {
		return v, nil
	}
	v, err := c.loader(key)
	if err != nil {
		return "", err
	}
	c.m[key] = v
	return v, nil
}

// Snapshot releases the read lock in a deferred closure.
func (c *RWCache) Snapshot(prefix string) map[string]string {
	c.mu.RLock()
	defer func() {
		c.mu.RUnlock()
	}()
	if prefix == "" {
		return c.m
	}
	out := make(map[string]string)
	for k, v := range c.m {
		if len(k) >= len(prefix) && k[:len(prefix)] == prefix {
			out[k] = v
		}
	}
	return out
}

// A counterSet embeds its mutex, so s.Lock() locks s.Mutex.
type counterSet struct {
	sync.Mutex
	counts map[string]int
}

func (s *counterSet) Incr(name string, limit int) error {
	s.Lock()
	if s.counts[name] >= limit {
		return fmt.Errorf("counter %s: limit %d reached", name, limit) // want `return at line 183 leaves s locked \(locked at line 181,`
	}
	s.counts[name]++
	s.Unlock()
	return nil
}

// Reset names the embedded mutex both ways; they are the same lock.
func (s *counterSet) Reset(name string) bool {
	s.Lock()
	if _, ok := s.counts[name]; !ok {
		s.Mutex.Unlock()
		return false
	}
	delete(s.counts, name)
	s.Unlock()
	return true
}

type shard struct {
	mu sync.Mutex
	m  map[string]int
}

type Sharded struct {
	shards []*shard
}

func (s *Sharded) shardFor(key string) *shard {
	h := 0
	for i := 0; i < len(key); i++ {
		h = h*31 + int(key[i])
	}
	return s.shards[h%len(s.shards)]
}

// Add locks a shard through a local variable.
func (s *Sharded) Add(key string, n int) int {
	sh := s.shardFor(key)
	sh.mu.Lock()
	sh.m[key] += n
	v := sh.m[key]
	sh.mu.Unlock()
	return v
}

func (s *Sharded) Find(pred func(string, int) bool) (string, bool) {
	for _, sh := range s.shards {
		sh.mu.Lock()
		for k, v := range sh.m {
			if pred(k, v) {
				return k, true // want `leaves sh.mu locked`
			}
		}
		sh.mu.Unlock()
	}
	return "", false
}

// Len locks every shard, then unlocks them all in a deferred closure.
func (s *Sharded) Len() int {
	for _, sh := range s.shards {
		sh.mu.Lock()
	}
	defer func() {
		for _, sh := range s.shards {
			sh.mu.Unlock()
		}
	}()
	n := 0
	for _, sh := range s.shards {
		n += len(sh.m)
	}
	return n
}

// Count locks shards by index, which has no access path: not checked.
func (s *Sharded) Count(key string) int {
	for i := range s.shards {
		s.shards[i].mu.Lock()
		if n, ok := s.shards[i].m[key]; ok {
			return n
		}
		s.shards[i].mu.Unlock()
	}
	return 0
}
