// Package queue holds bounded blocking queues built on sync.Cond.
package queue

import (
	"errors"
	"sync"
)

// Bounded is a FIFO queue with a capacity; Push blocks when it is full
// and Pop when it is empty.
type Bounded struct {
	mu       sync.Mutex
	notEmpty *sync.Cond
	notFull  *sync.Cond
	items    []int
	cap      int
	closed   bool
}

func NewBounded(capacity int) *Bounded {
	q := &Bounded{cap: capacity}
	q.notEmpty = sync.NewCond(&q.mu)
	q.notFull = sync.NewCond(&q.mu)
	return q
}

// Push is correct: the condition is re-checked after every wakeup.
func (q *Bounded) Push(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == q.cap {
		q.notFull.Wait()
	}
	q.items = append(q.items, v)
	q.notEmpty.Signal()
}

// Pop is the classic bug: two consumers can both be woken for one item.
func (q *Bounded) Pop() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		q.notEmpty.Wait() // want `q.notEmpty.Wait is guarded by if, not a loop: when Wait returns, another goroutine may have made the condition false again; use for instead of if`
	}
	v := q.items[0]
	q.items = q.items[1:]
	q.notFull.Signal()
	return v
}

// PushNoWait checks once and then trusts a full queue to have room.
func (q *Bounded) PushNoWait(v int) {
	q.mu.Lock()
	if len(q.items) >= q.cap {
		q.notFull.Wait() // want `q.notFull.Wait is guarded by if`
	}
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.notEmpty.Signal()
}

var ErrClosed = errors.New("queue closed")

// PopOrClose loops with the exit test inside: still a loop.
func (q *Bounded) PopOrClose() (int, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		if len(q.items) > 0 {
			break
		}
		if q.closed {
			return 0, ErrClosed
		}
		q.notEmpty.Wait()
	}
	v := q.items[0]
	q.items = q.items[1:]
	q.notFull.Signal()
	return v, nil
}

// TryPopAfterWait waits for at most one wakeup and re-checks afterwards,
// so a stolen item is reported instead of indexing an empty slice.
func (q *Bounded) TryPopAfterWait() (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		q.notEmpty.Wait()
		if len(q.items) == 0 {
			return 0, false
		}
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v, true
}

// waitNotEmpty waits in a loop in a helper; its callers hold q.mu.
func (q *Bounded) waitNotEmpty() {
	for len(q.items) == 0 && !q.closed {
		q.notEmpty.Wait()
	}
}

func (q *Bounded) Drain() []int {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.waitNotEmpty()
	out := q.items
	q.items = nil
	q.notFull.Broadcast()
	return out
}

// Stack embeds its Cond and its Mutex.
type Stack struct {
	sync.Mutex
	sync.Cond
	items []string
}

func NewStack() *Stack {
	s := &Stack{}
	s.Cond.L = &s.Mutex
	return s
}

func (s *Stack) Pop() string {
	s.Lock()
	defer s.Unlock()
	for len(s.items) == 0 {
		s.Wait()
	}
	top := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return top
}

func (s *Stack) PopOnce() string {
	s.Lock()
	defer s.Unlock()
	if len(s.items) == 0 {
		s.Wait() // want `s.Wait is guarded by if`
	}
	top := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return top
}

// PopRetry loops with goto, which is still a loop.
func (s *Stack) PopRetry() string {
	s.Lock()
	defer s.Unlock()
retry:
	if len(s.items) == 0 {
		s.Wait()
		goto retry
	}
	top := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return top
}

// Ring is generic; its constructor binds the Cond through another
// instantiation of the same fields.
type Ring[T any] struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []T
}

func NewRing[T any]() *Ring[T] {
	r := &Ring[T]{}
	r.cond = sync.NewCond(&r.mu)
	return r
}

func (r *Ring[T]) Take() T {
	r.mu.Lock()
	defer r.mu.Unlock()
	for len(r.items) == 0 {
		r.cond.Wait()
	}
	v := r.items[0]
	r.items = r.items[1:]
	return v
}

func (r *Ring[T]) TakeOnce() T {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.items) == 0 {
		r.cond.Wait() // want `r.cond.Wait is guarded by if`
	}
	v := r.items[0]
	r.items = r.items[1:]
	return v
}

func (r *Ring[T]) TakeUnlocked() T {
	r.mu.Lock()
	r.mu.Unlock()
	for len(r.items) == 0 {
		r.cond.Wait() // want `r.cond.Wait called without holding r.mu`
	}
	return r.items[0]
}

// TakeAgain waits once and then starts over by calling itself.
func (r *Ring[T]) TakeAgain() T {
	r.mu.Lock()
	if len(r.items) == 0 {
		r.cond.Wait()
		r.mu.Unlock()
		return r.TakeAgain()
	}
	defer r.mu.Unlock()
	v := r.items[0]
	r.items = r.items[1:]
	return v
}
