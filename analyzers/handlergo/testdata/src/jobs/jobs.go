// Package jobs holds the background work an API starts from its handlers.
package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

type Mailer interface {
	Send(ctx context.Context, to, body string) error
}

// Notify sends a notification; the mail is cut off when ctx is cancelled.
func Notify(ctx context.Context, m Mailer, to string) error { // want Notify:`requestUse\(ctx:p0\)`
	return m.Send(ctx, to, "your order has shipped")
}

// Record writes an audit row under ctx.
func Record(ctx context.Context, db *sql.DB, event string) { // want Record:`requestUse\(ctx:p0\)`
	if _, err := db.ExecContext(ctx, "INSERT INTO audit(event) VALUES (?)", event); err != nil {
		slog.ErrorContext(ctx, "audit", "err", err)
	}
}

// Watch logs when ctx ends; it does no work under ctx.
func Watch(ctx context.Context, name string) {
	start := time.Now()
	<-ctx.Done()
	slog.InfoContext(ctx, "request finished", "name", name, "after", time.Since(start))
}

// Webhook calls url with the request's context.
func Webhook(ctx context.Context, url string) error { // want Webhook:`requestUse\(ctx:p0\)`
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader("{}"))
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// ParseUpload decodes a request's body.
func ParseUpload(r *http.Request) (map[string]any, error) { // want ParseUpload:`requestUse\(body:p0\)`
	var v map[string]any
	err := json.NewDecoder(r.Body).Decode(&v)
	return v, err
}

// Trace logs a request's headers.
func Trace(r *http.Request) {
	slog.Info("trace", "id", r.Header.Get("X-Request-Id"), "path", r.URL.Path)
}

// Refresh recomputes a cache entry under the request's context.
func Refresh(r *http.Request, db *sql.DB) { // want Refresh:`requestUse\(ctx:p0\)`
	Record(r.Context(), db, "refresh "+r.URL.Path)
}
