// Package clean holds correct concurrent code: golint-conc reports nothing.
package clean

import (
	"context"
	"sync"
)

type Result struct {
	ID  int
	Err error
}

// Pool runs jobs on n workers and collects every result.
func Pool(ctx context.Context, ids []int, n int) []Result {
	jobs := make(chan int)
	results := make(chan Result, len(ids))
	var wg sync.WaitGroup
	for w := 0; w < n; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range jobs {
				results <- Result{ID: id, Err: ctx.Err()}
			}
		}()
	}
	for _, id := range ids {
		jobs <- id
	}
	close(jobs)
	go func() {
		wg.Wait()
		close(results)
	}()
	var out []Result
	for r := range results {
		out = append(out, r)
	}
	return out
}

// Counter is safe for concurrent use.
type Counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *Counter) Inc(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[key]++
}
