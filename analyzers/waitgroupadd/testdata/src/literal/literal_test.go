package literal

import (
	"sync"
	"sync/atomic"
	"testing"
)

func TestProcessConcurrently(t *testing.T) {
	jobs := []Job{{ID: 1, Payload: []byte("a")}, {ID: 2, Payload: []byte("b")}}
	var wg sync.WaitGroup
	var done atomic.Int32
	for _, j := range jobs {
		go func() {
			wg.Add(1) // want `call wg.Add before the go statement`
			defer wg.Done()
			process(j)
			done.Add(1)
		}()
	}
	wg.Wait()
	if got := done.Load(); got != int32(len(jobs)) {
		t.Errorf("processed %d jobs, want %d", got, len(jobs))
	}
}

func TestProcessCounted(t *testing.T) {
	jobs := []Job{{ID: 1}, {ID: 2}}
	var wg sync.WaitGroup
	var done atomic.Int32
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			process(j)
			done.Add(1)
		}()
	}
	wg.Wait()
	if got := done.Load(); got != int32(len(jobs)) {
		t.Errorf("processed %d jobs, want %d", got, len(jobs))
	}
}
