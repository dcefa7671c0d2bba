// Package relock holds services that lock a mutex they already hold, and
// look-alikes that are fine.
package relock

import (
	"errors"
	"sync"
	"time"
)

var ErrClosed = errors.New("relock: closed")

type Session struct {
	ID      string
	Expires time.Time
}

// SessionStore keeps sessions in memory for an HTTP server.
type SessionStore struct {
	mu       sync.Mutex
	sessions map[string]*Session
	evicted  int
}

// Touch extends a session; the second Lock was pasted from Evict.
func (s *SessionStore) Touch(id string, ttl time.Duration) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[id]
	if !ok {
		return false
	}
	if time.Now().After(sess.Expires) {
		s.mu.Lock() // want `s.mu is locked again while already held \(locked at line 27\): sync.Mutex is not reentrant, so this blocks forever; unlock it first, or call a variant that expects the lock held`
		delete(s.sessions, id)
		s.evicted++
		return false
	}
	sess.Expires = time.Now().Add(ttl)
	return true
}

// Evict locks, unlocks, and locks again: fine.
func (s *SessionStore) Evict(now time.Time) int {
	s.mu.Lock()
	var expired []string
	for id, sess := range s.sessions {
		if now.After(sess.Expires) {
			expired = append(expired, id)
		}
	}
	s.mu.Unlock()

	time.Sleep(time.Millisecond) // let readers in between the two passes

	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range expired {
		delete(s.sessions, id)
	}
	s.evicted += len(expired)
	return len(expired)
}

// Registry maps service names to addresses.
type Registry struct {
	mu    sync.RWMutex
	addrs map[string]string
}

// Resolve tries to upgrade its read lock to a write lock.
func (r *Registry) Resolve(name string, lookup func(string) string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if a, ok := r.addrs[name]; ok {
		return a
	}
	a := lookup(name)
	r.mu.Lock() // want `r.mu is locked while already read-locked \(read-locked at line 73\): sync.RWMutex is not reentrant`
	r.addrs[name] = a
	r.mu.Unlock()
	return a
}

// Len read-locks while it holds the write lock.
func (r *Registry) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.mu.RLock() // want `r.mu is read-locked while already locked \(locked at line 87\): sync.RWMutex is not reentrant`
	defer r.mu.RUnlock()
	return len(r.addrs)
}

// Lookup takes the read lock twice: recursive read locking only
// deadlocks when a writer waits in between, which this analyzer leaves
// alone.
func (r *Registry) Lookup(names ...string) []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]string, 0, len(names))
	r.mu.RLock()
	for _, n := range names {
		out = append(out, r.addrs[n])
	}
	r.mu.RUnlock()
	return out
}

// ResolveSafe upgrades the right way: drop the read lock, then lock.
func (r *Registry) ResolveSafe(name string, lookup func(string) string) string {
	r.mu.RLock()
	a, ok := r.addrs[name]
	r.mu.RUnlock()
	if ok {
		return a
	}
	a = lookup(name)
	r.mu.Lock()
	defer r.mu.Unlock()
	if b, ok := r.addrs[name]; ok {
		return b
	}
	r.addrs[name] = a
	return a
}

// Counter embeds its mutex.
type Counter struct {
	sync.Mutex
	n map[string]int
}

func (c *Counter) Incr(key string) int {
	c.Lock()
	defer c.Unlock()
	if c.n == nil {
		c.Lock() // want `c.Mutex is locked again while already held \(locked at line 134\)`
		c.n = make(map[string]int)
	}
	c.n[key]++
	return c.n[key]
}

// Pool hands out connections; a TryLock guards a refill.
type Pool struct {
	mu     sync.Mutex
	refill sync.Mutex
	idle   []int
}

func (p *Pool) Refill(dial func() int) {
	if !p.refill.TryLock() {
		return // someone else is refilling
	}
	defer p.refill.Unlock()
	p.refill.Lock() // want `p.refill is locked again while already held`
	p.idle = append(p.idle, dial())
}

// RefillMaybe locks only when the caller did not: held on some paths
// only, which is not reported.
func (p *Pool) RefillMaybe(dial func() int, callerHolds bool) {
	if !callerHolds {
		p.mu.Lock()
		defer p.mu.Unlock()
	}
	p.idle = append(p.idle, dial())
}

// Transfer locks two accounts: different instances.
type Account struct {
	mu  sync.Mutex
	bal int
}

func Transfer(from, to *Account, n int) error {
	if from == to {
		return errors.New("relock: same account")
	}
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock()
	defer to.mu.Unlock()
	from.bal -= n
	to.bal += n
	return nil
}

// node is a linked list cell locked hand over hand.
type node struct {
	mu   sync.Mutex
	val  int
	next *node
}

// Second moves to the next cell before locking it: cur names another
// node at the second Lock.
func Second(head *node) int {
	cur := head
	cur.mu.Lock()
	next := cur.next
	cur.mu.Unlock()
	cur = next
	cur.mu.Lock()
	defer cur.mu.Unlock()
	return cur.val
}

// Job is run by a worker that unlocks done when it finishes: the mutex
// is used as a one-shot latch, which is legal since a mutex is not tied
// to a goroutine.
type Job struct {
	done sync.Mutex
	err  error
}

func (j *Job) Run(work func() error) error {
	j.done.Lock()
	go func() {
		j.err = work()
		j.done.Unlock()
	}()
	j.done.Lock() // waits for the worker
	defer j.done.Unlock()
	return j.err
}

// reentrant is a sync.Locker that counts its holders; locking it twice
// is fine, so Locker interfaces are never reported.
type reentrant struct{ n int }

func (r *reentrant) Lock()   { r.n++ }
func (r *reentrant) Unlock() { r.n-- }

func WithLocker(l sync.Locker, f func()) {
	l.Lock()
	defer l.Unlock()
	l.Lock()
	defer l.Unlock()
	f()
}

// blockedWaiter starts a goroutine that blocks on a mutex until the
// caller unlocks it, to have a blocked goroutine to profile: the second
// Lock waits for the Unlock below, on purpose.
func blockedWaiter(ready func()) {
	var mu sync.Mutex
	go func() {
		mu.Lock()
		mu.Lock()
	}()
	ready()
	mu.Unlock()
}

// stuck starts a goroutine that locks a mutex nobody else touches twice.
func stuck(ready func()) {
	var mu sync.Mutex
	go func() {
		mu.Lock()
		mu.Lock() // want `mu is locked again while already held`
	}()
	ready()
}
