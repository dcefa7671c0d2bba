// Package api is an order service whose handlers start background jobs.
package api

import (
	"context"
	"database/sql"
	"log"
	"log/slog"
	"net/http"

	"jobs"
)

type Server struct {
	db     *sql.DB
	mail   jobs.Mailer
	base   context.Context // cancelled when the server shuts down
	hooks  []string
	orders chan string
}

// Ship answers at once and notifies in the background under the request's
// context, which is cancelled as soon as Ship returns.
func (s *Server) Ship(w http.ResponseWriter, r *http.Request) {
	to := r.FormValue("email")
	go jobs.Notify(r.Context(), s.mail, to) // want `goroutine passes the request's context r.Context\(\) to jobs.Notify, but the handler does not wait for it and the context is cancelled when the handler returns, cutting the work short; use context.WithoutCancel\(r.Context\(\)\) or a server-scoped context`
	w.WriteHeader(http.StatusAccepted)
}

// ShipDetached detaches the job from the request.
func (s *Server) ShipDetached(w http.ResponseWriter, r *http.Request) {
	to := r.FormValue("email")
	ctx := context.WithoutCancel(r.Context())
	go jobs.Notify(ctx, s.mail, to)
	w.WriteHeader(http.StatusAccepted)
}

// ShipServerCtx uses the server's own context.
func (s *Server) ShipServerCtx(w http.ResponseWriter, r *http.Request) {
	to := r.FormValue("email")
	go jobs.Notify(s.base, s.mail, to)
	w.WriteHeader(http.StatusAccepted)
}

// Audit records through a context derived from the request's.
func (s *Server) Audit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	go func() { // want `goroutine passes the request's context ctx to jobs.Record`
		jobs.Record(ctx, s.db, "viewed "+r.URL.Path)
	}()
	w.WriteHeader(http.StatusNoContent)
}

// Hooks calls webhooks through the mailer interface and a library that
// builds requests with the context.
func (s *Server) Hooks(w http.ResponseWriter, r *http.Request) {
	for _, url := range s.hooks {
		go func() { // want `goroutine passes the request's context r.Context\(\) to jobs.Webhook`
			if err := jobs.Webhook(r.Context(), url); err != nil {
				log.Print(err)
			}
		}()
	}
	w.WriteHeader(http.StatusAccepted)
}

// Mail sends through an interface method, whose body cannot be seen.
func (s *Server) Mail(w http.ResponseWriter, r *http.Request) {
	to := r.URL.Query().Get("to")
	go func() { // want `goroutine passes the request's context r.Context\(\) to s.mail.Send`
		s.mail.Send(r.Context(), to, "hello")
	}()
	w.WriteHeader(http.StatusAccepted)
}

// Timed derives a timeout from the request's context: the job is still
// cut short when the handler returns, and no fix is offered, since the
// derived context's deadline would be lost.
func (s *Server) Timed(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 30e9)
	go func() { // want `goroutine passes the request's context ctx to jobs.Record`
		defer cancel()
		jobs.Record(ctx, s.db, "timed")
	}()
	w.WriteHeader(http.StatusAccepted)
}

// Refresh hands the whole request to a job that works under its context.
func (s *Server) Refresh(w http.ResponseWriter, r *http.Request) {
	go jobs.Refresh(r, s.db) // want `goroutine passes the request's context r.Context\(\) to jobs.Refresh`
	w.WriteHeader(http.StatusAccepted)
}

// Upload decodes the body in a job of another package.
func (s *Server) Upload(w http.ResponseWriter, r *http.Request) {
	go func() { // want `goroutine reads the request body through jobs.ParseUpload\(r\), but`
		v, err := jobs.ParseUpload(r)
		log.Print(v, err)
	}()
	w.WriteHeader(http.StatusAccepted)
}

// Traced hands the request to a job that reads only its headers.
func (s *Server) Traced(w http.ResponseWriter, r *http.Request) {
	go jobs.Trace(r)
	w.WriteHeader(http.StatusNoContent)
}

// Watched starts a watcher bound to the request on purpose.
func (s *Server) Watched(w http.ResponseWriter, r *http.Request) {
	go jobs.Watch(r.Context(), r.URL.Path)
	w.WriteHeader(http.StatusNoContent)
}

// Logged logs with the request's context from a goroutine: logging
// under a cancelled context is fine.
func (s *Server) Logged(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	go func() {
		slog.InfoContext(ctx, "viewed", "path", r.URL.Path)
	}()
	w.WriteHeader(http.StatusNoContent)
}

// Cleanup runs when the request ends, through a watcher goroutine.
func (s *Server) Cleanup(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	go func() {
		<-r.Context().Done()
		s.orders <- id
	}()
	w.WriteHeader(http.StatusNoContent)
}

// Pump works under the request's context while the handler waits for
// the request to end: the job is meant to stop with it.
func (s *Server) Pump(w http.ResponseWriter, r *http.Request) {
	go jobs.Record(r.Context(), s.db, "stream opened")
	<-r.Context().Done()
}

// Values copies a value out of the request's context first.
func (s *Server) Values(w http.ResponseWriter, r *http.Request) {
	user, _ := r.Context().Value(userKey{}).(string)
	go jobs.Record(s.base, s.db, "login "+user)
	w.WriteHeader(http.StatusNoContent)
}

type userKey struct{}
