//go:build go1.21

package receipts

import "net/http"

// Reprint does not import context itself, so no fix is offered here.
func (c *Checkout) Reprint(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("order")
	go c.send(r.Context(), id) // want `goroutine passes the request's context r.Context\(\) to c.send, .*use context.WithoutCancel\(r.Context\(\)\) or a server-scoped context`
	w.WriteHeader(http.StatusAccepted)
}
