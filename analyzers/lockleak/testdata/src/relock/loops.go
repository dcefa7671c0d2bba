package relock

import (
	"errors"
	"log"
	"net"
	"sync"
	"time"
)

// UDPProxy forwards datagrams, keeping one backend connection per
// client: the shape of moby#7559.
type UDPProxy struct {
	listener      net.PacketConn
	backend       *net.UDPAddr
	connTrackLock sync.Mutex
	connTrack     map[string]*net.UDPConn
}

func (p *UDPProxy) Run() {
	buf := make([]byte, 65507)
	for {
		n, from, err := p.listener.ReadFrom(buf)
		if err != nil {
			return
		}
		key := from.String()
		p.connTrackLock.Lock() // want `p.connTrackLock is locked again while still held from the previous iteration: the path through line 34 goes round the loop without unlocking p.connTrackLock, so the next Lock blocks forever \(sync.Mutex is not reentrant\); unlock it before the continue`
		conn, hit := p.connTrack[key]
		if !hit {
			conn, err = net.DialUDP("udp", nil, p.backend)
			if err != nil {
				log.Printf("can't proxy a datagram to %s: %v", p.backend, err)
				continue
			}
			p.connTrack[key] = conn
		}
		p.connTrackLock.Unlock()
		conn.Write(buf[:n])
	}
}

// RunFixed unlocks before the continue.
func (p *UDPProxy) RunFixed() {
	buf := make([]byte, 65507)
	for {
		n, from, err := p.listener.ReadFrom(buf)
		if err != nil {
			return
		}
		key := from.String()
		p.connTrackLock.Lock()
		conn, hit := p.connTrack[key]
		if !hit {
			conn, err = net.DialUDP("udp", nil, p.backend)
			if err != nil {
				p.connTrackLock.Unlock()
				log.Printf("can't proxy a datagram to %s: %v", p.backend, err)
				continue
			}
			p.connTrack[key] = conn
		}
		p.connTrackLock.Unlock()
		conn.Write(buf[:n])
	}
}

var errTemporary = errors.New("temporary")

// Client retries a request under its lock.
type Client struct {
	mu       sync.Mutex
	attempts int
	send     func() error
}

func (c *Client) Do() error {
	for i := 0; i < 3; i++ {
		c.mu.Lock() // want `c.mu is locked again while still held from the previous iteration: the path through line 84 goes round`
		c.attempts++
		if err := c.send(); err != nil {
			if errors.Is(err, errTemporary) {
				time.Sleep(time.Duration(i) * 10 * time.Millisecond)
				continue
			}
			c.mu.Unlock()
			return err
		}
		c.mu.Unlock()
		return nil
	}
	return errTemporary
}

// DoFixed unlocks on every path round the loop.
func (c *Client) DoFixed() error {
	for i := 0; i < 3; i++ {
		c.mu.Lock()
		c.attempts++
		err := c.send()
		c.mu.Unlock()
		if errors.Is(err, errTemporary) {
			continue
		}
		return err
	}
	return errTemporary
}

// Queue counts finished jobs.
type Queue struct {
	mu   sync.Mutex
	done int
	fail int
}

type result struct{ ok bool }

// Tally falls off the end of the loop body without unlocking when a job
// failed.
func (q *Queue) Tally(results []result) {
	for _, r := range results {
		q.mu.Lock() // want `q.mu is locked again while still held from the previous iteration: the path through line 128 goes round the loop without unlocking q.mu, so the next Lock blocks forever \(sync.Mutex is not reentrant\); unlock it on every path through the loop body`
		if r.ok {
			q.done++
			q.mu.Unlock()
		}
	}
}

// Drain defers the unlock inside the loop: it runs only when Drain
// returns.
func (q *Queue) Drain(ch <-chan result) {
	for r := range ch {
		q.mu.Lock() // want `q.mu is locked again while still held from the previous iteration: the path through line 140 goes round`
		defer q.mu.Unlock()
		if !r.ok {
			q.fail++
		}
	}
}

// Dispatch continues from a switch case without unlocking.
func (q *Queue) Dispatch(kinds []string) {
	for _, k := range kinds {
		q.mu.Lock() // want `q.mu is locked again while still held from the previous iteration: the path through line 149 goes round`
		switch k {
		case "skip":
			continue
		case "fail":
			q.fail++
		default:
			q.done++
		}
		q.mu.Unlock()
	}
}

// TallyFixed unlocks in every case.
func (q *Queue) TallyFixed(results []result) {
	for _, r := range results {
		q.mu.Lock()
		switch {
		case r.ok:
			q.done++
		default:
			q.fail++
		}
		q.mu.Unlock()
	}
}

// Server waits until it is ready, then keeps the lock after the loop:
// the only path that holds the lock leaves the loop.
type Server struct {
	mu    sync.Mutex
	ready bool
	conns int
}

func (s *Server) WaitReady() int {
	for {
		s.mu.Lock()
		if s.ready {
			break
		}
		s.mu.Unlock()
		time.Sleep(10 * time.Millisecond)
	}
	defer s.mu.Unlock()
	return s.conns
}

// Accept returns from the loop whenever it holds the lock.
func (s *Server) Accept(ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		s.mu.Lock()
		if s.conns > 100 {
			conn.Close()
			s.mu.Unlock()
			continue
		}
		s.conns++
		s.mu.Unlock()
		go conn.Close()
	}
}

// Poll spins on TryLock: silent.
func (s *Server) Poll(stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		if !s.mu.TryLock() {
			continue
		}
		s.conns++
		s.mu.Unlock()
	}
}

// Sweep drops the lock around slow work: it holds the lock on entry to
// the loop and on the way round, as it should.
func (s *Server) Sweep(ids []int, slow func(int) error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		s.mu.Unlock()
		err := slow(id)
		s.mu.Lock()
		if err != nil {
			continue
		}
		s.conns--
	}
}

// Shard is one part of a sharded map.
type Shard struct {
	mu sync.Mutex
	m  map[string]int
}

// Count locks another shard on every iteration.
func Count(shards []*Shard, key string) int {
	n := 0
	for _, sh := range shards {
		sh.mu.Lock()
		v, ok := sh.m[key]
		if !ok {
			continue
		}
		n += v
		sh.mu.Unlock()
	}
	return n
}

// Spawn hands the lock to a goroutine on every iteration: it limits
// the uploads to one at a time.
func (s *Server) Spawn(files []string, upload func(string)) {
	for _, f := range files {
		s.mu.Lock()
		go func() {
			defer s.mu.Unlock()
			upload(f)
		}()
	}
}

// Retry panics instead of going round the loop with the lock held.
func (c *Client) Retry() {
	for i := 0; ; i++ {
		c.mu.Lock()
		if err := c.send(); err != nil {
			if i > 5 {
				panic(err)
			}
			c.mu.Unlock()
			continue
		}
		c.mu.Unlock()
		return
	}
}

// Outer continues an outer loop after unlocking.
func (q *Queue) Outer(batches [][]result) {
outer:
	for _, b := range batches {
		q.mu.Lock()
		for _, r := range b {
			if !r.ok {
				q.mu.Unlock()
				continue outer
			}
		}
		q.done += len(b)
		q.mu.Unlock()
	}
}
