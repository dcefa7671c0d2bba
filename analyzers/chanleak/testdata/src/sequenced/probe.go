// Package sequenced holds senders whose count is what the receiver has
// pending along a path: started one after another with a receive between
// them, or on branches only one of which runs.
package sequenced

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"
)

// A Prober sends a probe packet and waits for the reply.
type Prober struct{ addr string }

func (p *Prober) Probe(ctx context.Context) error {
	if p.addr == "" {
		return errors.New("no address")
	}
	return ctx.Err()
}

// A Server serves on a listener until it is closed.
type Server struct{ srv *http.Server }

func (s *Server) Serve(ln net.Listener) error { return s.srv.Serve(ln) }

var errTimeout = errors.New("probe timed out")

// Correct: a probe retried once. The retry starts only after the first
// probe's value was received, or after a timeout that returns.
func probeWithRetry(ctx context.Context, p *Prober) error {
	errc := make(chan error, 1)
	go func() { errc <- p.Probe(ctx) }()
	select {
	case err := <-errc:
		if err == nil {
			return nil
		}
	case <-time.After(time.Second):
		return errTimeout
	}
	go func() { errc <- p.Probe(ctx) }()
	select {
	case err := <-errc:
		return err
	case <-time.After(time.Second):
		return errTimeout
	}
}

// Correct: one listener or the other is served, never both.
func runServer(ctx context.Context, srv *Server, ln, tlsLn net.Listener) error {
	errc := make(chan error, 1)
	if tlsLn != nil {
		go func() { errc <- srv.Serve(tlsLn) }()
	} else {
		go func() { errc <- srv.Serve(ln) }()
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		srv.srv.Close()
		return ctx.Err()
	}
}

// Buggy: the metrics server is started whichever listener is served, so
// two values may be pending when ctx is done.
func runServerWithMetrics(ctx context.Context, srv, metrics *Server, ln, tlsLn, metricsLn net.Listener) error {
	errc := make(chan error, 1)
	if tlsLn != nil {
		go func() { errc <- srv.Serve(tlsLn) }() // want `2 goroutines send on errc \(buffer of 1\), but runServerWithMetrics may return without receiving from it: one sender blocks forever; give errc a buffer of 2`
	} else {
		go func() { errc <- srv.Serve(ln) }()
	}
	go func() { errc <- metrics.Serve(metricsLn) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
