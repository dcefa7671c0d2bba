// Package pubsub is an in-memory broker whose subscribers block on a
// sync.Cond for new messages.
package pubsub

import (
	"context"
	"sync"
)

type Message struct {
	Topic string
	Body  []byte
}

type Subscriber struct {
	mu     sync.Mutex
	cond   *sync.Cond
	queue  []Message
	closed bool
}

func newSubscriber() *Subscriber {
	s := &Subscriber{}
	s.cond = sync.NewCond(&s.mu)
	return s
}

type Broker struct {
	mu   sync.RWMutex
	subs map[string][]*Subscriber
}

func (b *Broker) Publish(m Message) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for _, s := range b.subs[m.Topic] {
		s.mu.Lock()
		s.queue = append(s.queue, m)
		s.mu.Unlock()
		s.cond.Signal()
	}
}

func (b *Broker) Subscribe(topic string) *Subscriber {
	s := newSubscriber()
	b.mu.Lock()
	b.subs[topic] = append(b.subs[topic], s)
	b.mu.Unlock()
	return s
}

// Next blocks until a message arrives or the subscriber is closed.
func (s *Subscriber) Next() (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.queue) == 0 && !s.closed {
		s.cond.Wait()
	}
	if len(s.queue) == 0 {
		return Message{}, false
	}
	m := s.queue[0]
	s.queue = s.queue[1:]
	return m, true
}

// NextOnce waits once and then assumes a message is there; Close
// broadcasts too, so it can wake to an empty queue.
func (s *Subscriber) NextOnce() Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.queue) == 0 && !s.closed {
		s.cond.Wait() // want `s.cond.Wait is guarded by if`
	}
	m := s.queue[0]
	s.queue = s.queue[1:]
	return m
}

// hasMessages is the condition, behind a method.
func (s *Subscriber) hasMessages() bool { return len(s.queue) > 0 }

func (s *Subscriber) NextVia() Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.hasMessages() {
		s.cond.Wait() // want `s.cond.Wait is guarded by if`
	}
	m := s.queue[0]
	s.queue = s.queue[1:]
	return m
}

func (s *Subscriber) Close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.cond.Broadcast()
}

// NextContext gives up when ctx is done: context.AfterFunc wakes the
// waiters, and the loop re-checks both conditions.
func (s *Subscriber) NextContext(ctx context.Context) (Message, error) {
	stop := context.AfterFunc(ctx, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.cond.Broadcast()
	})
	defer stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.queue) == 0 {
		if err := ctx.Err(); err != nil {
			return Message{}, err
		}
		s.cond.Wait()
	}
	m := s.queue[0]
	s.queue = s.queue[1:]
	return m, nil
}

// Follow streams every message to fn from its own goroutine.
func (s *Subscriber) Follow(fn func(Message)) {
	go func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		for !s.closed {
			if len(s.queue) == 0 {
				s.cond.Wait()
				continue
			}
			m := s.queue[0]
			s.queue = s.queue[1:]
			s.mu.Unlock()
			fn(m)
			s.mu.Lock()
		}
	}()
}

// FollowOnce handles the first message from a goroutine that waits once.
func (s *Subscriber) FollowOnce(fn func(Message)) {
	go func() {
		s.mu.Lock()
		if len(s.queue) == 0 {
			s.cond.Wait() // want `s.cond.Wait is guarded by if`
		}
		m := s.queue[0]
		s.mu.Unlock()
		fn(m)
	}()
}

// WaitClosed guards the Wait with a nil check of the Cond, which is not
// the condition waited for; one Signal is all it needs.
func (s *Subscriber) WaitSignal() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cond != nil {
		s.cond.Wait()
	}
}

// WaitUntil is a reusable helper: the condition comes in as a function.
func WaitUntil(c *sync.Cond, ready func() bool) {
	c.L.Lock()
	defer c.L.Unlock()
	for !ready() {
		c.Wait()
	}
}

// WaitUntilOnce checks the condition it was given only once.
func WaitUntilOnce(c *sync.Cond, ready func() bool) {
	c.L.Lock()
	defer c.L.Unlock()
	if !ready() {
		c.Wait() // want `c.Wait is guarded by if`
	}
}
