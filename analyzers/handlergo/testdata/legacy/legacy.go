// Package legacy is built for Go 1.20, before context.WithoutCancel.
package legacy

import (
	"context"
	"net/http"
)

type Indexer interface {
	Reindex(ctx context.Context, collection string) error
}

type Admin struct {
	idx  Indexer
	base context.Context
}

// Reindex starts a long job under the request's context.
func (a *Admin) Reindex(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("collection")
	go a.idx.Reindex(r.Context(), name) // want `goroutine passes the request's context r.Context\(\) to a.idx.Reindex, .*; use a context that outlives the request \(context.WithoutCancel needs Go 1.21\)`
	w.WriteHeader(http.StatusAccepted)
}

// ReindexServer uses the server-scoped context.
func (a *Admin) ReindexServer(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("collection")
	go a.idx.Reindex(a.base, name)
	w.WriteHeader(http.StatusAccepted)
}
