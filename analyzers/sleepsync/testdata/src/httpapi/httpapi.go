// Package httpapi is an HTTP service whose constructor binds its
// listener, so that callers know the address before Main serves it.
package httpapi

import (
	"net"
	"net/http"
)

type Options struct {
	Addr    string // empty for any free port
	Handler http.Handler
}

type Server struct {
	ln  net.Listener
	srv *http.Server
}

// New binds the listener at once: dials succeed from here on, and Main
// only accepts.
func New(opts Options) (*Server, error) { // want New:"binds a listener"
	ln, err := listen(opts.Addr)
	if err != nil {
		return nil, err
	}
	return &Server{ln: ln, srv: &http.Server{Handler: opts.Handler}}, nil
}

func listen(addr string) (net.Listener, error) {
	if addr == "" {
		addr = "localhost:0"
	}
	return net.Listen("tcp", addr)
}

func (s *Server) Addr() string    { return s.ln.Addr().String() }
func (s *Server) Main() error     { return s.srv.Serve(s.ln) }
func (s *Server) Shutdown() error { return s.srv.Close() }

// LazyServer binds its address only when Main runs.
type LazyServer struct {
	Addr    string
	Handler http.Handler
}

func (s *LazyServer) Main() error { return http.ListenAndServe(s.Addr, s.Handler) }

// FreePort finds a port nobody listens on by binding one and closing it
// again: after it returns, nothing is listening.
func FreePort() (int, error) {
	ln, err := net.Listen("tcp", "localhost:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
