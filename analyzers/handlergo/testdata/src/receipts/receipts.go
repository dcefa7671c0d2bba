//go:build go1.21

// Package receipts emails receipts after checkout.
package receipts

import (
	"context"
	"fmt"
	"net/http"
)

type Store interface {
	SaveReceipt(ctx context.Context, orderID string, body []byte) error
	Email(ctx context.Context, orderID string) error
}

type Checkout struct {
	store Store
}

// Complete renders the receipt in the background under the request's
// context; the fix detaches it.
func (c *Checkout) Complete(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("order")
	go func() { // want `goroutine passes the request's context r.Context\(\) to c.store.SaveReceipt, but the handler does not wait for it`
		body := []byte(fmt.Sprintf("receipt for %s", id))
		if err := c.store.SaveReceipt(r.Context(), id, body); err != nil {
			return
		}
		c.store.Email(r.Context(), id)
	}()
	w.WriteHeader(http.StatusAccepted)
}

// Resend keeps r.Context() in a variable first; the fix detaches each use.
func (c *Checkout) Resend(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := r.URL.Query().Get("order")
	go c.send(ctx, id) // want `goroutine passes the request's context ctx to c.send`
	w.WriteHeader(http.StatusAccepted)
}

func (c *Checkout) send(ctx context.Context, id string) error { // want send:`requestUse\(ctx:p0\)`
	return c.store.Email(ctx, id)
}

// ResendDetached is the fixed version.
func (c *Checkout) ResendDetached(w http.ResponseWriter, r *http.Request) {
	ctx := context.WithoutCancel(r.Context())
	id := r.URL.Query().Get("order")
	go c.send(ctx, id)
	w.WriteHeader(http.StatusAccepted)
}

// ResendWait waits for the email before answering.
func (c *Checkout) ResendWait(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("order")
	errc := make(chan error, 1)
	go func() { errc <- c.send(r.Context(), id) }()
	if err := <-errc; err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	w.WriteHeader(http.StatusOK)
}
