// Package pool is a generic worker pool: goroutines, channels and
// WaitGroups whose element types are type parameters, instantiated by
// package use.
package pool

import (
	"context"
	"sync"
)

// A Pool runs a function over a stream of inputs on a fixed number of
// workers.
type Pool[In, Out any] struct {
	Workers int
	Fn      func(context.Context, In) (Out, error)
}

// A Result is one output, or the error producing it.
type Result[Out any] struct {
	Value Out
	Err   error
}

// Run starts the workers and returns the results channel, which is closed
// once every input has been processed.
func (p *Pool[In, Out]) Run(ctx context.Context, in <-chan In) <-chan Result[Out] {
	out := make(chan Result[Out])
	var wg sync.WaitGroup
	for range p.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for v := range in {
				r, err := p.Fn(ctx, v)
				select {
				case out <- Result[Out]{r, err}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// Feed sends items on a new channel and closes it when done.
func Feed[T any](ctx context.Context, items []T) <-chan T {
	ch := make(chan T)
	go func() {
		defer close(ch)
		for _, it := range items {
			select {
			case ch <- it:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}

// Merge forwards every value of cs to one channel. Each forwarder closes
// the output: the second close panics.
func Merge[T any](cs ...<-chan T) <-chan T {
	out := make(chan T)
	for _, c := range cs {
		go func() {
			for v := range c {
				out <- v
			}
			close(out)
		}()
	}
	return out
}

// Cache is a map guarded by a mutex, copied by value in Snapshot.
type Cache[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]V
}

// Put stores v under k.
func (c *Cache[K, V]) Put(k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[K]V)
	}
	c.m[k] = v
}

// Snapshot returns a copy of the cache, lock included.
func (c *Cache[K, V]) Snapshot() Cache[K, V] {
	return *c
}

// Gather collects the first value of each channel; with no receiver left
// after an error, the remaining senders block.
func Gather[T any](fns []func() (T, error)) ([]T, error) {
	ch := make(chan T)
	errc := make(chan error)
	for _, fn := range fns {
		go func() {
			v, err := fn()
			if err != nil {
				errc <- err
				return
			}
			ch <- v
		}()
	}
	var out []T
	for range fns {
		select {
		case v := <-ch:
			out = append(out, v)
		case err := <-errc:
			return nil, err
		}
	}
	return out, nil
}
