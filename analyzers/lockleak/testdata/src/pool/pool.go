// Package pool is a connection pool: idle connections under a mutex,
// dialled on demand, with a condition variable for waiters.
package pool

import (
	"errors"
	"fmt"
	"sync"
)

var (
	ErrClosed    = errors.New("pool: closed")
	ErrExhausted = errors.New("pool: exhausted")
)

type Conn struct {
	id     int
	broken bool
}

func (c *Conn) Close() error { return nil }

type Pool struct {
	mu     sync.Mutex
	cond   *sync.Cond
	idle   []*Conn
	open   int
	max    int
	closed bool
	dial   func() (*Conn, error)
}

func New(max int, dial func() (*Conn, error)) *Pool {
	p := &Pool{max: max, dial: dial}
	p.cond = sync.NewCond(&p.mu)
	return p
}

func (p *Pool) Get() (*Conn, error) {
	p.mu.Lock()
	if p.closed {
		return nil, ErrClosed // want `return at line 42 leaves p.mu locked \(locked at line 40, unlocked on other paths\)`
	}
	if n := len(p.idle); n > 0 {
		c := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return c, nil
	}
	if p.open >= p.max {
		return nil, ErrExhausted // want `return at line 51 leaves p.mu locked`
	}
	p.open++
	p.mu.Unlock()
	c, err := p.dial()
	if err != nil {
		p.mu.Lock()
		p.open--
		p.mu.Unlock()
		return nil, err
	}
	return c, nil
}

func (p *Pool) Warm(n int) error {
	p.mu.Lock()
	for i := 0; i < n; i++ {
		c, err := p.dial()
		if err != nil {
			return fmt.Errorf("pool: warm: %w", err) // want `leaves p.mu locked`
		}
		p.idle = append(p.idle, c)
		p.open++
	}
	p.mu.Unlock()
	return nil
}

// Wait blocks on the condition variable, whose Wait unlocks and
// relocks p.mu.
func (p *Pool) Wait() *Conn {
	p.mu.Lock()
	for len(p.idle) == 0 && !p.closed {
		p.cond.Wait()
	}
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	c := p.idle[0]
	p.idle = p.idle[1:]
	p.mu.Unlock()
	return c
}

// Put releases the lock through finish, a helper of this package.
func (p *Pool) Put(c *Conn) {
	p.mu.Lock()
	if c.broken {
		p.open--
		p.finish()
		c.Close()
		return
	}
	p.idle = append(p.idle, c)
	p.finish()
}

func (p *Pool) finish() {
	p.mu.Unlock()
	p.cond.Signal()
}

// Discard releases the lock through a package-level helper that takes
// the pool as a parameter.
func (p *Pool) Discard(c *Conn) {
	p.mu.Lock()
	if p.closed {
		release(p)
		return
	}
	p.open--
	release(p)
	c.Close()
}

func release(p *Pool) {
	p.mu.Unlock()
	p.cond.Broadcast()
}

func (p *Pool) Resize(max int) error {
	p.begin()
	if max < 0 {
		p.end()
		return errors.New("pool: negative size")
	}
	p.max = max
	p.end()
	return nil
}

// begin and end split Lock and Unlock across a pair of methods that are
// always called together.
func (p *Pool) begin() { p.mu.Lock() }
func (p *Pool) end()   { p.mu.Unlock() }

// reserve returns with p.mu held unless the pool is closed; the caller
// unlocks.
func (p *Pool) reserve() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return ErrClosed
	}
	return nil
}

// tryLockOpen is a lock helper by name.
func (p *Pool) tryLockOpen() bool {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return false
	}
	return true
}

// take returns holding p.mu on every path: a lock helper.
func (p *Pool) take() *Conn {
	p.mu.Lock()
	if len(p.idle) == 0 {
		return nil
	}
	return p.idle[0]
}

func (p *Pool) TryGet() (*Conn, bool) {
	if !p.mu.TryLock() {
		return nil, false
	}
	if len(p.idle) == 0 {
		return nil, false // want `return at line 183 leaves p.mu locked \(locked at line 179,`
	}
	c := p.idle[0]
	p.idle = p.idle[1:]
	p.mu.Unlock()
	return c, true
}

// Reap only runs when the pool is not busy.
func (p *Pool) Reap() int {
	if !p.mu.TryLock() {
		return 0
	}
	defer p.mu.Unlock()
	n := len(p.idle)
	for _, c := range p.idle {
		c.Close()
	}
	p.idle = nil
	return n
}

// IdleCount tests TryLock through a variable.
func (p *Pool) IdleCount() (int, bool) {
	ok := p.mu.TryLock()
	if !ok {
		return 0, false
	}
	n := len(p.idle)
	p.mu.Unlock()
	return n, true
}

func (p *Pool) Drain() ([]*Conn, bool) {
	if ok := p.mu.TryLock(); ok {
		if p.closed {
			return nil, false // want `leaves p.mu locked`
		}
		idle := p.idle
		p.idle = nil
		p.mu.Unlock()
		return idle, true
	}
	return nil, false
}

// CloseAsync hands the lock to a goroutine that releases it.
func (p *Pool) CloseAsync(done chan<- struct{}) error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return ErrClosed
	}
	p.closed = true
	go func() {
		defer p.mu.Unlock()
		for _, c := range p.idle {
			c.Close()
		}
		close(done)
	}()
	return nil
}

// MustClose panics on a double close; a panic is not a return.
func (p *Pool) MustClose() {
	p.mu.Lock()
	if p.closed {
		panic("pool: closed twice")
	}
	if len(p.idle) == 0 {
		p.closed = true
		p.mu.Unlock()
		return
	}
	p.closed = true
	p.idle = nil
	p.mu.Unlock()
}

// grow runs with p.mu held by its caller; it unlocks around the dial.
func (p *Pool) grow() error {
	for p.open < p.max {
		p.mu.Unlock()
		c, err := p.dial()
		p.mu.Lock()
		if err != nil {
			return err
		}
		p.idle = append(p.idle, c)
		p.open++
	}
	return nil
}

func (p *Pool) Fill() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return ErrClosed
	}
	err := p.grow()
	p.mu.Unlock()
	return err
}

// Checkout returns the first idle connection with the method value that
// releases the pool, as database/sql's Tx.grabConn does.
func (p *Pool) Checkout() (*Conn, func(), error) {
	p.mu.Lock()
	if len(p.idle) == 0 {
		p.mu.Unlock()
		return nil, nil, ErrExhausted
	}
	return p.idle[0], p.finish, nil
}
