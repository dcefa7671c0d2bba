// Package servers holds a small HTTP service and a job processor, tested
// in servers_test.go.
package servers

import (
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

type Server struct {
	Addr    string
	srv     *http.Server
	started sync.WaitGroup
}

func NewServer(addr string) *Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok"))
	})
	return &Server{Addr: addr, srv: &http.Server{Addr: addr, Handler: mux}}
}

// Start serves in the background and returns at once.
func (s *Server) Start() { // want Start:"leaves goroutines running"
	go s.srv.ListenAndServe()
}

// StartOn serves on a listener that is already bound.
func (s *Server) StartOn(ln net.Listener) { // want StartOn:"leaves goroutines running"
	go s.srv.Serve(ln)
}

func (s *Server) Close() error { return s.srv.Close() }

func (s *Server) Shutdown() error { return s.srv.Close() }

// Processor counts the jobs it has handled.
type Processor struct {
	Done atomic.Int64
}

func (p *Processor) Process(in <-chan int) { // want Process:"waits"
	for range in {
		p.Done.Add(1)
	}
}

// Demo starts a server and queries it, hoping a second is enough.
func Demo() (*http.Response, error) { // want Demo:"leaves goroutines running"
	srv := &http.Server{Addr: "localhost:8084", Handler: http.NotFoundHandler()}
	go func() {
		if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
			panic(err)
		}
	}()
	time.Sleep(time.Second) // want `until the goroutine started at line 55 is ready`
	return http.Get("http://localhost:8084/")
}
