package firsterr

import (
	"context"
	"testing"
)

// TestExchange waits for the publisher's first error before it cancels
// anything: the receive runs on every path, so the send is taken.
func TestExchange(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	x := &Exchange{}
	events := []Event{{Topic: "/test", Data: []byte("a")}, {Topic: "/test", Data: []byte("b")}}
	errChan := make(chan error)
	go func() {
		defer close(errChan)
		for _, ev := range events {
			if err := x.Publish(ctx, ev); err != nil {
				errChan <- err
				return
			}
		}
	}()
	if err := <-errChan; err != nil {
		t.Fatal(err)
	}
}

// TestExchangeSetup may stop at t.Fatal before it receives: a failing
// publisher is left blocked for the rest of the test binary.
func TestExchangeSetup(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	x := &Exchange{}
	events := []Event{{Topic: "/test"}}
	errChan := make(chan error)
	go func() {
		defer close(errChan)
		for _, ev := range events {
			if err := x.Publish(ctx, ev); err != nil {
				errChan <- err // want `send on errChan in a loop ignores ctx`
				return
			}
		}
	}()
	if len(x.subscribers) != 0 {
		t.Fatal("exchange starts with subscribers")
	}
	if err := <-errChan; err != nil {
		t.Fatal(err)
	}
}
