// Package broker fans messages out to subscribers and keeps delivery
// statistics that its delivery loop reads under the broker lock.
package broker

import (
	"context"
	"sync"
)

type Message struct {
	Topic string
	Body  []byte
}

type Broker struct {
	mu        sync.RWMutex
	topics    map[string]int
	delivered map[string]int
	inbox     chan Message
	quit      chan struct{}
}

func New() *Broker {
	b := &Broker{topics: make(map[string]int), delivered: make(map[string]int), inbox: make(chan Message, 16), quit: make(chan struct{})}
	go b.deliver()
	return b
}

// deliver reads the topic table under the read lock and records each
// delivery under the write lock.
func (b *Broker) deliver() {
	for {
		select {
		case m := <-b.inbox:
			b.mu.RLock()
			n := b.topics[m.Topic]
			b.mu.RUnlock()
			if n > 0 {
				b.record(m.Topic)
			}
		case <-b.quit:
			return
		}
	}
}

func (b *Broker) record(topic string) {
	b.mu.Lock()
	b.delivered[topic]++
	b.mu.Unlock()
}

// Publish holds the read lock while it sends: deliver's RLock would not
// block on it, but its Lock in record does.
func (b *Broker) Publish(m Message) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.topics[m.Topic] == 0 {
		return
	}
	b.inbox <- m // want `send on b.inbox while holding a read lock on b.mu: the receiver \(deliver, line 39\) locks b.mu before receiving again, so once its buffer of 16 is full both block forever; release b.mu before sending`
}

// Offer only tries under the read lock, like the seed's fan-out.
func (b *Broker) Offer(m Message) bool {
	b.mu.RLock()
	defer b.mu.RUnlock()
	select {
	case b.inbox <- m:
		return true
	default:
		return false
	}
}

// PublishCtx can always give up.
func (b *Broker) PublishCtx(ctx context.Context, m Message) error {
	b.mu.RLock()
	defer b.mu.RUnlock()
	select {
	case b.inbox <- m:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-b.quit:
		return context.Canceled
	}
}

// Forward sends to another broker's inbox while holding its own lock:
// that broker's deliver locks its own mutex, not b.mu.
func (b *Broker) Forward(other *Broker, m Message) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.delivered[m.Topic]++
	other.inbox <- m
}

// A Feed pushes counts to a listener that only read-locks.
type Feed struct {
	mu     sync.RWMutex
	counts map[string]int
	ticks  chan string
}

func (f *Feed) Tick(name string) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	if _, ok := f.counts[name]; ok {
		f.ticks <- name // readers do not block readers
	}
}

func (f *Feed) listen(out func(string, int)) {
	for name := range f.ticks {
		f.mu.RLock()
		n := f.counts[name]
		f.mu.RUnlock()
		out(name, n)
	}
}

// Bump holds the write lock, which the listener's RLock does wait for.
func (f *Feed) Bump(name string) {
	f.mu.Lock()
	f.counts[name]++
	f.ticks <- name // want `send on f.ticks while holding f.mu: the receiver \(listen, line 116\)`
	f.mu.Unlock()
}

// SendAll offers a message on two channels at once; both receivers
// need the lock, so the select can never proceed while it is held.
func (b *Broker) SendAll(m Message, f *Feed) {
	f.mu.Lock()
	defer f.mu.Unlock()
	select {
	case f.ticks <- m.Topic: // want `send on f.ticks while holding f.mu`
	case f.ticks <- string(m.Body):
	}
}
