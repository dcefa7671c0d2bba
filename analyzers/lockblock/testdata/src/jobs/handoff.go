package jobs

import (
	"sync"
	"testing"
	"time"
)

// TestContention holds mu and lets a timer goroutine release it, so the
// workers pile up on Lock; the Wait is not under mu by then.
func TestContention(t *testing.T) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	mu.Lock()
	go func() {
		time.Sleep(10 * time.Millisecond)
		mu.Unlock()
	}()
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			mu.Unlock()
		}()
	}
	wg.Wait()
}

// TestWakeups buffers one slot per waiter: the sends under the lock
// never block.
func TestWakeups(t *testing.T) {
	var m sync.Mutex
	c := sync.NewCond(&m)
	n := 4
	awake := make(chan int, n)
	for i := 0; i < n; i++ {
		go func(i int) {
			m.Lock()
			c.Wait()
			awake <- i
			m.Unlock()
		}(i)
	}
	for n > 0 {
		m.Lock()
		c.Signal()
		m.Unlock()
		<-awake
		n--
	}
}

// TestHandshake makes a new channel and mutex each round: the waiter
// sends once under the lock and the test receives before it locks.
func TestHandshake(t *testing.T) {
	for round := 0; round < 100; round++ {
		var m sync.Mutex
		cond := sync.NewCond(&m)
		ready := make(chan struct{})
		go func() {
			m.Lock()
			ready <- struct{}{}
			cond.Wait()
			m.Unlock()
		}()
		<-ready
		m.Lock()
		cond.Signal()
		m.Unlock()
	}
}

// A Ticker owns a helper goroutine that releases the lock for it.
type Ticker struct {
	mu    sync.Mutex
	wg    sync.WaitGroup
	ticks int
}

func (tk *Ticker) release() { tk.mu.Unlock() }

func (tk *Ticker) Run(n int) {
	tk.mu.Lock()
	go tk.release()
	for i := 0; i < n; i++ {
		tk.wg.Add(1)
		go func() {
			defer tk.wg.Done()
			tk.mu.Lock()
			tk.ticks++
			tk.mu.Unlock()
		}()
	}
	tk.wg.Wait()
}
