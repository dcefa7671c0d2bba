// Package ttlcache is a cache whose entries expire, swept in the
// background, and a session table with an idle timeout.
package ttlcache

import (
	"sync"
	"sync/atomic"
	"time"
)

type Options struct {
	TTL        time.Duration // want TTL:"times out"
	SweepEvery time.Duration
}

type entry struct {
	val     string
	expires time.Time
}

type Cache struct {
	mu     sync.Mutex
	ttl    time.Duration
	items  map[string]entry
	sweeps atomic.Int64
	quit   chan struct{}
}

// New returns a cache whose entries live for opts.TTL; a goroutine
// evicts expired ones every opts.SweepEvery.
func New(opts Options) *Cache { // want New:"leaves goroutines running"
	c := &Cache{ttl: opts.TTL, items: make(map[string]entry), quit: make(chan struct{})}
	go c.sweep(opts.SweepEvery)
	return c
}

func (c *Cache) sweep(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-c.quit:
			return
		case now := <-t.C:
			c.evict(now)
		}
	}
}

func (c *Cache) evict(now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.items {
		if now.After(e.expires) {
			delete(c.items, k)
		}
	}
	c.sweeps.Add(1)
}

func (c *Cache) Set(key, val string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[key] = entry{val: val, expires: time.Now().Add(c.ttl)}
}

func (c *Cache) Get(key string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok || time.Now().After(e.expires) {
		return "", false
	}
	return e.val, true
}

func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}

func (c *Cache) Sweeps() int64 { return c.sweeps.Load() }

// Close stops the sweeper without waiting for it.
func (c *Cache) Close() { close(c.quit) }

// Sessions forgets a session idle for longer than its timeout.
type Sessions struct {
	mu   sync.Mutex
	idle time.Duration
	last map[string]time.Time
}

func NewSessions(idle time.Duration) *Sessions { // want NewSessions:"times out on parameters \\[0\\]" NewSessions:"leaves goroutines running"
	s := &Sessions{last: make(map[string]time.Time)}
	s.idle = idle
	go s.reap()
	return s
}

func (s *Sessions) reap() {
	for range time.Tick(time.Second) {
		s.mu.Lock()
		for id, t := range s.last {
			if time.Since(t) > s.idle {
				delete(s.last, id)
			}
		}
		s.mu.Unlock()
	}
}

func (s *Sessions) Touch(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.last[id] = time.Now()
}

func (s *Sessions) Alive(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.last[id]
	return ok && time.Since(t) <= s.idle
}

// Loader fills the cache in the background after a delay: the delay is
// slept, so it is not a timeout.
type Loader struct {
	Delay time.Duration
}

func (l *Loader) Load(c *Cache, key, val string) { // want Load:"leaves goroutines running"
	go func() {
		time.Sleep(l.Delay)
		c.Set(key, val)
	}()
}
