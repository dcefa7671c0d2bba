// Package locking holds Cond users that must hold the Cond's lock when
// they call Wait, and some that do not.
package locking

import (
	"net"
	"sync"
)

// ConnPool hands out idle connections and blocks when there are none.
type ConnPool struct {
	mu   sync.Mutex
	cond *sync.Cond
	idle []net.Conn
}

func NewConnPool() *ConnPool {
	p := &ConnPool{}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// Get reads the count under the lock and then waits without it.
func (p *ConnPool) Get() net.Conn {
	p.mu.Lock()
	n := len(p.idle)
	p.mu.Unlock()
	for n == 0 {
		p.cond.Wait() // want `p.cond.Wait called without holding p.mu: Wait unlocks the Cond's lock first, so it panics when the lock is not held; lock p.mu before waiting`
		n = len(p.idle)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.idle[0]
	p.idle = p.idle[1:]
	return c
}

// GetReleasing unlocks around Wait, as if Wait needed the lock free.
func (p *ConnPool) GetReleasing() net.Conn {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.idle) == 0 {
		p.mu.Unlock()
		p.cond.Wait() // want `p.cond.Wait called without holding p.mu`
		p.mu.Lock()
	}
	c := p.idle[0]
	p.idle = p.idle[1:]
	return c
}

// GetLate waits first and locks only afterwards.
func (p *ConnPool) GetLate() net.Conn {
	for len(p.idle) == 0 {
		p.cond.Wait() // want `p.cond.Wait called without holding p.mu`
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.idle[0]
	p.idle = p.idle[1:]
	return c
}

// GetOK holds the lock across the loop.
func (p *ConnPool) GetOK() net.Conn {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.idle) == 0 {
		p.cond.Wait()
	}
	c := p.idle[0]
	p.idle = p.idle[1:]
	return c
}

// GetDial drops the lock to dial, and takes it again before waiting.
func (p *ConnPool) GetDial(dial func() (net.Conn, error)) (net.Conn, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.idle) == 0 {
		p.mu.Unlock()
		c, err := dial()
		p.mu.Lock()
		if err == nil {
			return c, nil
		}
		p.cond.Wait()
	}
	c := p.idle[0]
	p.idle = p.idle[1:]
	return c, nil
}

// GetViaL locks through the Cond's own L.
func (p *ConnPool) GetViaL() net.Conn {
	p.cond.L.Lock()
	defer p.cond.L.Unlock()
	for len(p.idle) == 0 {
		p.cond.Wait()
	}
	c := p.idle[0]
	p.idle = p.idle[1:]
	return c
}

// getLocked is called with p.mu held.
func (p *ConnPool) getLocked() net.Conn {
	for len(p.idle) == 0 {
		p.cond.Wait()
	}
	c := p.idle[0]
	p.idle = p.idle[1:]
	return c
}

func (p *ConnPool) lock()   { p.mu.Lock() }
func (p *ConnPool) unlock() { p.mu.Unlock() }

// GetHelper locks through helpers, which the analyzer does not follow.
func (p *ConnPool) GetHelper() net.Conn {
	p.lock()
	defer p.unlock()
	return p.getLocked()
}

// GetAlias locks through a local alias of the lock.
func (p *ConnPool) GetAlias() net.Conn {
	p.mu.Lock()
	p.mu.Unlock()
	l := p.cond.L
	l.Lock()
	defer l.Unlock()
	for len(p.idle) == 0 {
		p.cond.Wait()
	}
	c := p.idle[0]
	p.idle = p.idle[1:]
	return c
}

func (p *ConnPool) Put(c net.Conn) {
	p.mu.Lock()
	p.idle = append(p.idle, c)
	p.mu.Unlock()
	p.cond.Signal()
}
