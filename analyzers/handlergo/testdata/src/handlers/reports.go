package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"time"
)

type Report struct {
	ID    string
	Total int
}

type ReportService struct {
	mu    sync.Mutex
	cache map[string]Report
}

func (s *ReportService) build(ctx context.Context, id string) (Report, error) {
	select {
	case <-ctx.Done():
		return Report{}, ctx.Err()
	case <-time.After(50 * time.Millisecond):
	}
	return Report{ID: id, Total: 42}, nil
}

// ServeReport is the classic timeout handler: when the timer fires the
// handler returns while the goroutine may still write the response.
func (s *ReportService) ServeReport(w http.ResponseWriter, r *http.Request) {
	done := make(chan struct{})
	go func() { // want `goroutine uses the ResponseWriter w, but the handler can return before it finishes`
		defer close(done)
		rep, err := s.build(r.Context(), r.URL.Query().Get("id"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		json.NewEncoder(w).Encode(rep)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		http.Error(w, "timeout", http.StatusGatewayTimeout)
	}
}

// ServeReportBuffered is the same endpoint done right: the goroutine
// only computes, and the handler alone writes the response.
func (s *ReportService) ServeReportBuffered(w http.ResponseWriter, r *http.Request) {
	type result struct {
		rep Report
		err error
	}
	ch := make(chan result, 1)
	go func() {
		rep, err := s.build(r.Context(), r.URL.Query().Get("id"))
		ch <- result{rep, err}
	}()
	select {
	case res := <-ch:
		if res.err != nil {
			http.Error(w, res.err.Error(), http.StatusInternalServerError)
			return
		}
		json.NewEncoder(w).Encode(res.rep)
	case <-time.After(2 * time.Second):
		http.Error(w, "timeout", http.StatusGatewayTimeout)
	}
}

// ServeReportWait writes from the goroutine but always waits for it.
func (s *ReportService) ServeReportWait(w http.ResponseWriter, r *http.Request) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		rep, err := s.build(r.Context(), r.URL.Query().Get("id"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		json.NewEncoder(w).Encode(rep)
	}()
	<-done
}

// ServeReportCancel gives up when the client goes away, but the goroutine
// may still be writing when it does.
func (s *ReportService) ServeReportCancel(w http.ResponseWriter, r *http.Request) {
	errc := make(chan error, 1)
	go func() { // want `goroutine uses the ResponseWriter w, but the handler can return before it finishes`
		rep, err := s.build(r.Context(), r.URL.Query().Get("id"))
		if err == nil {
			err = json.NewEncoder(w).Encode(rep)
		}
		errc <- err
	}()
	select {
	case err := <-errc:
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	case <-r.Context().Done():
		return
	}
}

// ServeBatch fans out under the request's context and waits for every
// result: the context is meant to end the lookups with the request.
func (s *ReportService) ServeBatch(w http.ResponseWriter, r *http.Request) {
	ids := r.URL.Query()["id"]
	ch := make(chan Report, len(ids))
	for _, id := range ids {
		go func() {
			rep, _ := s.build(r.Context(), id)
			ch <- rep
		}()
	}
	reports := make([]Report, 0, len(ids))
	for range ids {
		reports = append(reports, <-ch)
	}
	json.NewEncoder(w).Encode(reports)
}

// ServeBatchWG writes each part under a mutex and waits for all parts
// before returning, even on the early error path.
func (s *ReportService) ServeBatchWG(w http.ResponseWriter, r *http.Request) {
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		enc = json.NewEncoder(w)
	)
	defer wg.Wait()
	for _, id := range r.URL.Query()["id"] {
		if id == "" {
			http.Error(w, "empty id", http.StatusBadRequest)
			return
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			rep, _ := s.build(r.Context(), id)
			mu.Lock()
			defer mu.Unlock()
			enc.Encode(rep)
		}()
	}
}

// ServeParts joins with wg.Go, but returns early on a bad request
// without waiting for the parts already started.
func (s *ReportService) ServeParts(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	for _, id := range r.URL.Query()["id"] {
		wg.Go(func() { // want `goroutine uses enc|goroutine uses the ResponseWriter w`
			rep, _ := s.build(r.Context(), id)
			mu.Lock()
			defer mu.Unlock()
			json.NewEncoder(w).Encode(rep)
		})
		if len(id) > 64 {
			http.Error(w, "id too long", http.StatusBadRequest)
			return
		}
	}
	wg.Wait()
}

var errNoID = errors.New("no id")
