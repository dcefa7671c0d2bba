// Package firstwins holds senders counted against the buffer plus the
// receives sure to run before the receiver returns.
package firstwins

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
)

// Correct: a proxy copying both directions. The first copy to finish is
// received; the other's error then fits in the buffer.
func proxy(a, b net.Conn) error {
	errc := make(chan error, 1)
	go func() {
		_, err := io.Copy(a, b)
		errc <- err
	}()
	go func() {
		_, err := io.Copy(b, a)
		errc <- err
	}()
	return <-errc
}

// Correct: the same proxy closing both ends after the first copy stops,
// so that the other copy returns too.
func splice(client, backend net.Conn) error {
	errc := make(chan error, 1)
	go func() { _, err := io.Copy(backend, client); errc <- err }()
	go func() { _, err := io.Copy(client, backend); errc <- err }()
	err := <-errc
	client.Close()
	backend.Close()
	return err
}

type Shard struct{ name string }

func (s *Shard) Flush(ctx context.Context) error {
	if s.name == "" {
		return errors.New("unnamed shard")
	}
	return ctx.Err()
}

// Correct: first error wins among three shards; the buffer holds the two
// errors no one receives.
func flushFirst(ctx context.Context, a, b, c *Shard) error {
	errc := make(chan error, 2)
	go func() { errc <- a.Flush(ctx) }()
	go func() { errc <- b.Flush(ctx) }()
	go func() { errc <- c.Flush(ctx) }()
	return <-errc
}

// Correct: a pair of workers; the early return leaves one value unread,
// and the buffer holds it.
func runPair(ctx context.Context, primary, replica *Shard) error {
	errc := make(chan error, 1)
	go func() { errc <- primary.Flush(ctx) }()
	go func() { errc <- replica.Flush(ctx) }()
	if err := <-errc; err != nil {
		return err
	}
	return <-errc
}

// Correct: each branch receives once, so one receive runs on every path.
func proxyLogged(a, b net.Conn, verbose bool) {
	done := make(chan error, 1)
	go func() { _, err := io.Copy(a, b); done <- err }()
	go func() { _, err := io.Copy(b, a); done <- err }()
	if verbose {
		log.Printf("proxy stopped: %v", <-done)
	} else {
		<-done
	}
}

// Correct: both cases of the select receive one value; the cancelled one
// closes the connections and waits for a copy to stop.
func proxyCtx(ctx context.Context, a, b net.Conn) error {
	errc := make(chan error, 1)
	go func() { _, err := io.Copy(a, b); errc <- err }()
	go func() { _, err := io.Copy(b, a); errc <- err }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		a.Close()
		b.Close()
		<-errc
		return ctx.Err()
	}
}

// Correct: the only path that skips the second receive ends the process.
func serveBoth(ctx context.Context, api, admin *Shard) {
	errc := make(chan error)
	go func() { errc <- api.Flush(ctx) }()
	go func() { errc <- admin.Flush(ctx) }()
	if err := <-errc; err != nil {
		log.Fatalf("server stopped: %v", err)
	}
	<-errc
}

// Correct: the mirror is started and received from under the same
// condition; the count of senders depends on it as much as the receives.
func writeMirrored(ctx context.Context, main, mirror *Shard, mirrored bool) error {
	errc := make(chan error)
	go func() { errc <- main.Flush(ctx) }()
	if mirrored {
		go func() { errc <- mirror.Flush(ctx) }()
	}
	err := <-errc
	if mirrored {
		if e := <-errc; err == nil {
			err = e
		}
	}
	return err
}

// Buggy: an unbuffered proxy; the copy that finishes second blocks.
func proxyUnbuffered(a, b net.Conn) error {
	errc := make(chan error)
	go func() { _, err := io.Copy(a, b); errc <- err }() // want `2 goroutines send on errc \(unbuffered\), but proxyUnbuffered receives from it only once: one sender blocks forever; give errc a buffer of 1`
	go func() { _, err := io.Copy(b, a); errc <- err }()
	return <-errc
}

// Buggy: three shards, a buffer of one, one receive: the third blocks.
func flushThree(ctx context.Context, a, b, c *Shard) error {
	errc := make(chan error, 1)
	go func() { errc <- a.Flush(ctx) }() // want `3 goroutines send on errc \(buffer of 1\), but flushThree receives from it only once: one sender blocks forever; give errc a buffer of 2`
	go func() { errc <- b.Flush(ctx) }()
	go func() { errc <- c.Flush(ctx) }()
	return <-errc
}

// Buggy: a pair of workers, unbuffered; the early return on the first
// error leaves the other worker blocked.
func runPairUnbuffered(ctx context.Context, primary, replica *Shard) error {
	errc := make(chan error)
	go func() { errc <- primary.Flush(ctx) }() // want `2 goroutines send on errc \(unbuffered\), but runPairUnbuffered may return after receiving from it only once: one sender blocks forever; give errc a buffer of 1`
	go func() { errc <- replica.Flush(ctx) }()
	if err := <-errc; err != nil {
		return err
	}
	return <-errc
}

// Buggy: the select can return on cancellation without receiving, and the
// buffer holds only one of the two copies' errors.
func proxyCancel(ctx context.Context, a, b net.Conn) error {
	errc := make(chan error, 1)
	go func() { _, err := io.Copy(a, b); errc <- err }() // want `2 goroutines send on errc \(buffer of 1\), but proxyCancel may return without receiving from it: one sender blocks forever; give errc a buffer of 2`
	go func() { _, err := io.Copy(b, a); errc <- err }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Buggy: the flush result is received only when the caller waits.
func flushAsync(ctx context.Context, s *Shard, wait bool) error {
	done := make(chan error)
	go func() { done <- s.Flush(ctx) }() // want `goroutine sends on done \(unbuffered\), but flushAsync may return without receiving from it: it blocks forever; give done a buffer of 1`
	if wait {
		return <-done
	}
	return nil
}
