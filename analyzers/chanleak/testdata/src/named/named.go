// Package named starts named functions, from this package and from
// workers, as the goroutines that send on its channels.
package named

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"workers"
)

type Server struct{ backend string }

// query answers once.
func (s *Server) query(ctx context.Context, q string, out chan<- string) { // want query:`sendsonce\(2\)`
	out <- s.backend + "?" + q
}

// Buggy: the fetcher blocks forever when the caller's context ends first.
func Status(ctx context.Context, url string) (int, error) {
	ch := make(chan workers.Result)
	go workers.Fetch(url, ch) // want `goroutine running Fetch blocks forever sending on ch \(unbuffered\) when Status stops waiting at the select on line 26 \(case <-ctx.Done\(\)\): give ch a buffer of 1`
	select {
	case r := <-ch:
		return r.Status, r.Err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Buggy: a method value started as the goroutine, timed out by the caller.
func (s *Server) Search(ctx context.Context, q string) (string, error) {
	answers := make(chan string)
	go s.query(ctx, q, answers) // want `goroutine running query blocks forever sending on answers \(unbuffered\) when Search stops waiting at the select on line 38 \(case <-time.After\(time.Second\)\)`
	select {
	case a := <-answers:
		return a, nil
	case <-time.After(time.Second):
		return "", errors.New("search timed out")
	}
}

// Buggy: wg.Go runs the fetches, but only the first result is read.
func Fastest(urls []string) workers.Result {
	var wg sync.WaitGroup
	results := make(chan workers.Result)
	for _, u := range urls {
		wg.Go(func() { workers.Fetch(u, results) }) // want `goroutines started in a loop send on results \(unbuffered\), but Fastest receives from it only once: the other senders block forever; give results a buffer of len\(urls\)`
	}
	return <-results
}

// Buggy: the first failed check returns and leaves the other checkers blocked.
func CheckAll(ctx context.Context, urls []string) error {
	errc := make(chan error)
	for _, u := range urls {
		go workers.Check(ctx, u, errc) // want `goroutines started in a loop block forever sending on errc \(unbuffered\): the early return on line 64 of CheckAll leaves the other senders blocked; give errc a buffer of len\(urls\)`
	}
	for range urls {
		if err := <-errc; err != nil {
			return fmt.Errorf("health check: %w", err)
		}
	}
	return nil
}

// Correct: one slot for the one fetcher.
func StatusBuffered(ctx context.Context, url string) (int, error) {
	ch := make(chan workers.Result, 1)
	go workers.Fetch(url, ch)
	select {
	case r := <-ch:
		return r.Status, r.Err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Correct: the buffer holds every checker's error.
func CheckAllBuffered(ctx context.Context, urls []string) error {
	errc := make(chan error, len(urls))
	for _, u := range urls {
		go workers.Check(ctx, u, errc)
	}
	for range urls {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// Correct: every error is received before returning.
func CheckAllJoined(ctx context.Context, urls []string) error {
	errc := make(chan error)
	for _, u := range urls {
		go workers.Check(ctx, u, errc)
	}
	var errs []error
	for range urls {
		errs = append(errs, <-errc)
	}
	return errors.Join(errs...)
}

// Correct: the streamer's values are a stream the caller stops reading;
// that is a different question (it needs cancellation), not one reply.
func FirstOfStream(ctx context.Context, urls []string) (workers.Result, error) {
	ch := make(chan workers.Result)
	go workers.Stream(urls, ch)
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return workers.Result{}, ctx.Err()
	}
}

// Correct: the sender selects on ctx.Done too.
func Deliver(ctx context.Context, r workers.Result) (workers.Result, error) {
	ch := make(chan workers.Result)
	go workers.TrySend(ctx, r, ch)
	select {
	case got := <-ch:
		return got, nil
	case <-ctx.Done():
		return workers.Result{}, ctx.Err()
	}
}

// Correct: only the last worker to arrive signals.
func Barrier(n int32) {
	var count int32
	done := make(chan bool)
	for range n {
		go workers.Arrive(&count, n, done)
	}
	<-done
}

// Correct: a generator that closes its channel, ranged over.
func Sum(n int) int {
	ch := make(chan int)
	go workers.Produce(n, ch)
	total := 0
	for v := range ch {
		total += v
	}
	return total
}

// Correct: validators send only on failure; the buffer holds them all.
func ValidateAll(urls []string) error {
	errc := make(chan error, 1)
	for _, u := range urls {
		go workers.Validate(u, errc)
	}
	select {
	case err := <-errc:
		return err
	case <-time.After(time.Second):
		return nil
	}
}

// Correct: two queries, both answers read.
func (s *Server) Both(ctx context.Context, a, b string) (string, string) {
	out := make(chan string)
	go s.query(ctx, a, out)
	go s.query(ctx, b, out)
	return <-out, <-out
}
