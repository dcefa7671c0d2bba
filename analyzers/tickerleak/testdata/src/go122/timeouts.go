//go:build go1.22

package go122

import (
	"context"
	"log"
	"time"
)

type Msg struct{ ID int }

// consume logs when the queue has been idle for two seconds; every
// message starts another two-second timer.
func consume(in <-chan Msg, quit <-chan struct{}, handle func(Msg)) {
	for {
		select {
		case m := <-in:
			handle(m)
		case <-quit:
			return
		case <-time.After(2 * time.Second): // want `time.After in a loop's select starts a new timer on every iteration and, before Go 1.23, each one the select does not pick stays in memory until it fires`
			log.Print("queue idle")
		}
	}
}

// forward names its per-round timeout before selecting on it.
func forward(ctx context.Context, in <-chan Msg, out chan<- Msg) error {
	for m := range in {
		timeout := time.After(time.Minute) // want `time.After in a loop's select starts a new timer`
		select {
		case out <- m:
		case <-timeout:
			return context.DeadlineExceeded
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// consumeIdle is the fixed consume: one timer, Reset per message.
func consumeIdle(in <-chan Msg, quit <-chan struct{}, handle func(Msg)) {
	idle := time.NewTimer(2 * time.Second)
	defer idle.Stop()
	for {
		select {
		case m := <-in:
			handle(m)
			idle.Reset(2 * time.Second)
		case <-quit:
			return
		case <-idle.C:
			log.Print("queue idle")
			idle.Reset(2 * time.Second)
		}
	}
}

// collect has an overall deadline, made once before the loop.
func collect(in <-chan Msg, n int) []Msg {
	var got []Msg
	deadline := time.After(5 * time.Second)
	for len(got) < n {
		select {
		case m := <-in:
			got = append(got, m)
		case <-deadline:
			return got
		}
	}
	return got
}

// firstTwo waits for two results: two timers at most.
func firstTwo(a, b <-chan Msg) []Msg {
	var got []Msg
	for i := 0; i < 2; i++ {
		select {
		case m := <-a:
			got = append(got, m)
		case m := <-b:
			got = append(got, m)
		case <-time.After(3 * time.Second):
			return got
		}
	}
	return got
}

// pingAll tries three fixed mirrors, each with its own timeout.
func pingAll(ping func(string) <-chan error) {
	for _, mirror := range []string{"eu", "us", "ap"} {
		select {
		case err := <-ping(mirror):
			log.Print(mirror, err)
		case <-time.After(time.Second):
			log.Print(mirror, " timed out")
		}
	}
}

// pollLoop sleeps between polls with time.After: the only case fires
// every time.
func pollLoop(ctx context.Context, poll func()) {
	for ctx.Err() == nil {
		select {
		case <-time.After(10 * time.Second):
			poll()
		}
		<-time.After(time.Second)
	}
}

// waitReady waits once for a single result with a timeout.
func waitReady(ready <-chan struct{}) bool {
	select {
	case <-ready:
		return true
	case <-time.After(10 * time.Second):
		return false
	}
}

// publish gives each message a second to be taken: each message that is
// taken in time leaves a one-second timer behind.
func publish(out chan<- Msg, msgs []Msg) (dropped int) {
	for _, m := range msgs {
		select {
		case out <- m:
		case <-time.After(time.Second): // want `time.After in a loop's select starts a new timer`
			dropped++
		}
	}
	return dropped
}

// retry backs off between attempts: every other case leaves the loop, so
// each timer either fires or is the last one.
func retry(ctx context.Context, attempts int, op func() error) error {
	backoff := 100 * time.Millisecond
	var err error
	for i := 0; i < attempts; i++ {
		if err = op(); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
			backoff *= 2
		}
	}
	return err
}

// redial waits a second between dials until ctx ends the loop.
func redial(ctx context.Context, dial func() error) {
retry:
	for {
		if dial() == nil {
			return
		}
		select {
		case <-ctx.Done():
			break retry
		case <-time.After(time.Second):
		}
	}
	log.Print("gave up dialing")
}

// deliver waits up to ackTimeout for each message's ack: every message
// acked in time leaves its timer behind.
func deliver(msgs []Msg, send func(Msg) <-chan struct{}, ackTimeout time.Duration) (lost int) {
	for _, m := range msgs {
		t := time.NewTimer(ackTimeout) // want `timer t, made on every iteration, is never stopped: before Go 1.23 each one stays in memory until it fires`
		select {
		case <-send(m):
		case <-t.C:
			lost++
		}
	}
	return lost
}

// deliverStopped stops each timer once its select is done.
func deliverStopped(msgs []Msg, send func(Msg) <-chan struct{}, ackTimeout time.Duration) (lost int) {
	for _, m := range msgs {
		t := time.NewTimer(ackTimeout)
		select {
		case <-send(m):
		case <-t.C:
			lost++
		}
		t.Stop()
	}
	return lost
}
