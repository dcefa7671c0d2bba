// Package cache is a key-value cache that notifies watchers of changes
// through a dispatcher goroutine.
package cache

import (
	"sync"
	"time"
)

type Change struct {
	Key string
	Old string
	New string
}

type Cache struct {
	mu       sync.Mutex
	items    map[string]string
	watchers map[string][]func(Change)
	changes  chan Change
	expired  chan string
	stop     chan struct{}
}

func New() *Cache {
	c := &Cache{
		items:    make(map[string]string),
		watchers: make(map[string][]func(Change)),
		changes:  make(chan Change, 32),
		expired:  make(chan string),
		stop:     make(chan struct{}),
	}
	go c.dispatch()
	go c.logExpired()
	return c
}

// Set reports the change while still holding the lock.
func (c *Cache) Set(key, val string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.items[key]
	c.items[key] = val
	c.changes <- Change{Key: key, Old: old, New: val} // want `send on c.changes while holding c.mu: the receiver \(dispatch, line 70\) locks c.mu before receiving again, so once its buffer of 32 is full both block forever`
}

// Delete snapshots under the lock and notifies after.
func (c *Cache) Delete(key string) {
	c.mu.Lock()
	old, ok := c.items[key]
	delete(c.items, key)
	c.mu.Unlock()
	if ok {
		c.changes <- Change{Key: key, Old: old}
	}
}

// Expire tells the logger, which never takes c.mu.
func (c *Cache) Expire(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.items, key)
	c.expired <- key
}

func (c *Cache) dispatch() {
	for {
		select {
		case ch := <-c.changes:
			notify(c, ch)
		case <-c.stop:
			return
		}
	}
}

// notify copies the watchers under the lock and calls them after.
func notify(c *Cache, ch Change) {
	c.mu.Lock()
	var ws []func(Change)
	ws = append(ws, c.watchers[ch.Key]...)
	c.mu.Unlock()
	for _, w := range ws {
		w(ch)
	}
}

func (c *Cache) logExpired() {
	for key := range c.expired {
		println("expired", key, time.Now().Unix())
	}
}

// A Tiered cache forwards changes to the cache below it.
type Tiered struct {
	mu    sync.Mutex
	local map[string]string
	lower *Cache
}

// Set holds t.mu, but lower's dispatcher locks lower.mu, a different
// mutex.
func (t *Tiered) Set(key, val string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.local[key] = val
	t.lower.changes <- Change{Key: key, New: val}
}

// A Mirror has two consumers of its updates; the archiver never locks,
// so it keeps the channel moving even while Put holds the lock.
type Mirror struct {
	mu      sync.Mutex
	data    map[string]string
	updates chan string
}

func (m *Mirror) Put(key, val string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.data[key] = val
	m.updates <- key
}

func (m *Mirror) replicate(send func(string, string)) {
	for key := range m.updates {
		m.mu.Lock()
		v := m.data[key]
		m.mu.Unlock()
		send(key, v)
	}
}

func (m *Mirror) archive(log func(string)) {
	for key := range m.updates {
		log(key)
	}
}

// A Journal records writes; its flusher takes the lock only once the
// channel is closed and it is about to exit.
type Journal struct {
	mu      sync.Mutex
	entries []string
	final   int
	writes  chan string
}

func (j *Journal) Write(e string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.entries = append(j.entries, e)
	j.writes <- e
}

func (j *Journal) flush(sink func(string)) {
	n := 0
	for {
		e, ok := <-j.writes
		if !ok {
			j.mu.Lock()
			j.final = n
			j.mu.Unlock()
			return
		}
		sink(e)
		n++
	}
}
