// Package loopvar declares lock-holding variables in for statements. From
// Go 1.22 each iteration has its own copy of them.
package loopvar

import "sync"

type Batch struct {
	mu    sync.Mutex
	items []string
}

// Fill declares the batch in the loop's init: each iteration copies it,
// so the goroutines lock different mutexes.
func Fill(n int) {
	for b, i := (Batch{}), 0; i < n; i++ { // want `loop variable b is copied into each iteration \(Go 1.22 semantics\), which copies b.mu \(sync.Mutex\): declare it before the loop`
		go func() {
			b.mu.Lock()
			b.items = append(b.items, "x")
			b.mu.Unlock()
		}()
	}
}

// FillShared declares the batch before the loop.
func FillShared(n int) *Batch {
	var b Batch
	for i := 0; i < n; i++ {
		b.mu.Lock()
		b.items = append(b.items, "x")
		b.mu.Unlock()
	}
	return &b
}

// FillPointer declares a pointer in the init: copies share the batch.
func FillPointer(n int) {
	for b, i := new(Batch), 0; i < n; i++ {
		b.mu.Lock()
		b.items = append(b.items, "x")
		b.mu.Unlock()
	}
}

// FillBlank declares nothing that holds a lock.
func FillBlank(n int) {
	for _, i := (Batch{}), 0; i < n; i++ {
	}
}
