// Package startnotify is a DNS-like server whose tests use a mutex as a
// semaphore: the test locks it, hands its Unlock to the server as the
// started callback, and locks it again to wait until the server calls
// it, as miekg/dns's server tests do.
package startnotify

import (
	"errors"
	"net"
	"sync"
	"time"
)

type Server struct {
	Addr              string
	NotifyStartedFunc func()
	Started           sync.Locker // unlocked once the server listens

	mu       sync.Mutex
	listener net.Listener
}

func (srv *Server) ListenAndServe() error {
	l, err := net.Listen("udp", srv.Addr)
	if err != nil {
		return err
	}
	srv.mu.Lock()
	srv.listener = l
	srv.mu.Unlock()
	if srv.NotifyStartedFunc != nil {
		srv.NotifyStartedFunc()
	}
	if srv.Started != nil {
		srv.Started.Unlock()
	}
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		c.Close()
	}
}

func (srv *Server) Shutdown() error {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if srv.listener == nil {
		return errors.New("server not started")
	}
	return srv.listener.Close()
}

// RunLocalServer is the miekg/dns shape: the second Lock waits for the
// server goroutine to call NotifyStartedFunc, which is waitLock.Unlock.
func RunLocalServer(addr string) (*Server, error) {
	waitLock := sync.Mutex{}
	server := &Server{Addr: addr, NotifyStartedFunc: waitLock.Unlock}
	waitLock.Lock()

	fin := make(chan error, 1)
	go func() {
		fin <- server.ListenAndServe()
	}()

	waitLock.Lock()
	return server, nil
}

// A harness keeps the semaphore in a field and assigns the callback
// after taking it.
type harness struct {
	ready sync.Mutex
	srv   *Server
}

func (h *harness) start(addr string) error {
	h.ready.Lock()
	h.srv = &Server{Addr: addr}
	h.srv.NotifyStartedFunc = h.ready.Unlock
	go h.srv.ListenAndServe()

	h.ready.Lock() // the server's callback released it
	if h.srv.listener == nil {
		return errors.New("no listener") // the server may still call Unlock again
	}
	h.ready.Unlock()
	return nil
}

// withStartedHook passes the Unlock as an argument.
func withStartedHook(srv *Server, hook func()) *Server {
	srv.NotifyStartedFunc = hook
	return srv
}

func runWithHook(addr string) *Server {
	var started sync.Mutex
	started.Lock()
	srv := withStartedHook(&Server{Addr: addr}, started.Unlock)
	go srv.ListenAndServe()
	started.Lock()
	return srv
}

// runWithLocker gives the server the lock's address before taking it.
func runWithLocker(addr string) *Server {
	var started sync.Mutex
	srv := &Server{Addr: addr, Started: &started}
	started.Lock()
	go srv.ListenAndServe()
	started.Lock()
	return srv
}

// A started signal that serve, unknown code behind a function value,
// releases through the lock's address.
func startBehind(serve func(ready *sync.Mutex)) {
	var ready sync.Mutex
	ready.Lock()
	go serve(&ready)
	ready.Lock()
	ready.Unlock()
}

// timeoutServer gives up on a bad timeout before the callback is
// registered, so nothing will ever release ready on that path.
func timeoutServer(addr string, d time.Duration) (*Server, error) {
	var ready sync.Mutex
	ready.Lock()
	if d <= 0 {
		return nil, errors.New("bad timeout") // want `return at line 133 leaves ready locked \(locked at line 131, unlocked on other paths\)`
	}
	srv := &Server{Addr: addr, NotifyStartedFunc: ready.Unlock}
	go srv.ListenAndServe()
	return srv, nil
}

// The look-alike that passes Lock, not Unlock, as the callback: nothing
// releases the lock and the second Lock blocks forever.
func runWrongCallback(addr string) *Server {
	waitLock := sync.Mutex{}
	server := &Server{Addr: addr, NotifyStartedFunc: waitLock.Lock}
	waitLock.Lock()
	go server.ListenAndServe()
	waitLock.Lock() // want `waitLock is locked again while already held \(locked at line 145\)`
	return server
}

// The look-alike whose callback releases another mutex.
func runOtherCallback(addr string) *Server {
	var started, waitLock sync.Mutex
	started.Lock()
	server := &Server{Addr: addr, NotifyStartedFunc: started.Unlock}
	waitLock.Lock()
	go server.ListenAndServe()
	waitLock.Lock() // want `waitLock is locked again while already held \(locked at line 156\)`
	started.Lock()
	return server
}
