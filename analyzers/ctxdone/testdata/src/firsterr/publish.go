// Package firsterr holds goroutines that report the first error of a
// loop on an unbuffered channel and return: they send at most once, and
// where their maker is sure to receive that once, the send cannot block
// for good whatever the context does. Next to them, look-alikes whose
// sender may send again, or whose maker may give up first.
package firsterr

import (
	"context"
	"errors"
	"log"
)

type Event struct {
	Topic string
	Data  []byte
}

type Exchange struct{ subscribers []chan<- Event }

// Publish hands ev to every subscriber.
func (x *Exchange) Publish(ctx context.Context, ev Event) error {
	if ev.Topic == "" {
		return errors.New("event without topic")
	}
	for _, s := range x.subscribers {
		select {
		case s <- ev:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// PublishAll publishes from a goroutine and waits for it: the goroutine
// sends the first error and returns, or closes errc when all went out,
// and PublishAll receives once on every path.
func PublishAll(ctx context.Context, x *Exchange, events []Event) error {
	errc := make(chan error)
	go func() {
		defer close(errc)
		for _, ev := range events {
			if err := x.Publish(ctx, ev); err != nil {
				errc <- err
				return
			}
		}
	}()
	return <-errc
}

// PublishBatches makes a fresh channel for each batch, so each batch's
// publisher sends at most once on its own channel, and each is received.
func PublishBatches(ctx context.Context, x *Exchange, batches [][]Event) error {
	for _, batch := range batches {
		errc := make(chan error)
		go func() {
			defer close(errc)
			for _, ev := range batch {
				if err := x.Publish(ctx, ev); err != nil {
					errc <- err
					return
				}
			}
		}()
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// PublishTraced waits on either branch of its tracing switch: the
// receive runs on every path.
func PublishTraced(ctx context.Context, x *Exchange, events []Event, trace bool) (err error) {
	errc := make(chan error)
	go func() {
		defer close(errc)
		for _, ev := range events {
			if err := x.Publish(ctx, ev); err != nil {
				errc <- err
				return
			}
		}
	}()
	if trace {
		log.Printf("publishing %d events", len(events))
		err = <-errc
		log.Printf("published: %v", err)
	} else {
		err = <-errc
	}
	return err
}

// PublishAllErrors reports every failure, not only the first: the second
// one blocks forever, as PublishAllErrors receives once.
func PublishAllErrors(ctx context.Context, x *Exchange, events []Event) error {
	errc := make(chan error)
	go func() {
		defer close(errc)
		for _, ev := range events {
			if err := x.Publish(ctx, ev); err != nil {
				errc <- err // want `send on errc in a loop ignores ctx`
			}
		}
	}()
	return <-errc
}

// PublishOrGiveUp stops waiting when ctx is cancelled, and so leaves the
// publisher blocked on its error.
func PublishOrGiveUp(ctx context.Context, x *Exchange, events []Event) error {
	errc := make(chan error)
	go func() {
		defer close(errc)
		for _, ev := range events {
			if err := x.Publish(ctx, ev); err != nil {
				errc <- err // want `send on errc in a loop ignores ctx`
				return
			}
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// PublishWhenReady may return before it receives, when the exchange has
// no subscribers, leaving a failing publisher blocked.
func PublishWhenReady(ctx context.Context, x *Exchange, events []Event) error {
	errc := make(chan error)
	go func() {
		defer close(errc)
		for _, ev := range events {
			if err := x.Publish(ctx, ev); err != nil {
				errc <- err // want `send on errc in a loop ignores ctx`
				return
			}
		}
	}()
	if len(x.subscribers) == 0 {
		log.Print("no subscribers")
		return nil
	}
	return <-errc
}
