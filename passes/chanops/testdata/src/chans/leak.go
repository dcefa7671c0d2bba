package chans

import (
	"context"
	"errors"
	"time"
)

func fetch(url string) (string, error) { return url, nil }

// FetchWithTimeout is the classic leak shape: when the timeout wins, the
// goroutine's send on the unbuffered channel never completes.
func FetchWithTimeout(url string, d time.Duration) (string, error) {
	ch := make(chan string) // want `chan ch cap=0 ops=send@go,recv@main/sel senders=1 escapes=false`
	go func() {
		body, _ := fetch(url)
		ch <- body
	}()
	select {
	case body := <-ch:
		return body, nil
	case <-time.After(d):
		return "", errors.New("timeout")
	}
}

// FetchWithContext buffers one slot, so the goroutine can always leave.
func FetchWithContext(ctx context.Context, url string) (string, error) {
	type reply struct {
		body string
		err  error
	}
	ch := make(chan reply, 1) // want `chan ch cap=1 ops=send@go,recv@main/sel senders=1 escapes=false`
	go func() {
		body, err := fetch(url)
		ch <- reply{body, err}
	}()
	select {
	case r := <-ch:
		return r.body, r.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// FirstReply takes the first of several mirrors' answers and returns.
func FirstReply(mirrors []string) string {
	answers := make(chan string) // want `chan answers cap=0 ops=send@go/loop,recv@main senders=1 escapes=false`
	for _, m := range mirrors {
		go func(url string) {
			body, _ := fetch(url)
			answers <- body
		}(m)
	}
	return <-answers
}

// FirstReplyDone lets the losers leave through a done channel.
func FirstReplyDone(mirrors []string) string {
	answers := make(chan string) // want `chan answers cap=0 ops=send@go/sel/loop,recv@main senders=1 escapes=false`
	done := make(chan struct{})  // want `chan done cap=0 ops=close@main/defer,recv@go/sel/loop senders=0 escapes=false`
	defer close(done)
	for _, m := range mirrors {
		go func() {
			body, _ := fetch(m)
			select {
			case answers <- body:
			case <-done:
			}
		}()
	}
	return <-answers
}

// Deadlock sends and receives in the same goroutine on an unbuffered
// channel: no partner exists.
func Deadlock() int {
	ch := make(chan int) // want `chan ch cap=0 ops=send@main,recv@main senders=1 escapes=false`
	ch <- 1
	return <-ch
}

// Len and cap and nil checks are not operations, and do not escape.
func Backlog(n int) int {
	queue := make(chan int, n) // want `chan queue cap=-1 ops=send@main/loop senders=1 escapes=false`
	if queue == nil {
		return 0
	}
	for i := 0; i < n; i++ {
		queue <- i
	}
	return len(queue) + cap(queue)
}

// Ticker relays ticks to a goroutine through a literal parameter; the
// goroutine selects on a quit channel it receives as a parameter too.
func Ticker(d time.Duration, tick func()) (stop func()) {
	ticks := make(chan time.Time) // want `chan ticks cap=0 ops=range@go senders=0 escapes=false`
	quit := make(chan struct{})   // want `chan quit cap=0 ops=recv@go/sel/loop senders=0 escapes=captured by a closure`
	go func(in <-chan time.Time) {
		for range in {
			tick()
		}
	}(ticks)
	go func() {
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(quit) }
}

// Proxy copies both directions in two goroutines and waits for the first
// to finish: the second sender has the one buffer slot to itself.
func Proxy(copyUp, copyDown func() error) error {
	errc := make(chan error, 1) // want `chan errc cap=1 ops=send@go,send@go,recv@main senders=2 escapes=false`
	go func() { errc <- copyUp() }()
	go func() { errc <- copyDown() }()
	return <-errc
}
