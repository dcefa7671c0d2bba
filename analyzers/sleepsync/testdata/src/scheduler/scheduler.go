// Package scheduler runs jobs, skipping a run while the previous one is
// still going; its tests wait for jobs in several ways.
package scheduler

import (
	"sync"
	"sync/atomic"
	"time"
)

type countJob struct {
	started, done atomic.Int32
	delay         time.Duration
}

func (j *countJob) Run() {
	j.started.Add(1)
	time.Sleep(j.delay)
	j.done.Add(1)
}

// SkipIfRunning wraps run so that overlapping calls are dropped.
func SkipIfRunning(run func()) func() {
	var mu sync.Mutex
	return func() {
		if !mu.TryLock() {
			return
		}
		defer mu.Unlock()
		run()
	}
}

// Ticker calls f every period until the returned stop function is called,
// and stop waits until the loop has exited.
func Ticker(period time.Duration, f func()) (stop func()) { // want Ticker:"leaves goroutines running"
	quit := make(chan struct{})
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				f()
			}
		}
	}()
	time.Sleep(time.Millisecond) // returns a joining closure: silent
	return func() {
		close(quit)
		<-exited
	}
}

// Every runs f every period; the configured sleep is the schedule.
func Every(period time.Duration, f func()) { // want Every:"leaves goroutines running"
	go f()
	time.Sleep(period)
	go f()
}
