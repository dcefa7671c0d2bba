//go:build go1.23

package go123

import (
	"context"
	"errors"
	"time"
)

var errTimeout = errors.New("timed out")

// A Client fetches documents over the network.
type Client interface {
	Get(url string) (*Response, error)
}

type Response struct {
	StatusCode int
	Body       []byte
}

const statusAccepted = 202

type result struct {
	resp *Response
	err  error
}

// fetch runs once per request; its timer outlives every request that
// finishes in time.
func fetch(c Client, url string) (*Response, error) {
	timer := time.NewTimer(30 * time.Second)
	done := make(chan result, 1)
	go func() {
		resp, err := c.Get(url)
		done <- result{resp, err}
	}()
	select {
	case r := <-done:
		return r.resp, r.err
	case <-timer.C:
		return nil, errTimeout
	}
}

// fetchStopped is the fixed version.
func fetchStopped(c Client, url string) (*Response, error) {
	timer := time.NewTimer(30 * time.Second)
	defer timer.Stop()
	done := make(chan result, 1)
	go func() {
		resp, err := c.Get(url)
		done <- result{resp, err}
	}()
	select {
	case r := <-done:
		return r.resp, r.err
	case <-timer.C:
		return nil, errTimeout
	}
}

// backoff waits for its timer to fire: nothing is left behind.
func backoff(attempt int) {
	t := time.NewTimer(time.Duration(attempt) * 100 * time.Millisecond)
	<-t.C
}

// expireLater schedules eviction; an AfterFunc timer is meant to fire.
func expireLater(key string, ttl time.Duration, evict func(string)) {
	time.AfterFunc(ttl, func() { evict(key) })
}

// A Watcher keeps a connection to a job queue alive and reconnects when
// it drops.
type Watcher struct {
	interval time.Duration
	dial     func(context.Context) (Conn, error)
}

func (w *Watcher) run(ctx context.Context) {
	for {
		conn, err := w.dial(ctx)
		if err != nil {
			return
		}
		keepalive := time.NewTicker(w.interval)
		for err == nil {
			select {
			case <-keepalive.C:
				err = conn.Ping()
			case <-ctx.Done():
				conn.Close()
				return
			}
		}
		conn.Close()
	}
}

func (w *Watcher) runStopped(ctx context.Context) {
	for {
		conn, err := w.dial(ctx)
		if err != nil {
			return
		}
		keepalive := time.NewTicker(w.interval)
		for err == nil {
			select {
			case <-keepalive.C:
				err = conn.Ping()
			case <-ctx.Done():
				keepalive.Stop()
				conn.Close()
				return
			}
		}
		keepalive.Stop()
		conn.Close()
	}
}

// pollStatus polls a job until it completes, with a ticker declared as a
// variable first.
func pollStatus(ctx context.Context, c Client, url string) (int, error) {
	var poll = time.NewTicker(2 * time.Second)
	for {
		select {
		case <-poll.C:
			resp, err := c.Get(url)
			if err != nil {
				return 0, err
			}
			if resp.StatusCode != statusAccepted {
				return resp.StatusCode, nil
			}
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

// pollWith lends its ticker to a helper, which might stop it.
func pollWith(ctx context.Context, step func(*time.Ticker) bool) {
	t := time.NewTicker(time.Second)
	for step(t) {
	}
}

// debounce resets one timer per event and stops it when done.
func debounce(events <-chan string, quiet time.Duration, flush func([]string)) {
	var batch []string
	t := time.NewTimer(quiet)
	defer t.Stop()
	for {
		select {
		case e, ok := <-events:
			if !ok {
				flush(batch)
				return
			}
			batch = append(batch, e)
			t.Reset(quiet)
		case <-t.C:
			flush(batch)
			batch = nil
		}
	}
}
