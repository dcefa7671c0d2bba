// Package workers holds worker goroutines with stop channels and job
// queues that get closed.
package workers

import (
	"context"
	"fmt"
	"sync"
	"time"
)

type Job struct {
	ID   int
	Name string
}

type Result struct {
	JobID int
	Err   error
}

func process(j Job) Result { return Result{JobID: j.ID} }

// StartPool's workers ignore the close of jobs and process zero Jobs
// forever once Submit's caller closes it.
func StartPool(ctx context.Context, n int, input []Job) <-chan Result {
	jobs := make(chan Job)
	results := make(chan Result, len(input))
	for i := 0; i < n; i++ {
		go func() {
			for {
				select {
				case j := <-jobs: // want `receive from jobs ignores whether it is closed, and jobs is closed at line 45`
					results <- process(j)
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		for _, j := range input {
			jobs <- j
		}
		close(jobs)
	}()
	return results
}

// Collect has a plain receive in an endless loop on a channel the
// producers' closer goroutine closes.
func Collect(inputs []Job) []Result {
	out := make(chan Result)
	var wg sync.WaitGroup
	for _, j := range inputs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out <- process(j)
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	var all []Result
	go func() {
		for {
			r := <-out // want `receive from out ignores whether it is closed`
			all = append(all, r)
		}
	}()
	return all
}

// Watch logs ticks until a done channel it ignores the close of.
func Watch(events []string) {
	done := make(chan struct{})
	lines := make(chan string)
	go func() {
		for {
			select {
			case <-done: // want `receive from done ignores whether it is closed`
				fmt.Println("done")
			case l := <-lines:
				fmt.Println(l)
			}
		}
	}()
	for _, e := range events {
		lines <- e
	}
	close(done)
}

// --- correct look-alikes ---

// StartPoolOK checks ok and returns when jobs is closed.
func StartPoolOK(ctx context.Context, n int, input []Job) <-chan Result {
	jobs := make(chan Job)
	results := make(chan Result, len(input))
	for i := 0; i < n; i++ {
		go func() {
			for {
				select {
				case j, ok := <-jobs:
					if !ok {
						return
					}
					results <- process(j)
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, j := range input {
			jobs <- j
		}
	}()
	return results
}

// Merge disables a closed input by setting it to nil.
func Merge(a, b []int) []int {
	ca, cb := make(chan int), make(chan int)
	go func() {
		defer close(ca)
		for _, v := range a {
			ca <- v
		}
	}()
	go func() {
		defer close(cb)
		for _, v := range b {
			cb <- v
		}
	}()
	var out []int
	for ca != nil || cb != nil {
		select {
		case v, ok := <-ca:
			if !ok {
				ca = nil
				continue
			}
			out = append(out, v)
		case v, ok := <-cb:
			if !ok {
				cb = nil
				continue
			}
			out = append(out, v)
		}
	}
	return out
}

// Serve's worker returns when stop, a signal channel, is closed.
func Serve(reqs []Job) {
	stop := make(chan struct{})
	queue := make(chan Job)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			case j := <-queue:
				process(j)
			}
		}
	}()
	for _, r := range reqs {
		queue <- r
	}
	close(stop)
	wg.Wait()
}

// Daemon's input is never closed: the worker runs for the process's
// lifetime.
func Daemon(ctx context.Context) chan<- Job {
	in := make(chan Job, 16)
	go func() {
		for {
			select {
			case j := <-in:
				process(j)
			case <-ctx.Done():
				return
			}
		}
	}()
	return in
}

// Consume ranges over the channel, which ends at the close.
func Consume(input []Job) int {
	jobs := make(chan Job)
	go func() {
		defer close(jobs)
		for _, j := range input {
			jobs <- j
		}
	}()
	n := 0
	for j := range jobs {
		n += j.ID
	}
	return n
}

// Sentinel stops on the zero value, which a closed channel yields.
func Sentinel(input []Job) {
	jobs := make(chan Job)
	go func() {
		for _, j := range input {
			jobs <- j
		}
		close(jobs)
	}()
	for {
		j := <-jobs
		if j.ID == 0 {
			return
		}
		process(j)
	}
}

// Heartbeat closes its own channel after the loop ends.
func Heartbeat(ctx context.Context) {
	beats := make(chan time.Time, 1)
	defer close(beats)
	t := time.NewTicker(time.Second)
	defer t.Stop()
	go func() {
		for {
			select {
			case now := <-t.C:
				select {
				case beats <- now:
				default:
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	for {
		select {
		case <-beats:
		case <-ctx.Done():
			return
		}
	}
}

// Worker is the stop-channel worker done right: no default, the select
// blocks.
type Worker struct {
	jobs chan Job
	stop chan struct{}
	wg   sync.WaitGroup
}

func (w *Worker) Start() {
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		for {
			select {
			case j := <-w.jobs:
				process(j)
			case <-w.stop:
				return
			}
		}
	}()
}

func (w *Worker) Stop() {
	close(w.stop)
	w.wg.Wait()
}
