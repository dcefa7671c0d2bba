package handlers

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

type Event struct {
	ID   int
	Data string
}

type Broker struct {
	mu   sync.Mutex
	subs map[chan Event]bool
}

func (b *Broker) subscribe() chan Event {
	ch := make(chan Event, 16)
	b.mu.Lock()
	b.subs[ch] = true
	b.mu.Unlock()
	return ch
}

func (b *Broker) unsubscribe(ch chan Event) {
	b.mu.Lock()
	delete(b.subs, ch)
	b.mu.Unlock()
}

// Events pumps events to the client from a goroutine and returns when the
// client goes away, while the pump may still be writing.
func (b *Broker) Events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	events := b.subscribe()
	defer b.unsubscribe(events)
	go func() { // want `goroutine uses the ResponseWriter w, but the handler does not wait`
		for ev := range events {
			fmt.Fprintf(w, "id: %d\ndata: %s\n\n", ev.ID, ev.Data)
			flusher.Flush()
		}
	}()
	<-r.Context().Done()
}

// Flush flushes from a ticker goroutine through the Flusher alone.
func (b *Broker) Flush(w http.ResponseWriter, r *http.Request) {
	flusher := w.(http.Flusher)
	go func() { // want `goroutine uses flusher \(made from the ResponseWriter\)`
		for range time.Tick(time.Second) {
			flusher.Flush()
		}
	}()
	<-r.Context().Done()
}

// FlushLater flushes through the http.Flusher interface in a goroutine
// of its own.
func (b *Broker) FlushLater(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, "data: hello\n\n")
	go w.(http.Flusher).Flush() // want `goroutine uses the ResponseWriter w`
}

// DrainLater closes the body from another goroutine.
func (b *Broker) DrainLater(w http.ResponseWriter, r *http.Request) {
	go r.Body.Close() // want `goroutine reads the request body through r.Body`
	w.WriteHeader(http.StatusNoContent)
}

// EventsLoop streams in the handler itself and uses a goroutine only to
// watch for the end of the request.
func (b *Broker) EventsLoop(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	events := b.subscribe()
	go func() {
		<-r.Context().Done()
		b.unsubscribe(events)
		close(events)
	}()
	for ev := range events {
		fmt.Fprintf(w, "id: %d\ndata: %s\n\n", ev.ID, ev.Data)
		flusher.Flush()
	}
}

// EventsJoined writes from a goroutine but stops it and waits before
// returning.
func (b *Broker) EventsJoined(w http.ResponseWriter, r *http.Request) {
	events := b.subscribe()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for ev := range events {
			fmt.Fprintf(w, "data: %s\n\n", ev.Data)
			w.(http.Flusher).Flush()
		}
	}()
	<-r.Context().Done()
	b.unsubscribe(events)
	close(events)
	wg.Wait()
}

// Heartbeat writes from a goroutine and waits for it through a deferred
// receive.
func (b *Broker) Heartbeat(w http.ResponseWriter, r *http.Request) {
	stop := make(chan struct{})
	done := make(chan struct{})
	defer func() {
		close(stop)
		<-done
	}()
	go func() {
		defer close(done)
		t := time.NewTicker(15 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				fmt.Fprint(w, ": ping\n\n")
				w.(http.Flusher).Flush()
			}
		}
	}()
	events := b.subscribe()
	defer b.unsubscribe(events)
	for {
		select {
		case <-r.Context().Done():
			return
		case ev := <-events:
			fmt.Fprintf(w, "data: %s\n\n", ev.Data)
		}
	}
}

// Tail produces lines in a goroutine and writes them in the handler.
func (b *Broker) Tail(w http.ResponseWriter, r *http.Request) {
	lines := make(chan string)
	go func() {
		defer close(lines)
		for i := 0; i < 10; i++ {
			select {
			case lines <- fmt.Sprintf("line %d", i):
			case <-r.Context().Done():
				return
			}
		}
	}()
	for l := range lines {
		fmt.Fprintln(w, l)
	}
}

// Hijack takes the connection over; the goroutine owns it afterwards.
func (b *Broker) Hijack(w http.ResponseWriter, r *http.Request) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "hijacking unsupported", http.StatusInternalServerError)
		return
	}
	conn, bufrw, err := hj.Hijack()
	if err != nil {
		return
	}
	go func() {
		defer conn.Close()
		bufrw.WriteString("HTTP/1.1 101 Switching Protocols\r\n\r\n")
		bufrw.Flush()
	}()
}
