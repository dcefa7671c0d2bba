//go:build go1.21

// In-flight gates: a loop that keeps at most one goroutine running and
// reassigns the channel it shares with that goroutine only once the
// goroutine is done with it.
package pre122

import (
	"context"
	"log"
	"time"
)

type Batch []string

type Client struct{ addr string }

func (c *Client) Send(b Batch) error { return nil }

// Batcher queues items and flushes them one batch at a time: a new flush
// starts only when done is nil, and done is set to nil only after the
// flush has closed it.
func Batcher(c *Client, in <-chan string) {
	var q Batch
	var done chan struct{}
	for {
		if done == nil && len(q) > 0 {
			b := q
			q = nil
			done = make(chan struct{})
			go func() {
				if err := c.Send(b); err == nil {
					close(done)
				}
			}()
		}
		select {
		case <-done:
			done = nil
		case x, ok := <-in:
			if !ok {
				return
			}
			q = append(q, x)
		}
	}
}

// Flusher receives each flush's error before it allows the next one.
func Flusher(ctx context.Context, c *Client, in <-chan string) {
	var q Batch
	var result chan error
	for {
		if result == nil && len(q) > 0 {
			result = make(chan error, 1)
			b := q
			q = nil
			go func() {
				if err := c.Send(b); err != nil {
					result <- err
					return
				}
				result <- nil
			}()
		}
		select {
		case err := <-result:
			result = nil
			if err != nil {
				log.Printf("flush: %v", err)
			}
		case x := <-in:
			q = append(q, x)
		case <-ctx.Done():
			return
		}
	}
}

// Forwarder reuses one batch variable: it is reassigned only under the
// same gate, so never while a send still reads it.
func Forwarder(c *Client, in <-chan string) {
	var pending, batch Batch
	var sent chan struct{}
	for {
		if sent == nil && len(pending) > 0 {
			batch, pending = pending, nil
			sent = make(chan struct{})
			go func() {
				if err := c.Send(batch); err != nil {
					log.Printf("forward: %v", err)
				}
				close(sent)
			}()
		}
		select {
		case <-sent:
			sent = nil
		case x := <-in:
			pending = append(pending, x)
		}
	}
}

// Appender appends to the batch a send may still be reading.
func Appender(c *Client, in <-chan string) {
	var batch Batch
	var sent chan struct{}
	for {
		if sent == nil && len(batch) > 0 {
			sent = make(chan struct{})
			go func() { // want `^goroutine reads batch, which the loop overwrites each iteration`
				_ = c.Send(batch)
				close(sent)
			}()
		}
		select {
		case <-sent:
			sent, batch = nil, nil
		case x := <-in:
			batch = append(batch, x)
		}
	}
}

// Supervise restarts the worker each time it exits: exited is replaced
// only after the old worker's deferred close has been received.
func Supervise(ctx context.Context, work func(context.Context) error) {
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		_ = work(ctx)
	}()
	for {
		select {
		case <-exited:
			log.Print("worker exited; restarting")
			exited = make(chan struct{})
			go func() {
				defer close(exited)
				if err := work(ctx); err != nil {
					log.Printf("worker: %v", err)
				}
			}()
		case <-ctx.Done():
			return
		}
	}
}

// Uploader gives up on a slow upload after a timeout and starts the next
// while the old goroutine may still be about to close done.
func Uploader(c *Client, in <-chan Batch) {
	var q []Batch
	var done chan struct{}
	for {
		if done == nil && len(q) > 0 {
			b := q[0]
			q = q[1:]
			done = make(chan struct{})
			go func() { // want `^goroutine reads done, which the loop overwrites each iteration`
				_ = c.Send(b)
				close(done)
			}()
		}
		select {
		case <-done:
			done = nil
		case <-time.After(10 * time.Second):
			done = nil
		case b := <-in:
			q = append(q, b)
		}
	}
}

// Acker's goroutine sends one ack per item, but the loop resets acks
// after the first: the goroutine still sends on the variable.
func Acker(c *Client, in <-chan Batch) {
	var acks chan string
	for {
		select {
		case b := <-in:
			if acks == nil {
				acks = make(chan string)
				go func() { // want `^goroutine reads acks, which the loop overwrites each iteration`
					for _, item := range b {
						acks <- item
					}
				}()
			}
		case item := <-acks:
			log.Printf("acked %s", item)
			acks = nil
		}
	}
}
