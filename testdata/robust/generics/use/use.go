// Package use instantiates package pool's generic types and functions
// with concrete types, from another package.
package use

import (
	"context"
	"strconv"
	"sync"

	"example.com/robust/generics/pool"
)

// Parse converts numbers on four workers.
func Parse(ctx context.Context, lines []string) ([]int, error) {
	p := &pool.Pool[string, int]{Workers: 4, Fn: func(_ context.Context, s string) (int, error) {
		return strconv.Atoi(s)
	}}
	var out []int
	for r := range p.Run(ctx, pool.Feed(ctx, lines)) {
		if r.Err != nil {
			return nil, r.Err
		}
		out = append(out, r.Value)
	}
	return out, nil
}

// Sum adds the numbers of several channels.
func Sum(cs ...<-chan int) int {
	total := 0
	for v := range pool.Merge(cs...) {
		total += v
	}
	return total
}

// Counter is a generic counter whose method starts goroutines.
type Counter[K comparable] struct {
	mu sync.Mutex
	n  map[K]int
}

// AddAll counts keys concurrently, each goroutine under the lock.
func (c *Counter[K]) AddAll(keys []K) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.mu.Lock()
			defer c.mu.Unlock()
			if c.n == nil {
				c.n = make(map[K]int)
			}
			c.n[k]++
		}()
	}
	wg.Wait()
}

// AddRacy counts keys concurrently without the lock.
func (c *Counter[K]) AddRacy(keys []K) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.n[k]++
		}()
	}
	wg.Wait()
}

// Names caches strings.
var Names pool.Cache[string, string]

// Copy takes a snapshot of Names.
func Copy() pool.Cache[string, string] { return Names.Snapshot() }

// Fetch gathers values from functions of a type parameter's instance.
func Fetch(fns []func() (string, error)) ([]string, error) {
	return pool.Gather(fns)
}
