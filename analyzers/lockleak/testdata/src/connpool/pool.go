// Package connpool is a connection pool whose checkout takes a
// connection's own mutex for exclusive use, failing if the connection is
// broken or the pool is closed.
package connpool

import (
	"context"
	"errors"
	"net"
	"sync"
)

var (
	ErrClosed = errors.New("pool closed")
	errBroken = errors.New("connection broken")
)

type Conn struct {
	mu     sync.Mutex
	nc     net.Conn
	broken bool
}

type Pool struct {
	mu     sync.Mutex
	idle   []*Conn
	closed bool
}

// checkout takes cn for exclusive use.
func (p *Pool) checkout(ctx context.Context, cn *Conn) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	cn.mu.Lock()
	if cn.broken {
		cn.mu.Unlock()
		return errBroken
	}
	return nil
}

func (p *Pool) Write(ctx context.Context, cn *Conn, b []byte) error {
	if err := p.checkout(ctx, cn); err != nil {
		return err
	}
	defer cn.mu.Unlock()
	_, err := cn.nc.Write(b)
	return err
}

func (p *Pool) Ping(ctx context.Context, cn *Conn) error {
	if p.checkout(ctx, cn) != nil {
		return errBroken
	}
	_, err := cn.nc.Write([]byte("PING\r\n"))
	cn.mu.Unlock()
	return err
}

// Reserve blocks new checkouts until the caller is done; it fails on a
// closed pool. It has no callers here: its acquire-or-fail shape, nil
// with the lock and an error without it, says what it does.
func (p *Pool) Reserve() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return ErrClosed
	}
	return nil
}

// Drain has no callers here either, and both of its returns say nil:
// the one that keeps p.mu is a leak.
func (p *Pool) Drain() error {
	p.mu.Lock()
	if len(p.idle) == 0 {
		p.mu.Unlock()
		return nil
	}
	for _, cn := range p.idle {
		cn.nc.Close()
	}
	p.idle = nil
	return nil // want `return at line 85 leaves p.mu locked \(locked at line 76, unlocked on other paths\)`
}

// reserveIdle has the same shape as Reserve but is unexported and never
// called: nothing vouches for its contract.
func (p *Pool) reserveIdle() error {
	p.mu.Lock()
	if len(p.idle) == 0 {
		p.mu.Unlock()
		return ErrClosed
	}
	return nil // want `return at line 96 leaves p.mu locked \(locked at line 91, unlocked on other paths\)`
}

// Get is the plain leak: an early return that forgets the Unlock.
func (p *Pool) Get() (*Conn, error) {
	p.mu.Lock()
	if p.closed {
		return nil, ErrClosed // want `return at line 103 leaves p.mu locked \(locked at line 101, unlocked on other paths\)`
	}
	if len(p.idle) == 0 {
		p.mu.Unlock()
		return nil, nil
	}
	cn := p.idle[len(p.idle)-1]
	p.idle = p.idle[:len(p.idle)-1]
	p.mu.Unlock()
	return cn, nil
}
