// Package server is a TCP server whose goroutines carry suppression
// directives, well-formed and not.
package server

import (
	"net"
	"sync"
	"time"
)

type Server struct {
	ln    net.Listener
	wg    sync.WaitGroup
	mu    sync.Mutex
	conns map[net.Conn]struct{}
	done  chan struct{}
}

// Start accepts connections until Close.
//
// golint-conc:ignore lockleak handle releases mu on every path; gofmt added the space
func (s *Server) Start() {
	//golint-conc:ignore chanleak acceptLoop returns when Close closes the listener
	go s.acceptLoop()

	go s.reap() //nolint:chanleak // reap stops when s.done is closed

	go s.flush() //golint-conc:ignore chanleak,wgdone flush exits on Close and is not counted

	//nolint:golint-conc // the ticker goroutine is stopped by Close
	go s.tick()

	// want +1 `golint-conc:ignore needs the analyzer names and a reason`
	//golint-conc:ignore chanleak
	go s.acceptLoop()

	// want +1 `golint-conc:ignore needs the analyzer names and a reason`
	go s.reap() //golint-conc:ignore

	// want +1 `golint-conc:ignore names "chanlaek", which is not a golint-conc analyzer`
	go s.flush() //golint-conc:ignore chanlaek flush exits on Close

	// want +1 `golint-conc:ignore has an empty analyzer name`
	go s.flush() //golint-conc:ignore chanleak,,wgdone flush exits on Close

	// want +1 `golint-conc:ignore names "golint-conc", which is not a golint-conc analyzer.*use all`
	go s.tick() //golint-conc:ignore golint-conc the ticker stops on Close
}

func (s *Server) acceptLoop() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.conns[c] = struct{}{}
		s.mu.Unlock()
		s.wg.Add(1)    //nolint:errcheck
		go s.handle(c) //golint-conc:ignore all handle is joined by s.wg in Close
	}
}

func (s *Server) handle(c net.Conn) {
	defer s.wg.Done()
	defer c.Close() //nolint // legacy, golangci-lint's business
	buf := make([]byte, 512)
	for {
		if _, err := c.Read(buf); err != nil {
			return
		}
	}
}

func (s *Server) reap() {
	t := time.NewTicker(time.Minute)
	defer t.Stop() //nolint:all
	for {
		select {
		case <-t.C:
		case <-s.done:
			return
		}
	}
}

func (s *Server) flush() {
	// want +1 `nolint for golint-conc needs a reason`
	<-s.done //nolint:chanleak
}

func (s *Server) tick() {
	// want +1 `nolint for golint-conc needs a reason`
	time.Sleep(time.Second) //nolint:golint-conc
	// want +1 `nolint for golint-conc needs a reason`
	time.Sleep(time.Second) //nolint:errcheck,sleepsync
	// want +1 `nolint reads "sleepsync because it paces" as one linter name.*//nolint:sleepsync // reason`
	time.Sleep(time.Second) //nolint:sleepsync because it paces
	time.Sleep(time.Second) //golint-conc:ignore sleepsync // pacing, not waiting for goroutines
	/* golint-conc:ignore sleepsync a block comment is never a directive */
}

// Close stops the server and waits for its connections.
func (s *Server) Close() error {
	close(s.done)
	err := s.ln.Close()
	s.mu.Lock()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
	return err
}
