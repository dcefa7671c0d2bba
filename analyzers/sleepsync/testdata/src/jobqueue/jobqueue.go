// Package jobqueue runs a queue's jobs on background workers until told
// to stop; its tests stop them in several ways.
package jobqueue

import (
	"context"
	"sync/atomic"
)

type Job func() error

type Queue struct {
	jobs   chan Job
	quit   chan struct{}
	failed atomic.Int64
	ran    atomic.Int64
}

func New(size int) *Queue {
	return &Queue{jobs: make(chan Job, size), quit: make(chan struct{})}
}

func (q *Queue) Submit(j Job) { q.jobs <- j }

func (q *Queue) run(j Job) {
	if err := j(); err != nil {
		q.failed.Add(1)
	}
	q.ran.Add(1)
}

// Work runs jobs until ctx is cancelled.
func (q *Queue) Work(ctx context.Context) { // want Work:"waits"
	for {
		select {
		case <-ctx.Done():
			return
		case j := <-q.jobs:
			q.run(j)
		}
	}
}

// WorkUntil runs jobs until stop is closed.
func (q *Queue) WorkUntil(stop <-chan struct{}) { // want WorkUntil:"waits"
	for {
		select {
		case <-stop:
			return
		case j := <-q.jobs:
			q.run(j)
		}
	}
}

// Start runs a worker until Stop is called.
func (q *Queue) Start() { // want Start:"leaves goroutines running"
	go q.WorkUntil(q.quit)
}

func (q *Queue) Stop() { close(q.quit) }

func (q *Queue) Ran() int64 { return q.ran.Load() }

func (q *Queue) Failed() int64 { return q.failed.Load() }
