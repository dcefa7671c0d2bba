// Package fixes holds spinning loops whose empty default can go.
package fixes

import (
	"context"
	"log"
)

type Msg struct{ Body string }

func deliver(Msg) {}

// Listen's default is the last clause, with a comment under it.
func Listen(ctx context.Context, inbox <-chan Msg) {
	for {
		select {
		case m := <-inbox:
			deliver(m)
		case <-ctx.Done():
			return
		default: // want `select with an empty default in a for loop spins`
			// nothing yet, try again
		}
	}
}

// Relay's default sits between cases; the next case keeps its comment.
func Relay(in <-chan Msg, out chan<- Msg, stop <-chan struct{}) {
	for {
		select {
		case m := <-in:
			out <- m
		default: // want `select with an empty default in a for loop spins`
		// stop ends the relay
		case <-stop:
			log.Print("relay stopped")
			return
		}
	}
}

// Pump runs in a goroutine; its default has no comment.
func Pump(src <-chan Msg, sink func(Msg), quit <-chan struct{}) {
	go func() {
		for {
			select {
			case m := <-src:
				sink(m)
			case <-quit:
				return
			default: // want `select with an empty default in a for loop spins`
			}
		}
	}()
}

// Count also counts rounds after the select: deleting the default would
// change what the loop counts, so there is no fix.
func Count(in <-chan Msg, stop <-chan struct{}) int {
	rounds := 0
	for {
		select {
		case m := <-in:
			deliver(m)
		case <-stop:
			return rounds
		default: // want `select with an empty default in a for loop spins`
		}
		rounds++
	}
}
