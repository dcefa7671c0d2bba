// Package fixes holds selects that get a case <-ctx.Done() added by the
// suggested fix, and some where the fix would not be safe.
package fixes

import (
	"context"
	"log"
	"time"
)

type Event struct {
	At   time.Time
	Name string
}

// fanOut forwards events to two listeners from a goroutine.
func fanOut(ctx context.Context, in <-chan Event, a, b chan<- Event) {
	go func() {
		for e := range in {
			select { // want `select in a loop has no case <-ctx.Done\(\)`
			case a <- e:
			case b <- e:
			}
		}
	}()
}

// forward returns the context's error when it stops.
func forward(ctx context.Context, in <-chan Event, out chan<- Event) error {
	for {
		select { // want `select in a loop has no case <-ctx.Done\(\)`
		case e := <-in:
			log.Println(e.Name)
		case out <- Event{Name: "tick"}:
		}
	}
}

// stats returns a zero value of every kind of result.
func stats(ctx context.Context, in <-chan Event, out chan<- Event) (int, string, *Event, []byte, Event, time.Time, time.Duration, bool, error) {
	n := 0
	for {
		select { // want `select in a loop has no case <-ctx.Done\(\)`
		case e := <-in:
			n += len(e.Name)
		case out <- Event{}:
		}
	}
}

// relay is generic: its zero value is *new(T).
func relay[T any](ctx context.Context, in <-chan T, out chan<- T) (T, error) {
	var last T
	for {
		select { // want `select in a loop has no case <-ctx.Done\(\)`
		case v := <-in:
			last = v
		case out <- last:
		}
	}
}

// labeled keeps its label; the fix goes inside the select.
func labeled(ctx context.Context, in <-chan Event, out chan<- Event) {
	go func() {
	loop:
		for {
			select { // want `select in a loop has no case <-ctx.Done\(\)`
			case e := <-in:
				if e.Name == "" {
					continue loop
				}
			case out <- Event{Name: "idle"}:
			}
		}
	}()
}

// flushAfter has cleanup after its loop: returning from the select would
// skip it, so no fix is offered.
func flushAfter(ctx context.Context, in <-chan Event, out chan<- Event, batch []Event) {
	for _, e := range batch {
		select { // want `select in a loop has no case <-ctx.Done\(\)`
		case out <- e:
		case v := <-in:
			batch = append(batch, v)
		}
	}
	log.Println("flushed", len(batch))
}

// inner selects in a literal that has its own context parameter, so the
// fix names that one.
func inner(parent context.Context, out chan<- int) {
	go func(ctx context.Context) {
		for i := 0; ; i++ {
			select { // want `select in a loop has no case <-ctx.Done\(\)`
			case out <- i:
			case out <- -i:
			}
		}
	}(parent)
}
