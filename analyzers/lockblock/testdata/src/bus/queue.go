package bus

import "sync"

// A Queue buffers audit records for a writer goroutine that updates the
// queue's counters under the same lock.
type Queue struct {
	mu      sync.Mutex
	written int
	records chan string
	done    chan struct{}
}

func NewQueue() *Queue {
	q := &Queue{records: make(chan string, 64), done: make(chan struct{})}
	go q.writer()
	return q
}

func (q *Queue) Add(rec string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.records <- rec // want `send on q.records while holding q.mu: the receiver \(writer, line 42\) locks q.mu before receiving again, so once its buffer of 64 is full both block forever`
}

// AddIfRoom cannot block: every sender holds q.mu and checks the room
// first, and the writer only ever empties the buffer.
func (q *Queue) AddIfRoom(rec string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.records) == cap(q.records) {
		return false
	}
	q.records <- rec
	return true
}

func (q *Queue) writer() {
	for {
		select {
		case rec := <-q.records:
			q.flush(rec)
		case <-q.done:
			return
		}
	}
}

func (q *Queue) flush(rec string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	_ = rec
	q.written++
}
