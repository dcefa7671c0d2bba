// Seed 003 L266-281 (pitfalls row 29): the "Fixed with Mutex" version
// still never waits, so the count it prints is whatever has run so far.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var (
		counter int
		mu      sync.Mutex
	)

	for i := 0; i < 1000; i++ {
		go func() { // want `main returns at line 27 without waiting for this goroutine`
			mu.Lock()
			counter++
			mu.Unlock()
		}()
	}

	mu.Lock()
	fmt.Println("counter:", counter)
	mu.Unlock()
}
