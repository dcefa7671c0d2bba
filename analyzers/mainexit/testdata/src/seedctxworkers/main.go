// Seed 003 L238-240 (pitfalls row 26): main returns on <-ctx.Done()
// without waiting for the workers to notice the cancellation.
package main

import (
	"context"
	"fmt"
	"time"
)

func worker(ctx context.Context, id int, jobs <-chan int) {
	for {
		select {
		case job, ok := <-jobs:
			if !ok {
				return
			}
			fmt.Printf("Worker %d processing job %d\n", id, job)
			time.Sleep(500 * time.Millisecond)
		case <-ctx.Done():
			fmt.Printf("Worker %d cancelled\n", id)
			return
		}
	}
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()

	jobs := make(chan int, 10)
	for i := 1; i <= 3; i++ {
		go worker(ctx, i, jobs) // want `main returns at line 42 without waiting for this goroutine \(receiving from ctx.Done\(\) tells it to stop but does not wait until it has\)`
	}
	for j := 1; j <= 10; j++ {
		jobs <- j
	}

	// Wait for context cancellation
	<-ctx.Done()
	fmt.Println("All workers cancelled")
}
