// Package pipe is an in-memory pipe and a framed connection on top of
// it. Their blocking helpers wait once and return "nothing yet"; the
// callers loop until they get something, so the condition is checked
// again by the caller after every wakeup.
package pipe

import (
	"errors"
	"sync"
)

var errRetry = errors.New("pipe: retry")

type Pipe struct {
	mu      sync.Mutex
	cnd     *sync.Cond // readers wait for data
	room    *sync.Cond // writers wait for room
	buf     []byte
	blocked bool
	closed  bool
}

func New() *Pipe {
	p := &Pipe{}
	p.cnd = sync.NewCond(&p.mu)
	p.room = sync.NewCond(&p.mu)
	return p
}

// readOrBlock waits once while the writer has blocked the pipe and
// reports 0: Read calls it again.
func (p *Pipe) readOrBlock(b []byte) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.blocked {
		p.cnd.Wait()
		return 0
	}
	n := copy(b, p.buf)
	p.buf = p.buf[n:]
	p.room.Broadcast()
	return n
}

func (p *Pipe) Read(b []byte) (n int) {
	for n == 0 {
		n = p.readOrBlock(b)
	}
	return
}

// tryWrite waits once for room and reports 0 written.
func (p *Pipe) tryWrite(b []byte) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.buf) > 4096 {
		p.room.Wait()
		return 0
	}
	p.buf = append(p.buf, b...)
	p.cnd.Broadcast()
	return len(b)
}

func (p *Pipe) Write(b []byte) (int, error) {
	for {
		if n := p.tryWrite(b); n > 0 {
			return n, nil
		}
	}
}

// closeOrWait waits for readers to drain before closing; the loop in
// Close tests its result directly.
func (p *Pipe) closeOrWait() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.buf) > 0 {
		p.room.Wait()
		return errRetry
	}
	p.closed = true
	p.cnd.Broadcast()
	return nil
}

func (p *Pipe) Close() error {
	for p.closeOrWait() == errRetry {
	}
	return nil
}

// peekOrBlock has one caller, and it does not loop: after the wakeup
// Peek returns 0 as if the pipe were empty.
func (p *Pipe) peekOrBlock(b []byte) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.blocked {
		p.cnd.Wait() // want `p.cnd.Wait is guarded by if, not a loop`
		return 0
	}
	return copy(b, p.buf)
}

func (p *Pipe) Peek(b []byte) int {
	return p.peekOrBlock(b)
}

// drainOrBlock reads the buffer right after the wakeup, where another
// reader may have emptied it.
func (p *Pipe) drainOrBlock(b []byte) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.buf) == 0 {
		p.cnd.Wait() // want `p.cnd.Wait is guarded by if, not a loop`
		n := copy(b, p.buf)
		p.buf = p.buf[n:]
		return n
	}
	n := copy(b, p.buf)
	p.buf = p.buf[n:]
	return n
}

func (p *Pipe) Drain(b []byte) (n int) {
	for n == 0 {
		n = p.drainOrBlock(b)
	}
	return
}

// readPast does not return after the wakeup: it goes on to read the
// buffer as if the writer had unblocked the pipe.
func (p *Pipe) readPast(b []byte) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.blocked {
		p.cnd.Wait() // want `p.cnd.Wait is guarded by if, not a loop`
	}
	n := copy(b, p.buf)
	p.buf = p.buf[n:]
	return n
}

func (p *Pipe) ReadPast(b []byte) (n int) {
	for n == 0 {
		n = p.readPast(b)
	}
	return
}

// fillOrBlock is called in a loop, but the loop moves on to the next
// buffer whatever it returns: a buffer that met a blocked pipe stays
// empty.
func (p *Pipe) fillOrBlock(b []byte) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.blocked {
		p.cnd.Wait() // want `p.cnd.Wait is guarded by if, not a loop`
		return 0
	}
	n := copy(b, p.buf)
	p.buf = p.buf[n:]
	return n
}

func (p *Pipe) ReadVec(bufs [][]byte) (total int) {
	for len(bufs) > 0 {
		total += p.fillOrBlock(bufs[0])
		bufs = bufs[1:]
	}
	return total
}

// ReadOrBlock is readOrBlock exported: Pipe's own caller retries, but a
// caller in another package may take the 0 for an empty read.
func (p *Pipe) ReadOrBlock(b []byte) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.blocked {
		p.cnd.Wait() // want `p.cnd.Wait is guarded by if, not a loop`
		return 0
	}
	n := copy(b, p.buf)
	p.buf = p.buf[n:]
	return n
}

func (p *Pipe) ReadFull(b []byte) {
	for len(b) > 0 {
		n := 0
		for n == 0 {
			n = p.ReadOrBlock(b)
		}
		b = b[n:]
	}
}

// A Conn reads frames that a demultiplexer queues for it.
type Conn struct {
	mu     sync.Mutex
	cond   *sync.Cond
	frames [][]byte
	queue  []*Conn
}

func NewConn() *Conn {
	c := &Conn{}
	c.cond = sync.NewCond(&c.mu)
	return c
}

// nextFrame waits once for a frame and reports none; both callers try
// again until they get one.
func (c *Conn) nextFrame() ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.frames) == 0 {
		c.cond.Wait()
		return nil, false
	}
	f := c.frames[0]
	c.frames = c.frames[1:]
	return f, true
}

func (c *Conn) ReadFrame() []byte {
	for {
		f, ok := c.nextFrame()
		if !ok {
			continue
		}
		return f
	}
}

func (c *Conn) Serve(handle func([]byte)) {
	go func() {
		for {
			if f, ok := c.nextFrame(); ok {
				handle(f)
			}
		}
	}()
}

// acceptOrWait waits once for a queued connection and returns nil.
func (c *Conn) acceptOrWait() *Conn {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.queue) == 0 {
		c.cond.Wait()
		return nil
	}
	n := c.queue[0]
	c.queue = c.queue[1:]
	return n
}

func (c *Conn) Accept() *Conn {
	var n *Conn
	for n == nil {
		n = c.acceptOrWait()
	}
	return n
}

// headerOrWait waits once for the header frame. ReadHeader tests what
// it returns but does not call it again: a wakeup without a frame reads
// as a connection closed before its header.
func (c *Conn) headerOrWait() ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.frames) == 0 {
		c.cond.Wait() // want `c.cond.Wait is guarded by if, not a loop`
		return nil, false
	}
	return c.frames[0], true
}

func (c *Conn) ReadHeader() ([]byte, error) {
	h, ok := c.headerOrWait()
	if !ok {
		return nil, errors.New("pipe: closed before header")
	}
	return h, nil
}

// A Pool dials connections up to a limit; dialOrWait waits once for a
// free slot and reports neither a connection nor an error.
type Pool struct {
	mu    sync.Mutex
	freed *sync.Cond
	open  int
	limit int
	dial  func() (*Conn, error)
}

func (p *Pool) dialOrWait() (*Conn, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.open >= p.limit {
		p.freed.Wait()
		return nil, nil
	}
	p.open++
	return p.dial()
}

func (p *Pool) Get() (c *Conn, err error) {
	for c == nil && err == nil {
		c, err = p.dialOrWait()
	}
	return c, err
}

// A Queue hands items to consumers that retry until they get one.
type Queue[T any] struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []T
}

func (q *Queue[T]) popOrWait() (T, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	var zero T
	if len(q.items) == 0 {
		q.cond.Wait()
		return zero, false
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v, true
}

func (q *Queue[T]) Pop() T {
	for {
		if v, ok := q.popOrWait(); ok {
			return v
		}
	}
}
