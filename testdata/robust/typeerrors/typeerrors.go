// Package typeerrors holds concurrent code that does not type-check, the
// state code is in while someone edits it: only analyzers that run
// despite errors may look at it, and none may crash on it.
package typeerrors

import (
	"context"
	"sync"
	"time"
)

// Worker sends on a receive-only channel and closes it.
func Worker(jobs <-chan int, results <-chan int) {
	for j := range jobs {
		results <- j * 2
	}
	close(results)
}

// Collect sends a string on a channel of int and waits on an undefined
// WaitGroup.
func Collect(n int) []int {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go func() { ch <- strconv.Itoa(i) }()
	}
	wg.Wait()
	var out []int
	for v := range ch {
		out = append(out, v)
	}
	return out
}

// Guard calls methods that sync.Mutex does not have, and copies a lock.
func Guard(mu sync.Mutex) {
	mu.Acquire()
	defer mu.Release()
	var once sync.Once
	once.Do(func() int { return 1 })
}

// Wait selects on a value that is not a channel and forgets a return.
func Wait(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	select {
	case <-timer:
		return nil
	case <-ctx.Done:
		return ctx.Err()
	}
	unused := 3
}

// Spawn starts a goroutine on a value that is not a function.
func Spawn(n int) {
	go n()
	defer n()
	var f func(int)
	go f("three")
}

// Gen has a type parameter used wrongly with a channel.
func Gen[T any](v T) <-chan T {
	ch := make(chan T, 1)
	ch <- &v
	return ch
}

// Loop refers to itself.
type Loop struct {
	next Loop
	mu   sync.Mutex
}
