// Package pools holds worker pools whose consumer closes the results or
// jobs channel, and the correct pools they resemble.
package pools

import (
	"errors"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

type Job struct {
	ID   int
	Data []byte
}

type Result struct {
	JobID int
	Err   error
}

func process(j Job) Result {
	if len(j.Data) == 0 {
		return Result{JobID: j.ID, Err: errors.New("empty job")}
	}
	return Result{JobID: j.ID}
}

// FirstFailure stops at the first failed job by closing results; the
// workers still running panic on their next send.
func FirstFailure(jobs []Job, workers int) error {
	queue := make(chan Job, len(jobs))
	results := make(chan Result)
	for i := 0; i < workers; i++ {
		go func() {
			for j := range queue {
				results <- process(j)
			}
		}()
	}
	for _, j := range jobs {
		queue <- j
	}
	close(queue)
	for i := 0; i < len(jobs); i++ {
		r := <-results
		if r.Err != nil {
			close(results) // want `receiver closes results while the goroutine started at line 36 may still send on it \(panic: send on closed channel\): let the sender close results, or signal the senders to stop with a separate done channel`
			return r.Err
		}
	}
	return nil
}

// Collect runs a collector goroutine that gives up on the first error by
// closing the channel the workers report on.
func Collect(jobs []Job) []Result {
	results := make(chan Result)
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- process(j)
		}()
	}
	var out []Result
	done := make(chan struct{})
	go func() {
		defer close(done)
		for r := range results {
			if r.Err != nil {
				close(results) // want `receiver closes results while the goroutine started at line 63 may still send`
				return
			}
			out = append(out, r)
		}
	}()
	wg.Wait()
	<-done
	return out
}

func worker(jobs <-chan Job, results chan<- Result) {
	for j := range jobs {
		results <- process(j)
	}
}

// WithDeadline closes results when the deadline passes, while the named
// workers are still processing.
func WithDeadline(jobs []Job, d time.Duration) ([]Result, error) {
	in := make(chan Job)
	results := make(chan Result)
	for i := 0; i < 4; i++ {
		go worker(in, results)
	}
	go func() {
		for _, j := range jobs {
			in <- j
		}
		close(in)
	}()
	timeout := time.After(d)
	var out []Result
	for range jobs {
		select {
		case r := <-results:
			out = append(out, r)
		case <-timeout:
			close(results) // want `receiver closes results while the goroutine started at line 97 may still send`
			return out, errors.New("deadline exceeded")
		}
	}
	return out, nil
}

// validate consumes jobs and closes its input at the first invalid one.
func validate(jobs chan Job, bad *int) {
	for j := range jobs {
		if len(j.Data) == 0 {
			*bad = j.ID
			close(jobs)
			return
		}
	}
}

// Validate feeds a validator that closes its own input on error.
func Validate(batch []Job) int {
	jobs := make(chan Job)
	bad := -1
	go validate(jobs, &bad) // want `validate receives from and closes jobs while the send at line 136 may still send on it`
	for _, j := range batch {
		jobs <- j
	}
	return bad
}

// --- correct look-alikes ---

// Pool closes results from a closer goroutine after the workers' WaitGroup.
func Pool(jobs []Job, workers int) []Result {
	queue := make(chan Job)
	results := make(chan Result)
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range queue {
				results <- process(j)
			}
		}()
	}
	go func() {
		for _, j := range jobs {
			queue <- j
		}
		close(queue)
	}()
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

// Counted receives exactly one result per job, then closes the drained
// channel: every worker has sent its last value.
func Counted(jobs []Job) []Result {
	results := make(chan Result)
	for _, j := range jobs {
		go func() {
			results <- process(j)
		}()
	}
	out := make([]Result, 0, len(jobs))
	for range jobs {
		out = append(out, <-results)
	}
	close(results)
	return out
}

