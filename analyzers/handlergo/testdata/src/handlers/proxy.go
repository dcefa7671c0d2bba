package handlers

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// Timeout runs the next handler in a goroutine and answers 503 when it
// is slow, while next may still be writing to w.
func Timeout(next http.Handler, d time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		done := make(chan struct{})
		go func() { // want `goroutine uses the ResponseWriter w, but the handler can return before it finishes`
			next.ServeHTTP(w, r)
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(d):
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
}

// TimeoutDirect starts the next handler itself as the goroutine.
func TimeoutDirect(next http.Handler, d time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		go next.ServeHTTP(w, r) // want `goroutine uses the ResponseWriter w, but the handler does not wait for it`
		time.Sleep(d)
	})
}

// bufferedWriter collects a response under a lock and drops writes once
// the handler has timed out, as http.TimeoutHandler does.
type bufferedWriter struct {
	mu       sync.Mutex
	w        http.ResponseWriter
	buf      bytes.Buffer
	h        http.Header
	timedOut bool
}

func (b *bufferedWriter) Header() http.Header { return b.h }
func (b *bufferedWriter) WriteHeader(int)     {}
func (b *bufferedWriter) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.timedOut {
		return 0, http.ErrHandlerTimeout
	}
	return b.buf.Write(p)
}

// SafeTimeout hands next a guarded writer, not w.
func SafeTimeout(next http.Handler, d time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bw := &bufferedWriter{w: w, h: make(http.Header)}
		done := make(chan struct{})
		go func() {
			next.ServeHTTP(bw, r)
			close(done)
		}()
		select {
		case <-done:
			bw.mu.Lock()
			w.Write(bw.buf.Bytes())
			bw.mu.Unlock()
		case <-time.After(d):
			bw.mu.Lock()
			bw.timedOut = true
			bw.mu.Unlock()
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
}

type Inventory struct {
	fetch func(ctx context.Context, sku string) (int, error)
}

// Stock fans out under an errgroup derived from the request's context and
// waits for it.
func (inv *Inventory) Stock(w http.ResponseWriter, r *http.Request) {
	skus := r.URL.Query()["sku"]
	counts := make([]int, len(skus))
	g, ctx := errgroup.WithContext(r.Context())
	for i, sku := range skus {
		g.Go(func() error {
			n, err := inv.fetch(ctx, sku)
			counts[i] = n
			return err
		})
	}
	if err := g.Wait(); err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	fmt.Fprintln(w, counts)
}

// StockStream writes each count from its goroutine under a lock and waits
// through a helper.
func (inv *Inventory) StockStream(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	defer waitAll(&wg)
	for _, sku := range r.URL.Query()["sku"] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, _ := inv.fetch(r.Context(), sku)
			mu.Lock()
			fmt.Fprintf(w, "%s %d\n", sku, n)
			mu.Unlock()
		}()
	}
}

func waitAll(wg *sync.WaitGroup) { wg.Wait() }

// Warm refreshes the cache in the background through a function value;
// what it does with the context cannot be seen, so it counts as work.
func (inv *Inventory) Warm(w http.ResponseWriter, r *http.Request) {
	sku := r.URL.Query().Get("sku")
	go inv.fetch(r.Context(), sku) // want `goroutine passes the request's context r.Context\(\) to inv.fetch`
	w.WriteHeader(http.StatusAccepted)
}

// Replay re-runs a copy of the request detached from its context.
func (inv *Inventory) Replay(w http.ResponseWriter, r *http.Request) {
	r2 := r.Clone(context.Background())
	go func() {
		inv.fetch(r2.Context(), r2.URL.Query().Get("sku"))
	}()
	w.WriteHeader(http.StatusAccepted)
}

// ReplayBound copies the request but keeps its context.
func (inv *Inventory) ReplayBound(w http.ResponseWriter, r *http.Request) {
	r2 := r.WithContext(context.WithValue(r.Context(), replayKey{}, true))
	go func() { // want `goroutine passes the request's context r2.Context\(\) to inv.fetch`
		inv.fetch(r2.Context(), r2.URL.Query().Get("sku"))
	}()
	w.WriteHeader(http.StatusAccepted)
}

type replayKey struct{}
