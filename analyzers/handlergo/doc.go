// Package handlergo defines an Analyzer that reports goroutines started by
// HTTP handlers that use the ResponseWriter, the request body or the
// request's context after the handler may have returned.
//
// # Analyzer handlergo
//
// handlergo: report goroutines that use a handler's ResponseWriter, request body or request context after it returns
//
// A handler is a function, method or function literal with the signature
// func(http.ResponseWriter, *http.Request), ServeHTTP methods included.
// The analyzer looks at each goroutine started directly in a handler's
// body (go statements, wg.Go and errgroup g.Go) and at what the goroutine
// itself uses, and at the values its go statement hands it, but not at
// what the go statement evaluates in the handler before the goroutine
// starts (go save(r.FormValue("id")) reads the form in the handler):
//
//   - the ResponseWriter, or a view of it made before the goroutine
//     (w.(http.Flusher), w.Header(), json.NewEncoder(w),
//     http.NewResponseController(w)), is reported when some path from
//     the spawn to a return of the handler does not wait for the
//     goroutine; this includes the classic timeout handler, whose
//     select returns on a timer while the goroutine still writes;
//   - the request body (r.Body, a reader or decoder over it, or the
//     methods that may read it: FormValue, PostFormValue, FormFile,
//     ParseForm, ParseMultipartForm, MultipartReader), under the same
//     condition; a function of this or another package that reads the
//     body of a request handed to it counts too, through a fact;
//   - the request's context (r.Context(), or a context derived from it),
//     when the goroutine hands it to a call that works under it and the
//     handler never waits for the goroutine: it is a background job
//     that the request's end cancels. Deriving contexts and logging
//     (packages context, log and log/slog) are not work, nor are
//     ctx.Done(), ctx.Err() and ctx.Value(); functions are summarised,
//     across packages, by whether they hand the context on to work or
//     keep it in what they build (http.NewRequestWithContext); calls of
//     function values and interface methods are assumed to work.
//
// A goroutine is waited for by Wait on a WaitGroup or errgroup.Group (or
// a function it is handed to), a receive from or range over a channel the
// goroutine can reach, a select case receiving from one, a loop whose
// body does one of these (it may run zero times, but counts), and the
// same in a deferred call. Wrappers are not followed: a ResponseWriter
// stored in a struct the goroutine writes to is usually guarded (as in
// http.TimeoutHandler). Reading r.URL, r.Header, r.Method or r.Form in
// the goroutine is not reported: the server does not change them after
// the handler returns.
//
// A goroutine working under the request's context is not reported when
// the handler waits for it on some path, waits for the request's
// context to end (<-r.Context().Done()), keeps serving in a loop after
// starting it (a stream), or takes the connection over (Hijack, or a
// WebSocket upgrader's Upgrade(w, r, ...)): there the goroutine is
// meant to end with the request. A context replaced by r.Clone(ctx) or
// r.WithContext(ctx) with one not derived from the request's is not the
// request's context, and neither is context.WithoutCancel(r.Context()).
//
// # Why it matters
//
// net/http documents that a ResponseWriter may not be used after
// ServeHTTP has returned, and that the body may not be read after or
// concurrently with its completion: the server finishes the response,
// closes the body and may reuse the buffers behind both as soon as the
// handler returns. A goroutine that writes late races with the server:
// the race detector reports it, the response is cut or mixed with the
// next one on the connection, and the program may crash with "http:
// wrote more than the declared Content-Length" or a nil dereference.
//
// The request's context is cancelled as soon as the handler returns.
// A "fire and forget" job given r.Context() (an email, an audit row, a
// webhook) fails with "context canceled", usually right away and
// usually only in production, where handlers return quickly.
//
// # Wrong
//
//	func (s *Server) Report(w http.ResponseWriter, r *http.Request) {
//		done := make(chan struct{})
//		go func() { // reported: the timeout path returns while it writes
//			defer close(done)
//			rep, _ := s.build(r.Context(), r.URL.Query().Get("id"))
//			json.NewEncoder(w).Encode(rep)
//		}()
//		select {
//		case <-done:
//		case <-time.After(2 * time.Second):
//			http.Error(w, "timeout", http.StatusGatewayTimeout)
//		}
//	}
//
//	func (s *Server) Ship(w http.ResponseWriter, r *http.Request) {
//		go s.notify(r.Context(), r.FormValue("email")) // reported
//		w.WriteHeader(http.StatusAccepted)
//	}
//
// # Right
//
//	func (s *Server) Report(w http.ResponseWriter, r *http.Request) {
//		ch := make(chan Report, 1)
//		go func() { // only computes; the handler alone writes
//			rep, _ := s.build(r.Context(), r.URL.Query().Get("id"))
//			ch <- rep
//		}()
//		select {
//		case rep := <-ch:
//			json.NewEncoder(w).Encode(rep)
//		case <-time.After(2 * time.Second):
//			http.Error(w, "timeout", http.StatusGatewayTimeout)
//		}
//	}
//
//	func (s *Server) Ship(w http.ResponseWriter, r *http.Request) {
//		go s.notify(context.WithoutCancel(r.Context()), r.FormValue("email"))
//		w.WriteHeader(http.StatusAccepted)
//	}
//
// # How to fix
//
// Let the goroutine compute and the handler write: send the result on a
// buffered channel and write it in the handler, or wait for the goroutine
// (sync.WaitGroup, errgroup, a done channel) on every path before
// returning, the timeout path included. Read the body, form values and
// anything else needed before the go statement and hand the goroutine
// copies. For background work, detach the context: the suggested fix
// wraps each r.Context() the goroutine works under in
// context.WithoutCancel, which keeps the request's values and drops its
// cancellation; it is offered when the file already imports context and
// the goroutine uses r.Context() itself (or a variable holding exactly
// that), not a derived context whose deadline would be lost. A
// server-scoped context, cancelled at shutdown, is the other choice.
//
// # Go versions
//
// The ResponseWriter and body rules apply to every Go version. The
// request context is cancelled on return since Go 1.7, when it was
// added. context.WithoutCancel exists from Go 1.21: in files built for
// an earlier version the message suggests a server-scoped context and
// no fix is offered.
package handlergo
