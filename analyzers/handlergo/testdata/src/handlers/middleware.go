// Package handlers holds the HTTP handlers of a small order service:
// middleware, uploads, reports and streaming endpoints.
package handlers

import (
	"fmt"
	"log"
	"net/http"
	"time"
)

// LoggingMiddleware is the seed's middleware: the goroutine reads only
// r.URL.Path, which the server never changes, so it is not reported (its
// timing is wrong, but that is not this analyzer's business).
func LoggingMiddleware(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()

		go func() {
			time.Sleep(time.Millisecond * 100)
			fmt.Printf("Request to %s completed in %v\n", r.URL.Path, time.Since(start))
		}()

		next(w, r)
	}
}

// AccessLog copies what it logs before handing it to a goroutine.
func AccessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start, method, path := time.Now(), r.Method, r.URL.Path
		next.ServeHTTP(w, r)
		elapsed := time.Since(start)
		go log.Printf("%s %s %v", method, path, elapsed)
	})
}

// AuditHeaders reads request headers in the background; the server does
// not touch them after the handler returns.
func AuditHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		go func() {
			log.Printf("agent=%q ip=%s", r.Header.Get("User-Agent"), r.RemoteAddr)
		}()
		next.ServeHTTP(w, r)
	})
}

// StatusLog reads the response headers after the handler has gone.
func StatusLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		go func() { // want `goroutine uses the ResponseWriter w, but the handler does not wait for it and a ResponseWriter must not be used after ServeHTTP returns; wait for the goroutine on every path`
			log.Printf("%s -> %s", r.URL.Path, w.Header().Get("Content-Type"))
		}()
	})
}

// HeaderLog keeps the header map and reads it from a goroutine.
func HeaderLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		next.ServeHTTP(w, r)
		go func() { // want `goroutine uses h \(made from the ResponseWriter\)`
			log.Printf("cache: %s", h.Get("Cache-Control"))
		}()
	})
}

// Metrics is a handler type; its ServeHTTP counts in the background from
// copies, and flushes the response from a goroutine it never waits for.
type Metrics struct {
	next  http.Handler
	count func(path string, d time.Duration)
}

func (m *Metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	m.next.ServeHTTP(w, r)
	path := r.URL.Path
	go m.count(path, time.Since(start))
	if f, ok := w.(http.Flusher); ok {
		go f.Flush() // want `goroutine uses f \(made from the ResponseWriter\)`
	}
}

// Routes registers handlers as function literals.
func Routes(mux *http.ServeMux, warm func()) {
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		go warm()
		w.WriteHeader(http.StatusOK)
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		go func() { // want `goroutine uses the ResponseWriter w`
			w.Write([]byte(r.URL.Query().Get("msg")))
		}()
	})
}
