package handlers

import (
	"context"
	"errors"
	"net/http"
	"time"
)

func render(r *http.Request) string { return r.URL.Path }

// Buggy: the handler gives up after 2s, the renderer blocks forever.
func handleReport(w http.ResponseWriter, r *http.Request) {
	out := make(chan string)
	go func() {
		out <- render(r) // want `goroutine blocks forever sending on out \(unbuffered\) when handleReport stops waiting at the select on line 18 \(case <-time.After\(2 \* time.Second\)\): give out a buffer of 1`
	}()
	select {
	case body := <-out:
		w.Write([]byte(body))
	case <-time.After(2 * time.Second):
		http.Error(w, "timeout", http.StatusGatewayTimeout)
	}
}

func slowGet(ctx context.Context, url string) (string, error) { return url, nil }

type result struct {
	body string
	err  error
}

// Buggy: fetch returns on ctx.Done and the getter never delivers.
func fetch(ctx context.Context, url string) (string, error) {
	ch := make(chan result)
	go func() {
		body, err := slowGet(ctx, url)
		ch <- result{body, err} // want `goroutine blocks forever sending on ch \(unbuffered\) when fetch stops waiting at the select on line 40 \(case <-ctx.Done\(\)\)`
	}()
	select {
	case res := <-ch:
		return res.body, res.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// Correct: one slot for the one sender.
func fetchBuffered(ctx context.Context, url string) (string, error) {
	ch := make(chan result, 1)
	go func() {
		body, err := slowGet(ctx, url)
		ch <- result{body, err}
	}()
	select {
	case res := <-ch:
		return res.body, res.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// Correct: the sender gives up with the caller.
func fetchSelectSend(ctx context.Context, url string) (string, error) {
	ch := make(chan result)
	go func() {
		body, err := slowGet(ctx, url)
		select {
		case ch <- result{body, err}:
		case <-ctx.Done():
		}
	}()
	select {
	case res := <-ch:
		return res.body, res.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// Correct: the caller waits unconditionally.
func fetchBlocking(ctx context.Context, url string) (string, error) {
	ch := make(chan result)
	go func() {
		body, err := slowGet(ctx, url)
		ch <- result{body, err}
	}()
	res := <-ch
	return res.body, res.err
}

// Correct: the timeout case drains the channel before returning.
func fetchDrain(ctx context.Context, url string) (string, error) {
	ch := make(chan result)
	go func() {
		body, err := slowGet(ctx, url)
		ch <- result{body, err}
	}()
	select {
	case res := <-ch:
		return res.body, res.err
	case <-ctx.Done():
		go func() { <-ch }()
		return "", ctx.Err()
	}
}

// Correct: the "other" case is the sender's own done signal, which it
// closes only after its send completed.
func runStep(ctx context.Context) error {
	errc := make(chan error)
	done := make(chan struct{})
	go func() {
		defer close(done)
		errc <- errors.New("step failed")
	}()
	select {
	case err := <-errc:
		return err
	case <-done:
		return nil
	}
}

// Correct: the goroutine only closes the channel, which never blocks.
func waitReady(ctx context.Context) error {
	ready := make(chan struct{})
	go func() {
		time.Sleep(time.Millisecond)
		close(ready)
	}()
	select {
	case <-ready:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
