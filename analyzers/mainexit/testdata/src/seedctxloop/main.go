// Seed 001 L1143-1163 (pitfalls row 26): the goroutine watches the
// context, main waits for the same cancellation and returns before the
// goroutine has seen it.
package main

import (
	"context"
	"fmt"
	"time"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second*2)
	defer cancel()

	go func() { // want `main returns at line 32 without waiting for this goroutine \(receiving from ctx.Done\(\)`
		for {
			select {
			case <-ctx.Done():
				fmt.Println("Goroutine cancelled!")
				return
			default:
				fmt.Println("Working...")
				time.Sleep(time.Millisecond * 500)
			}
		}
	}()

	// Wait for context to be cancelled
	<-ctx.Done()
	fmt.Println("Main function: Context cancelled!")
}
