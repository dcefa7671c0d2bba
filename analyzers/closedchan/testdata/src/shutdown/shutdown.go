// Package shutdown holds servers and clients whose Close and Serve methods
// close their signalling channels.
package shutdown

import (
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

type Server struct {
	mu      sync.Mutex
	quit    chan struct{}
	done    chan struct{}
	closed  bool
	stopped atomic.Bool
	once    sync.Once
	conns   map[net.Conn]bool
	events  chan string
}

func (s *Server) handle(c net.Conn) { c.Close() }

// Serve closes done explicitly on the accept error and again in its defer.
func (s *Server) Serve(l net.Listener) error {
	defer close(s.done)
	for {
		conn, err := l.Accept()
		if err != nil {
			close(s.done) // want `close of s.done, which the deferred close at line 28 closes again when the function returns: close panics on a closed channel; close it once \(sync.Once or a single owner\)`
			return err
		}
		go s.handle(conn)
	}
}

// ServeFixed relies on the defer alone.
func (s *Server) ServeFixed(l net.Listener) error {
	defer close(s.done)
	for {
		conn, err := l.Accept()
		if err != nil {
			return err
		}
		go s.handle(conn)
	}
}

// Shutdown closes quit on the timeout path, then again unconditionally.
func (s *Server) Shutdown(timeout time.Duration) error {
	select {
	case <-s.done:
	case <-time.After(timeout):
		close(s.quit)
		s.events <- "forced"
	}
	close(s.quit) // want `close of s.quit, which is already closed at line 56 on this path`
	return nil
}

// ShutdownFixed closes quit once, on either path.
func (s *Server) ShutdownFixed(timeout time.Duration) error {
	var err error
	select {
	case <-s.done:
	case <-time.After(timeout):
		err = errors.New("shutdown timed out")
	}
	close(s.quit)
	return err
}

// Stop announces the stop on events after closing it.
func (s *Server) Stop() {
	close(s.events)
	s.events <- "stopped" // want `send on s.events after it is closed at line 77: a send on a closed channel panics`
}

// StopFixed sends the last event first.
func (s *Server) StopFixed() {
	s.events <- "stopped"
	close(s.events)
}

// StopSelect offers the event in a select after closing.
func (s *Server) StopSelect() {
	close(s.events)
	select {
	case s.events <- "stopped": // want `send on s.events after it is closed`
	default:
	}
}

// Close is idempotent thanks to the flag checked and set under the lock.
func (s *Server) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	close(s.quit)
	return nil
}

// CloseFlag sets the flag inside the branch.
func (s *Server) CloseFlag() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.quit)
	}
}

// CloseOnce uses sync.Once.
func (s *Server) CloseOnce() {
	s.once.Do(func() { close(s.quit) })
	s.once.Do(func() { close(s.quit) })
}

// CloseCAS uses an atomic swap of a closed flag.
func (s *Server) CloseCAS() {
	if s.stopped.CompareAndSwap(false, true) {
		close(s.quit)
	}
}

// CloseSelect is the "close unless already closed" idiom, twice in a row.
func (s *Server) CloseSelect() {
	select {
	case <-s.quit:
	default:
		close(s.quit)
	}
	select {
	case <-s.quit:
		return
	default:
	}
	close(s.quit)
}

// Restart closes quit and makes a new one before closing again.
func (s *Server) Restart() {
	close(s.quit)
	s.quit = make(chan struct{})
	close(s.quit)
}

// Drop clears the field after closing it, and closes only a non-nil one.
func (s *Server) Drop() {
	if s.quit != nil {
		close(s.quit)
		s.quit = nil
	}
	if s.quit != nil {
		close(s.quit)
	}
}

// CloseEither closes one channel or the other, never both.
func (s *Server) CloseEither(graceful bool) {
	if graceful {
		close(s.done)
	} else {
		close(s.quit)
	}
	if graceful {
		return
	}
	close(s.done)
}

type Client struct {
	reqs  chan string
	resps chan string
	errc  chan error
}

// Fail closes both channels on the error path, and once more on the way
// out when the error was a timeout.
func (c *Client) Fail(err error, timeout bool) {
	switch {
	case timeout:
		close(c.reqs)
	case err != nil:
		close(c.resps)
	}
	if timeout {
		c.errc <- err
		return
	}
	close(c.reqs)
}

// Roundtrip closes on mutually exclusive switch cases.
func (c *Client) Roundtrip(kind int) {
	switch kind {
	case 0:
		close(c.reqs)
	case 1:
		close(c.resps)
	default:
		close(c.reqs)
		close(c.resps)
	}
}

// Teardown closes two different instances' channels.
func Teardown(a, b *Client) {
	close(a.reqs)
	close(b.reqs)
}

// TeardownSame closes the same client twice through one variable.
func TeardownSame(c *Client) {
	close(c.errc)
	defer close(c.errc) // want `deferred close of c.errc, which is already closed at line 220 on this path`
}

// DeferTwice registers two deferred closes.
func DeferTwice(c *Client) {
	defer close(c.resps)
	defer func() { // want `deferred close of c.resps, which the deferred close at line 226 closes again when the function returns`
		close(c.resps)
	}()
}
