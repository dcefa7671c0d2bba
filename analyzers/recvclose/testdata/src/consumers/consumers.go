// Package consumers holds pub/sub subscribers and consumers that close
// their input, and brokers that close correctly.
package consumers

import (
	"errors"
	"strings"
	"sync"

	"queue"
)

type Event struct {
	Topic string
	Body  string
}

// Subscribe starts a subscriber that unsubscribes by closing the events
// channel the publisher keeps sending on.
func Subscribe(topics []string, handle func(Event)) {
	events := make(chan Event)
	go func() {
		for ev := range events {
			if ev.Topic == "unsubscribe" {
				close(events) // want `receiver closes events while the send at line 32 may still send`
				return
			}
			handle(ev)
		}
	}()
	for _, t := range topics {
		events <- Event{Topic: t}
	}
}

func parse(line string) (Event, error) {
	topic, body, ok := strings.Cut(line, " ")
	if !ok {
		return Event{}, errors.New("malformed line")
	}
	return Event{Topic: topic, Body: body}, nil
}

// consume parses lines and closes its input on the first malformed one.
func consume(lines chan string, out *[]Event) error {
	for {
		l, ok := <-lines
		if !ok {
			return nil
		}
		ev, err := parse(l)
		if err != nil {
			close(lines)
			return err
		}
		*out = append(*out, ev)
	}
}

// Ingest feeds consume from a reader goroutine.
func Ingest(input []string) ([]Event, error) {
	lines := make(chan string)
	go func() {
		for _, l := range input {
			lines <- l
		}
	}()
	var out []Event
	err := consume(lines, &out) // want `consume receives from and closes lines while the goroutine started at line 63 may still send`
	return out, err
}

// Tail hands a channel to an imported consumer that closes it.
func Tail(input []string) {
	msgs := make(chan string)
	go queue.DrainUntil(msgs, func(m string) bool { return m == "EOF" }) // want `DrainUntil receives from and closes msgs while the send at line 78 may still send`
	for _, m := range input {
		msgs <- m
	}
}

// --- correct look-alikes ---

// Broker owns its subscriber channels: it alone sends on them, and closes
// them once its input is exhausted.
type Broker struct {
	mu   sync.Mutex
	subs []chan<- Event
}

func (b *Broker) Run(publish []Event, handle func(Event)) {
	incoming := make(chan Event)
	sub := make(chan Event, 16)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for ev := range sub {
			handle(ev)
		}
	}()
	go func() {
		defer close(sub)
		for ev := range incoming {
			sub <- ev
		}
	}()
	for _, ev := range publish {
		incoming <- ev
	}
	close(incoming)
	wg.Wait()
}

// Printer starts an imported consumer that never closes.
func Printer(input []string, print func(string)) {
	msgs := make(chan string)
	go queue.Print(msgs, print)
	for _, m := range input {
		msgs <- m
	}
	close(msgs)
}

// Feed receives from an imported generator that closes its own output.
func Feed(list []string) []string {
	msgs := make(chan string)
	go queue.Publish(msgs, list)
	var res []string
	for m := range msgs {
		res = append(res, m)
	}
	return res
}

// Locked closes events under the lock every publisher takes, after
// setting the flag they check.
func Locked(topics []string, handle func(Event)) {
	var (
		mu     sync.Mutex
		closed bool
	)
	events := make(chan Event, len(topics))
	for _, t := range topics {
		go func() {
			mu.Lock()
			defer mu.Unlock()
			if !closed {
				events <- Event{Topic: t}
			}
		}()
	}
	ev := <-events
	handle(ev)
	mu.Lock()
	closed = true
	close(events)
	mu.Unlock()
}
