// Package bus is an in-process event bus: publishers hand events to a
// dispatcher goroutine that looks up the handlers under the bus lock.
package bus

import (
	"context"
	"sync"
)

type Event struct {
	Topic string
	Seq   int
	Data  any
}

type Handler func(Event)

type Bus struct {
	mu       sync.Mutex
	seq      int
	handlers map[string][]Handler
	events   chan Event
}

func New() *Bus {
	b := &Bus{handlers: make(map[string][]Handler), events: make(chan Event)}
	go b.run()
	return b
}

func (b *Bus) Subscribe(topic string, h Handler) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.handlers[topic] = append(b.handlers[topic], h)
}

// Publish numbers the event and sends it while still holding b.mu.
func (b *Bus) Publish(topic string, data any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.seq++
	b.events <- Event{Topic: topic, Seq: b.seq, Data: data} // want `send on b.events while holding b.mu: the receiver \(run, line 78\) locks b.mu before receiving again, so both block forever \(the channel is unbuffered\); unlock b.mu before sending, or send outside the critical section`
}

// PublishAll holds the lock across a loop of sends.
func (b *Bus) PublishAll(topic string, data []any) {
	b.mu.Lock()
	for _, d := range data {
		b.seq++
		b.events <- Event{Topic: topic, Seq: b.seq, Data: d} // want `send on b.events while holding b.mu`
	}
	b.mu.Unlock()
}

// Emit is the fixed Publish: number under the lock, send after it.
func (b *Bus) Emit(topic string, data any) {
	b.mu.Lock()
	b.seq++
	ev := Event{Topic: topic, Seq: b.seq, Data: data}
	b.mu.Unlock()
	b.events <- ev
}

// TryEmit drops the event rather than wait while locked.
func (b *Bus) TryEmit(topic string, data any) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	select {
	case b.events <- Event{Topic: topic, Data: data}:
		return true
	default:
		return false
	}
}

func (b *Bus) run() {
	for ev := range b.events {
		b.mu.Lock()
		hs := append([]Handler(nil), b.handlers[ev.Topic]...)
		b.mu.Unlock()
		for _, h := range hs {
			h(ev)
		}
	}
}

// EmitCtx waits for the dispatcher or the caller's context.
func (b *Bus) EmitCtx(ctx context.Context, topic string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	select {
	case b.events <- Event{Topic: topic}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Replay unlocks on the early-return path only: the lock is not held on
// every path to the send.
func (b *Bus) Replay(evs []Event, quiet bool) {
	b.mu.Lock()
	if quiet {
		b.mu.Unlock()
	}
	for _, ev := range evs {
		b.events <- ev
	}
	if !quiet {
		b.mu.Unlock()
	}
}