// Buffered waits for the workers before closing and draining results.
func Buffered(jobs []Job) []Result {
	results := make(chan Result, len(jobs))
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Go(func() {
			results <- process(j)
		})
	}
	first := <-results
	wg.Wait()
	close(results)
	out := []Result{first}
	for r := range results {
		out = append(out, r)
	}
	return out
}

// OnceStop closes results through a sync.Once, however often stop runs.
func OnceStop(jobs []Job) error {
	results := make(chan Result)
	var once sync.Once
	stop := func() { once.Do(func() { close(results) }) }
	for _, j := range jobs {
		go func() {
			defer func() { recover() }()
			results <- process(j)
		}()
	}
	for range jobs {
		if r := <-results; r.Err != nil {
			stop()
			return r.Err
		}
	}
	return nil
}

// StopEarly tells the workers to stop through a separate done channel and
// never closes results.
func StopEarly(jobs []Job) error {
	results := make(chan Result)
	done := make(chan struct{})
	for _, j := range jobs {
		go func() {
			select {
			case results <- process(j):
			case <-done:
			}
		}()
	}
	for range jobs {
		if r := <-results; r.Err != nil {
			close(done)
			return r.Err
		}
	}
	return nil
}

// Acknowledged waits for each worker's acknowledgement before closing the
// channel the workers report on.
func Acknowledged(jobs []Job) []Result {
	results := make(chan Result, len(jobs))
	acks := make(chan int)
	for i, j := range jobs {
		go func() {
			for k := 0; k < 2; k++ {
				results <- process(j)
			}
			acks <- i
		}()
	}
	first := <-results
	for range jobs {
		<-acks
	}
	close(results)
	out := []Result{first}
	for r := range results {
		out = append(out, r)
	}
	return out
}

// Grouped waits for the errgroup before closing the results it read from.
func Grouped(jobs []Job) ([]Result, error) {
	results := make(chan Result, len(jobs))
	var g errgroup.Group
	for _, j := range jobs {
		g.Go(func() error {
			r := process(j)
			results <- r
			return r.Err
		})
	}
	first := <-results
	err := g.Wait()
	close(results)
	out := []Result{first}
	for r := range results {
		out = append(out, r)
	}
	return out, err
}

// Drain closes done first, so the workers, which select on done beside
// each send, stop; only then does it close results.
func Drain(jobs []Job) Result {
	results := make(chan Result)
	done := make(chan struct{})
	for _, j := range jobs {
		go func() {
			for k := 0; k < 3; k++ {
				select {
				case results <- process(j):
				case <-done:
					return
				}
			}
		}()
	}
	r := <-results
	close(done)
	close(results)
	return r
}

// Handshake ranges over the single reply of a single worker and closes
// the channel once the reply is in.
func Handshake(j Job) Result {
	reply := make(chan Result)
	go func() {
		reply <- process(j)
	}()
	for r := range reply {
		close(reply)
		return r
	}
	return Result{}
}

// Abandon closes results when a worker sends an error, without any way
// to tell the other workers, which select on nothing but their send.
func Abandon(jobs []Job) error {
	results := make(chan Result)
	quit := make(chan struct{})
	for _, j := range jobs {
		go func() {
			select {
			case results <- process(j):
			}
		}()
	}
	defer close(quit)
	for range jobs {
		if r := <-results; r.Err != nil {
			close(results) // want `receiver closes results while the goroutine started at line \d+ may still send`
			return r.Err
		}
	}
	return nil
}

// Teardown waits for every worker through a closer goroutine, with a
// deadline that gives up by panicking, then closes and drains the results
// (the shape of x/crypto's ssh agent pipeline test): every sender has
// finished before the close.
func Teardown(jobs []Job) int {
	var wg sync.WaitGroup
	errs := make(chan error, len(jobs))
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- process(j).Err
		}()
	}
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		panic("workers did not finish")
	}
	close(errs)
	failed := 0
	for err := range errs {
		if err != nil {
			failed++
		}
	}
	return failed
}
