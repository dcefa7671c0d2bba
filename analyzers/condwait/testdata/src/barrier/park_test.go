package barrier

import (
	"sync"
	"testing"
)

// TestParked waits for each worker to report itself parked: the count is
// re-checked after every Signal.
func TestParked(t *testing.T) {
	var mu sync.Mutex
	parked := sync.NewCond(&mu)
	n := 0
	const workers = 4
	release := make(chan struct{})
	for range workers {
		go func() {
			mu.Lock()
			n++
			mu.Unlock()
			parked.Signal()
			<-release
		}()
	}
	mu.Lock()
	for n < workers {
		parked.Wait()
	}
	mu.Unlock()
	close(release)
}

// TestHandshake waits for the one Signal the goroutine sends after the
// test has released the lock in Wait.
func TestHandshake(t *testing.T) {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	mu.Lock()
	go func() {
		mu.Lock()
		c.Signal()
		mu.Unlock()
	}()
	c.Wait()
	mu.Unlock()
}

// TestParkedOnce trusts the first Signal to mean all workers parked.
func TestParkedOnce(t *testing.T) {
	var mu sync.Mutex
	parked := sync.NewCond(&mu)
	n := 0
	const workers = 4
	for range workers {
		go func() {
			mu.Lock()
			n++
			mu.Unlock()
			parked.Signal()
		}()
	}
	mu.Lock()
	if n < workers {
		parked.Wait() // want `parked.Wait is guarded by if`
	}
	got := n
	mu.Unlock()
	if got != workers {
		t.Fatalf("parked %d workers, want %d", got, workers)
	}
}
