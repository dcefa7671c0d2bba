// Package loops receives one value per sender in a counted loop, and
// sometimes leaves that loop early.
package loops

import (
	"context"
	"errors"
	"net/http"
)

func get(url string) error {
	_, err := http.Head(url)
	return err
}

type reply struct {
	body string
	err  error
}

func fetch(url string) reply { return reply{body: url} }

// Buggy: the classic errgroup-less fan-out.
func fetchAll(urls []string) error {
	errc := make(chan error)
	for _, u := range urls {
		go func() {
			errc <- get(u) // want `goroutines started in a loop block forever sending on errc \(unbuffered\): the early return on line 33 of fetchAll leaves the other senders blocked; give errc a buffer of len\(urls\)`
		}()
	}
	for range urls {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// Buggy: the early return is inside a select, counted by i < n.
func runN(ctx context.Context, n int, step func(int) error) error {
	errc := make(chan error)
	for i := 0; i < n; i++ {
		go func() { errc <- step(i) }() // want `early return on line 49 of runN leaves the other senders blocked; give errc a buffer of n`
	}
	for i := 0; i < n; i++ {
		select {
		case err := <-errc:
			if err != nil {
				return err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// Buggy: the first good mirror wins, the slower ones block.
func firstGood(mirrors []string) (string, error) {
	ch := make(chan reply)
	for _, m := range mirrors {
		go func() { ch <- fetch(m) }() // want `the early return on line 67 of firstGood leaves the other senders blocked; give ch a buffer of len\(mirrors\)`
	}
	for range mirrors {
		r := <-ch
		if r.err == nil {
			return r.body, nil
		}
	}
	return "", errors.New("no mirror answered")
}

// Buggy: break on the first error stops receiving just the same.
func uploadAll(parts [][]byte, put func([]byte) error) error {
	var first error
	errc := make(chan error)
	for _, p := range parts {
		go func() { errc <- put(p) }() // want `the break on line 83 of uploadAll leaves the other senders blocked; give errc a buffer of len\(parts\)`
	}
	for range parts {
		if err := <-errc; err != nil {
			first = err
			break
		}
	}
	return first
}

// Correct: the buffer is sized to the senders, so an early return is fine.
func fetchAllBuffered(urls []string) error {
	errc := make(chan error, len(urls))
	for _, u := range urls {
		go func() { errc <- get(u) }()
	}
	for range urls {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// Correct: range n senders, buffer n.
func runNBuffered(n int, step func(int) error) error {
	errc := make(chan error, n)
	for i := range n {
		go func() { errc <- step(i) }()
	}
	for range n {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// Correct: every error is received; the first is kept.
func fetchAllDrained(urls []string) error {
	errc := make(chan error)
	for _, u := range urls {
		go func() { errc <- get(u) }()
	}
	var first error
	for range urls {
		if err := <-errc; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Correct: one goroutine per iteration, received in the same iteration.
func sequential(urls []string) error {
	errc := make(chan error)
	for _, u := range urls {
		go func() { errc <- get(u) }()
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// Correct: senders report only failures, and the receiver waits for done.
func watch(urls []string, done <-chan struct{}) error {
	errc := make(chan error)
	for _, u := range urls {
		go func() {
			if err := get(u); err != nil {
				errc <- err
			}
		}()
	}
	for {
		select {
		case err := <-errc:
			return err
		case <-done:
			return nil
		}
	}
}

// Correct: the break only leaves the select, the loop keeps counting.
func countFailures(urls []string) int {
	errc := make(chan error)
	for _, u := range urls {
		go func() { errc <- get(u) }()
	}
	failed := 0
	for range urls {
		select {
		case err := <-errc:
			if err == nil {
				break
			}
			failed++
		}
	}
	return failed
}
