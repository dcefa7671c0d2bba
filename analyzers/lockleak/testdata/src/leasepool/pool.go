// Package leasepool lends connections for exclusive use: Get takes the
// connection's own mutex and Conn.Release gives it back, so a second
// borrower of the same connection waits for the first.
package leasepool

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
	mu      sync.Mutex // taken by Get, given back by Release
	statsMu sync.Mutex
	nc      net.Conn
	broken  bool
	uses    int
}

type Pool struct {
	mu     sync.Mutex
	conns  []*Conn
	next   int
	closed bool
}

// Get lends out a connection for exclusive use until Conn.Release.
func (p *Pool) Get(ctx context.Context) (*Conn, error) {
	p.mu.Lock()
	if p.closed || len(p.conns) == 0 {
		p.mu.Unlock()
		return nil, ErrClosed
	}
	cn := p.conns[p.next%len(p.conns)]
	p.next++
	p.mu.Unlock()
	return p.claim(ctx, cn)
}

func (p *Pool) claim(ctx context.Context, cn *Conn) (*Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cn.mu.Lock()
	if cn.broken {
		cn.mu.Unlock()
		return nil, errBroken
	}
	cn.uses++
	return cn, nil
}

// Release ends the loan that Get began.
func (c *Conn) Release() {
	c.mu.Unlock()
}

func (p *Pool) Send(ctx context.Context, b []byte) error {
	cn, err := p.Get(ctx)
	if err != nil {
		return err
	}
	defer cn.Release()
	_, err = cn.nc.Write(b)
	return err
}

// Stats means to freeze a connection's counters for reading, but no
// function of the package ever unlocks statsMu for its caller.
func (p *Pool) Stats(cn *Conn) (*Conn, error) {
	return p.inspect(cn)
}

func (p *Pool) inspect(cn *Conn) (*Conn, error) {
	cn.statsMu.Lock()
	if cn.broken {
		cn.statsMu.Unlock()
		return nil, errBroken
	}
	return cn, nil // want `return at line 86 leaves cn.statsMu locked \(locked at line 81, unlocked on other paths\)`
}

// MarkBroken is the plain leak: Release unlocking c.mu does not excuse
// its early return.
func (c *Conn) MarkBroken() {
	c.mu.Lock()
	if c.broken {
		return // want `return at line 94 leaves c.mu locked \(locked at line 92, unlocked on other paths\)`
	}
	c.broken = true
	c.mu.Unlock()
}
