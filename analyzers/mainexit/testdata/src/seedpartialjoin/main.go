// Seed 000 L514-545 (pitfalls row 27, G3): the readers are counted on
// the WaitGroup, the writer is not, so Wait can return while it writes.
package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	var rwMu sync.RWMutex
	data := make(map[string]string)

	// Writer goroutine
	go func() { // want `main returns at line 42 without waiting for this goroutine`
		for i := 0; i < 5; i++ {
			rwMu.Lock()
			data[fmt.Sprintf("key%d", i)] = fmt.Sprintf("value%d", i)
			fmt.Println("Written:", i)
			rwMu.Unlock()
			time.Sleep(100 * time.Millisecond)
		}
	}()

	// Reader goroutines
	var wg sync.WaitGroup
	for j := 0; j < 3; j++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				rwMu.RLock()
				fmt.Printf("Reader %d: data has %d entries\n", id, len(data))
				rwMu.RUnlock()
				time.Sleep(50 * time.Millisecond)
			}
		}(j)
	}

	wg.Wait()
}
