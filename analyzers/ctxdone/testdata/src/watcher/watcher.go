// Package watcher reloads configuration files as they change. Its
// goroutines see the caller's context, but some of their channels have
// nothing to do with it.
package watcher

import (
	"bufio"
	"context"
	"log"
	"os"
	"time"
)

type Event struct {
	Name string
	At   time.Time
}

type source struct{ dir string }

// Next polls the directory and returns the first file newer than since.
func (s *source) Next(since time.Time) (Event, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return Event{}, err
	}
	for _, e := range entries {
		if info, err := e.Info(); err == nil && info.ModTime().After(since) {
			return Event{e.Name(), info.ModTime()}, nil
		}
	}
	return Event{}, nil
}

// logEvents prints every event for as long as the program runs: it never
// stops receiving.
func logEvents(events <-chan Event) {
	for {
		ev := <-events
		log.Println("changed:", ev.Name)
	}
}

// logUntil prints events until ctx is cancelled.
func logUntil(ctx context.Context, events <-chan Event) {
	for {
		select {
		case ev := <-events:
			log.Println("changed:", ev.Name)
		case <-ctx.Done():
			return
		}
	}
}

type Reloader struct {
	src   *source
	apply func(Event) error
}

// Start runs the poller and the logger. ctx only bounds apply's work: it
// is never passed to the poller's channel or to its receiver, so
// cancelling it cannot leave the send blocked.
func (r *Reloader) Start(ctx context.Context) {
	events := make(chan Event)
	go logEvents(events)
	go func() {
		var since time.Time
		for {
			ev, err := r.src.Next(since)
			if err != nil || ev.Name == "" {
				time.Sleep(time.Second)
				continue
			}
			since = ev.At
			events <- ev
		}
	}()
	go func() {
		<-ctx.Done()
		log.Println("reloader: context done, config frozen")
	}()
}

// batch groups events and applies them every second, for as long as the
// program runs.
func batch(events <-chan Event, apply func(Event) error) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	var pending []Event
	for {
		select {
		case ev := <-events:
			pending = append(pending, ev)
		case <-tick.C:
			for _, ev := range pending {
				_ = apply(ev)
			}
			pending = pending[:0]
		}
	}
}

// Batch feeds the batcher from a poller. ctx is in sight of the poller
// but neither it nor the batcher hears of it.
func (r *Reloader) Batch(ctx context.Context) {
	events := make(chan Event)
	go batch(events, r.apply)
	go func() {
		var since time.Time
		for {
			ev, err := r.src.Next(since)
			if err != nil {
				return
			}
			since = ev.At
			events <- ev
		}
	}()
}

// Tail copies a log file's lines to w until the file ends. ctx is in
// sight of both goroutines; neither uses it, and the copier receives
// until the reader closes lines.
func (r *Reloader) Tail(ctx context.Context, f *os.File, w *os.File) {
	lines := make(chan string)
	go func() {
		rd := bufio.NewReader(f)
		for {
			line, err := rd.ReadString('\n')
			if err != nil {
				close(lines)
				return
			}
			lines <- line
		}
	}()
	go func() {
		for {
			line, ok := <-lines
			if !ok {
				return
			}
			w.WriteString(line)
		}
	}()
}

// Follow hands the context to the receiver, which stops on it: after
// cancellation the poller blocks on its send.
func (r *Reloader) Follow(ctx context.Context) {
	events := make(chan Event)
	go logUntil(ctx, events)
	go func() {
		var since time.Time
		for {
			ev, err := r.src.Next(since)
			if err != nil {
				return
			}
			since = ev.At
			events <- ev // want `send on events in a loop ignores ctx`
		}
	}()
}

// Watch receives in the function that owns ctx and leaves on it.
func (r *Reloader) Watch(ctx context.Context) error {
	events := make(chan Event)
	go func() {
		var since time.Time
		for {
			ev, err := r.src.Next(since)
			if err != nil {
				return
			}
			since = ev.At
			events <- ev // want `send on events in a loop ignores ctx`
		}
	}()
	for {
		select {
		case ev := <-events:
			if err := r.apply(ev); err != nil {
				return err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
