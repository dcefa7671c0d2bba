package locking

import (
	"io"
	"sync"
)

// pipe is a buffered in-memory pipe whose Cond's lock is set lazily, as
// in net/http's HTTP/2 pipe.
type pipe struct {
	mu  sync.Mutex
	c   sync.Cond
	buf []byte
	err error
}

func (p *pipe) Read(d []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.c.L == nil {
		p.c.L = &p.mu
	}
	for len(p.buf) == 0 && p.err == nil {
		p.c.Wait()
	}
	if len(p.buf) == 0 {
		return 0, p.err
	}
	n := copy(d, p.buf)
	p.buf = p.buf[n:]
	return n, nil
}

// ReadUnlocked checks for data under the lock but waits after dropping it.
func (p *pipe) ReadUnlocked(d []byte) (int, error) {
	p.mu.Lock()
	if p.c.L == nil {
		p.c.L = &p.mu
	}
	empty := len(p.buf) == 0
	p.mu.Unlock()
	for empty {
		p.c.Wait() // want `p.c.Wait called without holding p.mu`
		empty = len(p.buf) == 0
	}
	return p.Read(d)
}

func (p *pipe) CloseWithError(err error) {
	if err == nil {
		err = io.EOF
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.c.L == nil {
		p.c.L = &p.mu
	}
	p.err = err
	p.c.Broadcast()
}

// waitAll joins n workers that count themselves done under a local lock.
func waitAll(n int, work func(int)) {
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	done := 0
	for i := range n {
		go func() {
			work(i)
			mu.Lock()
			done++
			mu.Unlock()
			cond.Signal()
		}()
	}
	mu.Lock()
	for done < n {
		cond.Wait()
	}
	mu.Unlock()
}

// waitAllUnlocked checks the count under the lock, then waits without it.
func waitAllUnlocked(n int, work func(int)) {
	mu := sync.Mutex{}
	cond := sync.Cond{L: &mu}
	done := 0
	for i := range n {
		go func() {
			work(i)
			mu.Lock()
			done++
			mu.Unlock()
			cond.Broadcast()
		}()
	}
	mu.Lock()
	finished := done == n
	mu.Unlock()
	for !finished {
		cond.Wait() // want `cond.Wait called without holding mu`
		finished = done == n
	}
}

// Registry's Cond locks the read side of an RWMutex, which the analyzer
// does not name; it is left alone.
type Registry struct {
	mu      sync.RWMutex
	changed *sync.Cond
	version int
}

func NewRegistry() *Registry {
	r := &Registry{}
	r.changed = sync.NewCond(r.mu.RLocker())
	return r
}

func (r *Registry) WaitNewer(v int) int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for r.version <= v {
		r.changed.Wait()
	}
	return r.version
}

// Counter embeds its lock and its Cond.
type Counter struct {
	sync.Mutex
	*sync.Cond
	n int
}

func NewCounter() *Counter {
	c := &Counter{}
	c.Cond = sync.NewCond(&c.Mutex)
	return c
}

func (c *Counter) WaitAtLeast(n int) {
	c.Lock()
	defer c.Unlock()
	for c.n < n {
		c.Wait()
	}
}

func (c *Counter) WaitAtLeastUnlocked(n int) {
	c.Lock()
	c.Unlock()
	for c.n < n {
		c.Wait() // want `c.Wait called without holding c.Mutex`
	}
}
