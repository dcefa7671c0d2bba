// The fix of seed 003 L238: cancel, then wait for the workers to return.
package main

import (
	"context"
	"fmt"
	"sync"
	"time"
)

func worker(ctx context.Context, id int, jobs <-chan int, wg *sync.WaitGroup) {
	defer wg.Done()
	for {
		select {
		case job, ok := <-jobs:
			if !ok {
				return
			}
			fmt.Printf("worker %d: job %d\n", id, job)
		case <-ctx.Done():
			fmt.Printf("worker %d cancelled\n", id)
			return
		}
	}
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()

	jobs := make(chan int, 10)
	var wg sync.WaitGroup
	for i := 1; i <= 3; i++ {
		wg.Add(1)
		go worker(ctx, i, jobs, &wg)
	}
	for j := 1; j <= 10; j++ {
		jobs <- j
	}
	close(jobs)

	<-ctx.Done()
	wg.Wait()
	fmt.Println("all workers stopped")
}
