// Package heartbeat keeps connections to peers alive. Its workers use a
// one-slot channel as a lock: receiving takes the token, sending gives
// it back, so the goroutine that sends has just emptied the buffer.
package heartbeat

import (
	"errors"
	"sync"
	"time"
)

type Peer interface {
	Ping() error
}

// A Worker pings a peer until stopped. state guards the peer; comms is
// the token whoever talks to the peer must hold.
type Worker struct {
	state  sync.RWMutex
	peer   Peer
	peers  []Peer
	misses int
	comms  chan struct{}
	stop   chan struct{}
}

// Start fills the fresh one-slot channel before any goroutine that could
// use it exists: the send cannot block.
func (w *Worker) Start(p Peer) {
	w.state.Lock()
	w.peer = p
	w.stop = make(chan struct{})
	w.comms = make(chan struct{}, 1)
	w.comms <- struct{}{}
	go w.heartbeat()
	w.state.Unlock()
}

func (w *Worker) heartbeat() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-w.stop:
			return
		}
		w.state.RLock()
		<-w.comms
		if w.peer.Ping() != nil {
			w.misses++
		}
		w.comms <- struct{}{}
		w.state.RUnlock()
	}
}

// Swap takes the token, so nobody is talking to the old peer, and gives
// it back: the buffer it just emptied has room.
func (w *Worker) Swap(p Peer) {
	w.state.Lock()
	defer w.state.Unlock()
	<-w.comms
	w.peer = p
	w.resetLocked()
	w.comms <- struct{}{}
}

func (w *Worker) resetLocked() { w.misses = 0 }

// Probe pings every candidate, taking and giving back the token once per
// round of the loop.
func (w *Worker) Probe(candidates []Peer) {
	for _, p := range candidates {
		w.state.Lock()
		<-w.comms
		if p.Ping() == nil {
			w.peers = append(w.peers, p)
		}
		w.comms <- struct{}{}
		w.state.Unlock()
	}
}

// TrySwap gives back a token it may not have taken: when the select took
// the default case the buffer can be full, and heartbeat waits for
// w.state before it receives again.
func (w *Worker) TrySwap(p Peer) {
	w.state.Lock()
	defer w.state.Unlock()
	select {
	case <-w.comms:
	default:
	}
	w.peer = p
	w.comms <- struct{}{} // want `send on w.comms while holding w.state: the receiver \(heartbeat, line 48\)`
}

// Release gives the token back for its caller.
func (w *Worker) Release() { w.comms <- struct{}{} }

// Reset gives back the one token it took twice: Release already filled
// the slot.
func (w *Worker) Reset() {
	w.state.Lock()
	defer w.state.Unlock()
	<-w.comms
	w.misses = 0
	w.Release()
	w.comms <- struct{}{} // want `send on w.comms while holding w.state`
}

// A Monitor is a Worker whose token channel was made without a buffer:
// the first send waits for a receiver that does not exist yet.
type Monitor struct {
	state sync.Mutex
	peer  Peer
	comms chan struct{}
}

func (m *Monitor) Start(p Peer) {
	m.state.Lock()
	m.peer = p
	m.comms = make(chan struct{})
	m.comms <- struct{}{} // want `send on m.comms while holding m.state: the receiver \(watch, line 132\) locks m.state before receiving again, so both block forever \(the channel is unbuffered\)`
	go m.watch()
	m.state.Unlock()
}

func (m *Monitor) watch() {
	for range m.comms {
		m.state.Lock()
		_ = m.peer.Ping()
		m.state.Unlock()
	}
}

var errClosed = errors.New("heartbeat: connection closed")

// A Conn serialises writes with a token that its keepalive loop also
// takes between pings.
type Conn struct {
	mu       sync.Mutex
	buf      []byte
	written  int
	writeTok chan struct{}
	closed   chan struct{}
}

func NewConn() *Conn {
	c := &Conn{writeTok: make(chan struct{}, 1), closed: make(chan struct{})}
	c.writeTok <- struct{}{}
	go c.keepalive()
	return c
}

// Write gives the token back only on the path that took it.
func (c *Conn) Write(b []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case <-c.writeTok:
	case <-c.closed:
		return 0, errClosed
	}
	c.buf = append(c.buf, b...)
	c.writeTok <- struct{}{}
	return len(b), nil
}

func (c *Conn) keepalive() {
	for {
		select {
		case <-c.writeTok:
			c.mu.Lock()
			c.written += len(c.buf)
			c.buf = c.buf[:0]
			c.mu.Unlock()
			c.writeTok <- struct{}{}
		case <-c.closed:
			return
		}
	}
}

// A Scheduler wakes its loop through a one-slot channel. Several
// goroutines call Kick, and the loop locks s.mu after every receive:
// while one kicker holds s.mu and waits for the slot, the loop waits
// for s.mu.
type Scheduler struct {
	mu      sync.Mutex
	pending int
	kick    chan struct{}
}

func NewScheduler() *Scheduler {
	s := &Scheduler{kick: make(chan struct{}, 1)}
	go s.loop()
	return s
}

func (s *Scheduler) Kick() {
	s.mu.Lock()
	s.pending++
	s.kick <- struct{}{} // want `send on s.kick while holding s.mu: the receiver \(loop, line 211\) locks s.mu before receiving again, so once its buffer of 1 is full both block forever`
	s.mu.Unlock()
}

func (s *Scheduler) loop() {
	for range s.kick {
		s.mu.Lock()
		s.pending = 0
		s.mu.Unlock()
	}
}
