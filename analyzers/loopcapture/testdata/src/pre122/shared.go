//go:build go1.21

// Variables that stay shared by all iterations in every Go version.
package pre122

import (
	"context"
	"log"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"
)

// Broadcast ranges with = into a variable declared before the loop.
func Broadcast(subs []Subscriber, msg string) {
	var s Subscriber
	for _, s = range subs {
		go func() { // want `^goroutine captures s, which for \.\.\. = range assigns on each iteration: one variable shared by all iterations in every Go version; pass it as an argument or copy it inside the loop \(s := s\)$`
			if err := s.Send(msg); err != nil {
				log.Print(err)
			}
		}()
	}
}

// BroadcastArgs passes the subscriber.
func BroadcastArgs(subs []Subscriber, msg string) {
	var s Subscriber
	for _, s = range subs {
		go func(s Subscriber) {
			if err := s.Send(msg); err != nil {
				log.Print(err)
			}
		}(s)
	}
}

// LastSubscriber uses the variable after the loop, where it is meant to
// hold the last value.
func LastSubscriber(subs []Subscriber) Subscriber {
	var s Subscriber
	for _, s = range subs {
	}
	go func() {
		log.Printf("last subscriber: %v", s)
	}()
	return s
}

// RetryAfter counts with a variable declared before the loop.
func RetryAfter(ctx context.Context, attempts int, op func(int) error) int {
	var try int
	for try = 0; try < attempts; try++ {
		defer func() { // want `^deferred closure captures try, which the loop's post statement assigns on each iteration: one variable shared by all iterations in every Go version, so every deferred call sees its last value;`
			log.Printf("attempt %d finished", try)
		}()
		if op(try) == nil {
			break
		}
	}
	return try
}

// AcceptLoop assigns conn, declared before the loop, on every accept.
func AcceptLoop(ln net.Listener) error {
	var conn net.Conn
	var err error
	for {
		conn, err = ln.Accept()
		if err != nil {
			return err
		}
		go func() { // want `^goroutine reads conn, which the loop overwrites each iteration: the goroutines race and may all see the last value; declare it inside the loop or pass it as an argument$`
			defer conn.Close()
			handle(conn)
		}()
	}
}

// AcceptLoopShort declares conn inside the loop.
func AcceptLoopShort(ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		go func() {
			defer conn.Close()
			handle(conn)
		}()
	}
}

// AcceptLoopArg passes conn to the goroutine.
func AcceptLoopArg(ln net.Listener) error {
	var conn net.Conn
	var err error
	for {
		conn, err = ln.Accept()
		if err != nil {
			return err
		}
		go handle(conn)
	}
}

// Watch publishes a snapshot that the goroutine reads under the same
// mutex: shared state on purpose.
func Watch(updates <-chan Snapshot) {
	var mu sync.Mutex
	var latest Snapshot
	for snap := range updates {
		mu.Lock()
		latest = snap
		mu.Unlock()
		go func() {
			mu.Lock()
			defer mu.Unlock()
			publish(latest)
		}()
	}
}

// Heartbeat reads a deadline set once before the loop.
func Heartbeat(ctx context.Context, peers []string, interval time.Duration) {
	deadline := time.Now().Add(interval)
	for _, p := range peers {
		go func(peer string) {
			if time.Now().After(deadline) {
				log.Printf("%s: late", peer)
			}
		}(p)
	}
}

// Stages waits for each stage's goroutine before assigning the next
// input.
func Stages(stages []func([]byte) []byte, data []byte) []byte {
	var in []byte
	for _, stage := range stages {
		in = data
		done := make(chan struct{})
		var out []byte
		go func(stage func([]byte) []byte) {
			defer close(done)
			out = stage(in)
		}(stage)
		<-done
		data = out
	}
	return data
}

// ApplyAll defers a rollback that checks the function's final error:
// meant to see the last value.
func ApplyAll(steps []Step) (err error) {
	for _, st := range steps {
		undo := st.Undo
		err = st.Apply()
		if err != nil {
			return err
		}
		defer func() {
			if err != nil {
				undo()
			}
		}()
	}
	return nil
}

// Race lets goroutines end the retry loop by writing its counter.
func Race(attempts int, op func() error) {
	for try := 0; try < attempts; try++ {
		go func() { // want `^goroutine assigns loop variable try, which the loop reads between iterations: a data race in every Go version \(since Go 1\.22 with the per-iteration copy, golang/go#66156\); pass it as an argument and modify the copy$`
			if op() == nil {
				try = attempts
			}
		}()
	}
}

// Backoff modifies its own copy of the counter.
func Backoff(attempts int, op func(time.Duration) error) {
	for try := 0; try < attempts; try++ {
		go func(try int) {
			for ; try < attempts; try++ {
				if op(time.Duration(try)*time.Second) == nil {
					return
				}
			}
		}(try)
	}
}

// MarkDone writes a field of its range variable from a goroutine.
func MarkDone(tasks []Task, done chan<- Task) {
	for _, t := range tasks {
		go func() { // want `^goroutine captures loop variable t,`
			t.Done = true
			done <- t
		}()
	}
}

// ListenFirst tries addresses until a server comes up; it retries only
// after receiving the failed server's error, so no goroutine still reads
// srv when it is assigned again.
func ListenFirst(addrs []string, ready <-chan struct{}) *http.Server {
	var srv *http.Server
Try:
	for _, addr := range addrs {
		srv = &http.Server{Addr: addr}
		errc := make(chan error, 1)
		go func() { errc <- srv.ListenAndServe() }()
		select {
		case err := <-errc:
			log.Printf("%s: %v", addr, err)
			continue
		case <-ready:
			break Try
		}
	}
	return srv
}

// ListenAny moves on after a timeout while the previous server may still
// be reading srv.
func ListenAny(addrs []string) {
	var srv *http.Server
	for _, addr := range addrs {
		srv = &http.Server{Addr: addr}
		errc := make(chan error, 1)
		go func() { errc <- srv.ListenAndServe() }() // want `^goroutine reads srv, which the loop overwrites each iteration`
		select {
		case err := <-errc:
			log.Print(err)
		case <-time.After(time.Second):
		}
	}
}

// StartAll waits for each start or fails the test.
func StartAll(t *testing.T, cmds []string, start func(string) error) {
	var cmd string
	errc := make(chan error, 1)
	for i := range cmds {
		cmd = cmds[i]
		go func() { errc <- start(cmd) }()
		select {
		case err := <-errc:
			if err != nil {
				t.Errorf("%s: %v", cmd, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: timed out", cmd)
		}
	}
}
