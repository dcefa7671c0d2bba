// Package servers holds connection servers and RPC clients, shaped like
// the ones in x/tools' jsonrpc2 and the standard library.
package servers

import (
	"context"
	"log"
	"net"
	"sync"
	"time"
)

type Response struct {
	ID   int
	Body string
}

type Conn struct {
	mu      sync.Mutex
	pending map[int]chan *Response
	in      chan *Response
	memMu   chan []byte
}

// readLoop delivers each response to the reply channel of its call: a
// different (buffered) channel each round, one send each.
func (c *Conn) readLoop(ctx context.Context) {
	for r := range c.in {
		c.mu.Lock()
		rchan, ok := c.pending[r.ID]
		c.mu.Unlock()
		if ok {
			rchan <- r
		}
	}
}

// Call registers a buffered reply channel.
func (c *Conn) Call(ctx context.Context, id int) (*Response, error) {
	rchan := make(chan *Response, 1)
	c.mu.Lock()
	c.pending[id] = rchan
	c.mu.Unlock()
	select {
	case r := <-rchan:
		return r, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// withBuffer uses a one-slot channel as a mutex over a buffer: each send
// puts back the buffer it took.
func (c *Conn) withBuffer(ctx context.Context, parts []string) {
	for _, p := range parts {
		buf := <-c.memMu
		buf = append(buf[:0], p...)
		c.memMu <- buf
	}
}

// Serve accepts in a goroutine; a deferred range drains newConns however
// Serve returns, so the accept loop's send cannot block for good.
func Serve(ctx context.Context, ln net.Listener, idle time.Duration) error {
	newConns := make(chan net.Conn)
	var acceptErr error
	go func() {
		defer close(newConns)
		for {
			var nc net.Conn
			nc, acceptErr = ln.Accept()
			if acceptErr != nil {
				return
			}
			newConns <- nc
		}
	}()
	defer func() {
		ln.Close()
		for nc := range newConns {
			nc.Close()
		}
	}()
	t := time.NewTimer(idle)
	defer t.Stop()
	for {
		select {
		case nc, ok := <-newConns:
			if !ok {
				return acceptErr
			}
			go handle(ctx, nc)
		case <-t.C:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// ServeLeaky has no drain: once Serve returns on ctx, Accept's next
// connection blocks the goroutine forever.
func ServeLeaky(ctx context.Context, ln net.Listener) error {
	newConns := make(chan net.Conn)
	go func() {
		for {
			nc, err := ln.Accept()
			if err != nil {
				return
			}
			newConns <- nc // want `send on newConns in a loop ignores ctx`
		}
	}()
	for {
		select {
		case nc := <-newConns:
			go handle(ctx, nc)
		case <-ctx.Done():
			ln.Close()
			return ctx.Err()
		}
	}
}

func handle(ctx context.Context, nc net.Conn) { nc.Close() }

// Hub broadcasts to clients from one goroutine started by Run.
type Hub struct {
	register   chan chan string
	broadcast  chan string
	clients    map[chan string]bool
	shutdownCh chan bool
}

// Run forgets its context while serving the hub forever.
func (h *Hub) Run(ctx context.Context) {
	go func() {
		for {
			select { // want `select in a loop has no case <-ctx.Done\(\)`
			case c := <-h.register:
				h.clients[c] = true
			case msg := <-h.broadcast:
				for c := range h.clients {
					select {
					case c <- msg:
					default:
						delete(h.clients, c)
					}
				}
			}
		}
	}()
}

// RunShutdown ends on a shutdown channel.
func (h *Hub) RunShutdown(ctx context.Context) {
	for {
		select {
		case c := <-h.register:
			h.clients[c] = true
		case <-h.shutdownCh:
			return
		}
	}
}

// keepAlive pings on a ticker until the connection's context ends.
func keepAlive(ctx context.Context, nc net.Conn) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		<-t.C // want `receive from t.C in an endless loop ignores ctx`
		if _, err := nc.Write([]byte("ping")); err != nil {
			log.Println(err)
		}
	}
}

// keepAliveErr stops on the first write error.
func keepAliveErr(ctx context.Context, nc net.Conn) error {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		<-t.C
		if _, err := nc.Write([]byte("ping")); err != nil {
			return err
		}
	}
}
