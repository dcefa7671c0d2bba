// Package jobs is a small worker library whose functions are started as
// goroutines by package service.
package jobs

import "sync"

type Job func() error

// Worker counts itself, so callers that start it with go race with Wait.
func Worker(wg *sync.WaitGroup, queue <-chan Job) { // want Worker:"adds\\(param0\\)"
	wg.Add(1)
	defer wg.Done()
	for j := range queue {
		_ = j()
	}
}

// Runner keeps its WaitGroup in an exported field.
type Runner struct {
	WG    sync.WaitGroup
	Queue chan Job
}

// Loop counts itself on the runner's WaitGroup.
func (r *Runner) Loop() { // want Loop:"adds\\(recv.WG\\)"
	r.WG.Add(1)
	defer r.WG.Done()
	for j := range r.Queue {
		_ = j()
	}
}

// Serve does not count itself: its caller must Add first.
func (r *Runner) Serve() {
	defer r.WG.Done()
	for j := range r.Queue {
		_ = j()
	}
}

// Submit starts a goroutine that Dones the runner's WaitGroup; callers
// Add before calling it.
func (r *Runner) Submit(j Job) {
	go func() {
		defer r.WG.Done()
		_ = j()
	}()
}

// Pending is a package-level WaitGroup, counted from inside Flush.
var Pending sync.WaitGroup

func Flush(queue <-chan Job) { // want Flush:"adds\\(Pending\\)"
	Pending.Add(1)
	defer Pending.Done()
	for j := range queue {
		_ = j()
	}
}
