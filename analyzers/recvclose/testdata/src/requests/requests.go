// Package requests holds the shape of issue 13's J: a function that
// closes, with defer, the channel a lone goroutine answers on, and
// returns only once that goroutine can no longer send.
package requests

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"
)

type Response struct {
	Status int
	Body   string
}

func roundTrip(ctx context.Context, url string) (Response, error) { return Response{}, nil }

var errStopped = errors.New("stopped")

// Get receives the only answer of the only fetcher before it returns: the
// deferred close runs after the send completed.
func Get(ctx context.Context, url string) (Response, error) {
	type result struct {
		resp Response
		err  error
	}
	done := make(chan result)
	defer close(done)
	go func() {
		resp, err := roundTrip(ctx, url)
		done <- result{resp, err}
	}()
	r := <-done
	return r.resp, r.err
}

// FirstMatch's scanner sends once and returns, from inside its loop or
// after it: one send per run, which the caller receives.
func FirstMatch(lines []string, pattern string) string {
	found := make(chan string)
	defer close(found)
	go func() {
		for _, l := range lines {
			if strings.Contains(l, pattern) {
				found <- l
				return
			}
		}
		found <- ""
	}()
	return <-found
}

// GetTimeout gives up when the deadline passes while the fetcher may
// still be on its way to the send.
func GetTimeout(url string, d time.Duration) (Response, error) {
	answer := make(chan Response)
	defer close(answer) // want `receiver closes answer while the goroutine started at line \d+ may still send`
	go func() {
		resp, _ := roundTrip(context.Background(), url)
		answer <- resp
	}()
	select {
	case r := <-answer:
		return r, nil
	case <-time.After(d):
		return Response{}, context.DeadlineExceeded
	}
}

// Next is a pipeline stage that takes one item: the reader either sends
// it or sees stop and returns, and Next waits for the reader's exit on
// the stop path before the deferred close runs.
func Next(in <-chan string, stop <-chan struct{}) (string, error) {
	item := make(chan string)
	exited := make(chan struct{})
	defer close(item)
	go func() {
		defer close(exited)
		for {
			select {
			case s := <-in:
				if s != "" {
					item <- s
					return
				}
			case <-stop:
				return
			}
		}
	}()
	select {
	case s := <-item:
		return s, nil
	case <-exited:
		return "", errStopped
	}
}

// NextOrCancel returns on ctx.Done() while the reader, which does not
// watch ctx, may still send its item.
func NextOrCancel(ctx context.Context, in <-chan string) (string, error) {
	item := make(chan string)
	defer close(item) // want `receiver closes item while the goroutine started at line \d+ may still send`
	go func() {
		for s := range in {
			if s != "" {
				item <- s
				return
			}
		}
	}()
	select {
	case s := <-item:
		return s, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// Probe waits on the timeout path for the prober to finish, through its
// WaitGroup, so the close comes after its send either way.
func Probe(ctx context.Context, url string, d time.Duration) (Response, bool) {
	var wg sync.WaitGroup
	resp := make(chan Response, 1)
	defer close(resp)
	wg.Add(1)
	go func() {
		defer wg.Done()
		r, err := roundTrip(ctx, url)
		if err != nil {
			return
		}
		resp <- r
	}()
	select {
	case r := <-resp:
		return r, true
	case <-time.After(d):
		wg.Wait()
		return Response{}, false
	}
}

// Worker pool: one dispatcher per call, which sends each job's ack in a
// loop; taking only the first ack and closing races the others.
func FirstAck(jobs []string) string {
	acks := make(chan string)
	defer close(acks) // want `receiver closes acks while the goroutine started at line \d+ may still send`
	go func() {
		for _, j := range jobs {
			acks <- j
		}
	}()
	return <-acks
}

// Stopper's goroutine returns on stop, which the function closes before
// it waits for the goroutine's exit; the stop path never receives.
func Stopper(ticks <-chan time.Time, d time.Duration) (time.Time, bool) {
	first := make(chan time.Time)
	stop := make(chan struct{})
	exited := make(chan struct{})
	defer close(first)
	go func() {
		defer close(exited)
		select {
		case t := <-ticks:
			select {
			case first <- t:
			case <-stop:
			}
		case <-stop:
		}
	}()
	select {
	case t := <-first:
		return t, true
	case <-time.After(d):
		close(stop)
		<-exited
		return time.Time{}, false
	}
}

// ProbeImpatient waits for the prober only when asked to: the other
// timeout path returns, and the deferred close runs, while the prober may
// still send into the buffer.
func ProbeImpatient(ctx context.Context, url string, d time.Duration, patient bool) (Response, bool) {
	var wg sync.WaitGroup
	resp := make(chan Response, 1)
	defer close(resp) // want `receiver closes resp while the goroutine started at line \d+ may still send`
	wg.Add(1)
	go func() {
		defer wg.Done()
		if r, err := roundTrip(ctx, url); err == nil {
			resp <- r
		}
	}()
	select {
	case r := <-resp:
		return r, true
	case <-time.After(d):
		if !patient {
			return Response{}, false
		}
		wg.Wait()
		return Response{}, false
	}
}

func lookup(ctx context.Context, host string) (string, error) { return host, nil }

// Resolve closes the answer channel after the select, once it holds the
// resolver's only answer or the resolver has exited.
func Resolve(ctx context.Context, host string) (string, bool) {
	addr := make(chan string)
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		a, err := lookup(ctx, host)
		if err != nil {
			return
		}
		select {
		case addr <- a:
		case <-ctx.Done():
		}
	}()
	var a string
	ok := false
	select {
	case a = <-addr:
		ok = true
	case <-exited:
	}
	close(addr)
	return a, ok
}

// ResolveOrCancel closes the answer channel after ctx.Done() won the
// select: the resolver may be just about to send, and its own select may
// pick the send on the closed channel.
func ResolveOrCancel(ctx context.Context, host string) (string, bool) {
	addr := make(chan string)
	go func() {
		a, _ := lookup(ctx, host)
		select {
		case addr <- a:
		case <-ctx.Done():
		}
	}()
	var a string
	ok := false
	select {
	case a = <-addr:
		ok = true
	case <-ctx.Done():
	}
	close(addr) // want `receiver closes addr while the goroutine started at line \d+ may still send`
	return a, ok
}

// Validate returns before it starts the checker when the input is empty:
// that path closes a channel nobody sends on yet, and the other receives
// the checker's only verdict first.
func Validate(ctx context.Context, body string) error {
	verdict := make(chan error)
	defer close(verdict)
	if body == "" {
		return errors.New("empty body")
	}
	go func() {
		_, err := roundTrip(ctx, body)
		verdict <- err
	}()
	return <-verdict
}

// Stream ranges over a stage's single batch and stops after it: the range
// body runs only once the batch was received.
func Stream(in []string) []string {
	batch := make(chan []string)
	defer close(batch)
	go func() {
		batch <- append([]string(nil), in...)
	}()
	for b := range batch {
		return b
	}
	return nil
}
