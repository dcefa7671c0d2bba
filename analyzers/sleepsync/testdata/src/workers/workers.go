// Package workers provides helpers that start goroutines for callers in
// other packages.
package workers

import "sync"

type Result struct {
	ID    int
	Value int
}

// StartWorkers starts n workers squaring jobs and returns their output.
func StartWorkers(n int, jobs <-chan int) <-chan Result { // want StartWorkers:"leaves goroutines running"
	out := make(chan Result)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				out <- Result{ID: j, Value: j * j}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// Counter counts events in the background.
type Counter struct {
	mu     sync.Mutex
	n      int
	events chan int
	done   chan struct{}
}

func NewCounter() *Counter {
	return &Counter{events: make(chan int), done: make(chan struct{})}
}

func (c *Counter) Run() { // want Run:"leaves goroutines running"
	go func() {
		defer close(c.done)
		for e := range c.events {
			c.mu.Lock()
			c.n += e
			c.mu.Unlock()
		}
	}()
}

func (c *Counter) Add(n int) { c.events <- n }

func (c *Counter) Total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// Flush stops accepting events and waits until all are counted.
func (c *Counter) Flush() { // want Flush:"waits"
	close(c.events)
	<-c.done
}

// RunAll runs the tasks concurrently and waits for them all.
func RunAll(tasks ...func()) { // want RunAll:"waits"
	var wg sync.WaitGroup
	for _, t := range tasks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t()
		}()
	}
	wg.Wait()
}
