// Package workers holds named goroutine bodies that other packages start
// with go workers.Fetch(url, ch): chanleak learns what they do from facts.
package workers

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
)

type Result struct {
	URL    string
	Status int
	Err    error
}

// Fetch delivers exactly one Result, on the error path too.
func Fetch(url string, out chan<- Result) { // want Fetch:`sendsonce\(1\)`
	resp, err := http.Get(url)
	if err != nil {
		out <- Result{URL: url, Err: err}
		return
	}
	resp.Body.Close()
	out <- Result{URL: url, Status: resp.StatusCode}
}

// Check sends its error, nil or not.
func Check(ctx context.Context, url string, errc chan<- error) { // want Check:`sendsonce\(2\)`
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, url, nil)
	if err == nil {
		_, err = http.DefaultClient.Do(req)
	}
	errc <- err
}

// Stream sends one value per URL: a stream, not one reply.
func Stream(urls []string, out chan<- Result) {
	for _, u := range urls {
		out <- Result{URL: u}
	}
}

// TrySend gives up with the caller.
func TrySend(ctx context.Context, r Result, out chan<- Result) {
	select {
	case out <- r:
	case <-ctx.Done():
	}
}

// Arrive signals only when the last of n workers arrives.
func Arrive(count *int32, n int32, done chan<- bool) {
	if atomic.AddInt32(count, 1) == n {
		done <- true
	}
}

// Produce sends and closes: a generator.
func Produce(n int, out chan<- int) {
	defer close(out)
	for i := range n {
		out <- i
	}
}

// Validate sends only when the URL is bad.
func Validate(url string, errc chan<- error) {
	if url == "" {
		errc <- errors.New("empty url")
	}
}
