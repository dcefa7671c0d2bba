// Package server holds the lock, WaitGroup and lifetime mistakes the
// end-to-end test expects golint-conc to catch. Lines marked "e2e: NAME"
// must be reported by analyzer NAME.
package server

import (
	"errors"
	"net/http"
	"sync"
	"time"
)

type Registry struct {
	mu    sync.Mutex
	ready *sync.Cond
	names map[string]int
}

func NewRegistry() *Registry {
	r := &Registry{names: map[string]int{}}
	r.ready = sync.NewCond(&r.mu)
	return r
}

// Add forgets to unlock when the name is taken.
func (r *Registry) Add(name string) error {
	r.mu.Lock()
	if _, ok := r.names[name]; ok {
		return errors.New("taken") // e2e: lockleak
	}
	r.names[name] = len(r.names)
	r.mu.Unlock()
	r.ready.Broadcast()
	return nil
}

// Await waits for a name, checking only once after each wake-up.
func (r *Registry) Await(name string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.names[name]; !ok {
		r.ready.Wait() // e2e: condwait
	}
	return r.names[name]
}

// CountAll counts names in parallel, racing on total.
func CountAll(batches [][]string) int {
	var wg sync.WaitGroup
	total := 0
	for _, b := range batches {
		wg.Add(1)
		go func() {
			defer wg.Done()
			total += len(b) // e2e: sharedwrite
		}()
	}
	wg.Wait()
	return total
}

// Validate returns early from a goroutine without Done.
func Validate(items []string) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			if it == "" {
				return // e2e: wgdone
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// Poll spins while waiting for a result.
func Poll(results <-chan int) int {
	for {
		select {
		case v := <-results:
			return v
		default: // e2e: busyloop
		}
	}
}

// Heartbeat starts a goroutine that ticks forever, even after Heartbeat
// returns.
func Heartbeat(beat func()) {
	t := time.NewTicker(time.Second)
	go func() { // e2e: tickerleak
		for range t.C {
			beat()
		}
	}()
}

// Stream writes after the handler may have returned.
func Stream(w http.ResponseWriter, r *http.Request) {
	done := make(chan struct{}, 1)
	go func() { // e2e: handlergo
		w.Write([]byte("slow answer"))
		done <- struct{}{}
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
	}
}
