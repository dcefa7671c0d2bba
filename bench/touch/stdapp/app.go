// Package stdapp is a small HTTP service on the standard library, the file
// that bench/run.sh std edits between two go vet runs.
package stdapp

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"time"
)

// Counter counts requests per path, safely for concurrent handlers.
type Counter struct {
	mu   sync.Mutex
	hits map[string]int
}

// ServeHTTP counts the request and replies with the counts so far.
func (c *Counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	if c.hits == nil {
		c.hits = make(map[string]int)
	}
	c.hits[r.URL.Path]++
	snapshot := make(map[string]int, len(c.hits))
	for k, v := range c.hits {
		snapshot[k] = v
	}
	c.mu.Unlock()
	json.NewEncoder(w).Encode(snapshot)
}

// Serve runs srv until ctx is done, then shuts it down gracefully.
func Serve(ctx context.Context, srv *http.Server) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(shutdown)
	}
}
