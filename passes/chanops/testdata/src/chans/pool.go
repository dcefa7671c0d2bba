// Package chans holds the channel shapes the chanops pass must describe:
// worker pools, pipelines, timeouts, fan-in, semaphores and escapes.
package chans

import (
	"context"
	"sync"
)

type Job struct {
	ID      int
	Payload string
}

type Result struct {
	JobID int
	Err   error
}

func process(j Job) Result { return Result{JobID: j.ID} }

// RunPool feeds n worker goroutines and collects their results after a
// closer goroutine closes results.
func RunPool(input []Job, n int) []Result {
	jobs := make(chan Job)                   // want `chan jobs cap=0 ops=range@go/loop,send@main/loop,close@main senders=1 escapes=false`
	results := make(chan Result, len(input)) // want `chan results cap=-1 ops=send@go/loop,close@go,range@main senders=1 escapes=false`
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- process(j)
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	for _, j := range input {
		jobs <- j
	}
	close(jobs)
	var out []Result
	for r := range results {
		out = append(out, r)
	}
	return out
}

func worker(id int, jobs <-chan Job, results chan<- Result, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		r := process(j)
		r.JobID = id*1000 + r.JobID
		results <- r
	}
}

// RunNamedPool starts named workers: what they do with the channels comes
// from worker's summary.
func RunNamedPool(input []Job) []Result {
	const workers = 3
	jobs := make(chan Job, 100)              // want `chan jobs cap=100 ops=range:worker@go/loop,send@main/loop,close@main senders=1 escapes=false`
	results := make(chan Result, len(input)) // want `chan results cap=-1 ops=send:worker@go/loop,close@main,range@main senders=1 escapes=false`
	var wg sync.WaitGroup
	for w := 1; w <= workers; w++ {
		wg.Add(1)
		go worker(w, jobs, results, &wg)
	}
	for _, j := range input {
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	close(results)
	var out []Result
	for r := range results {
		out = append(out, r)
	}
	return out
}

type dispatcher struct{ handled int }

func (d *dispatcher) pump(ctx context.Context, in <-chan Job, out chan<- Result) {
	for {
		select {
		case j, ok := <-in:
			if !ok {
				return
			}
			d.handled++
			select {
			case out <- process(j):
			case <-ctx.Done():
				return
			}
		case <-ctx.Done():
			return
		}
	}
}

// Dispatch starts a method as the goroutine, with every operation a
// select case guarded by ctx.
func Dispatch(ctx context.Context, d *dispatcher, input []Job) int {
	in := make(chan Job)     // want `chan in cap=0 ops=close@main/defer,recv:pump@go,send@main/loop senders=1 escapes=false`
	out := make(chan Result) // want `chan out cap=0 ops=send:pump@go,recv@main/loop senders=1 escapes=false`
	defer close(in)
	go d.pump(ctx, in, out)
	n := 0
	for _, j := range input {
		in <- j
		if r := <-out; r.Err == nil {
			n++
		}
	}
	return n
}

// FetchAll uses wg.Go; each goroutine sends once into a buffer sized for
// all of them.
func FetchAll(urls []string, fetch func(string) Result) []Result {
	results := make(chan Result, len(urls)) // want `chan results cap=-1 ops=send@go/loop,close@main,range@main senders=1 escapes=false`
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Go(func() { results <- fetch(u) })
	}
	wg.Wait()
	close(results)
	var all []Result
	for r := range results {
		all = append(all, r)
	}
	return all
}

// CrawlAll bounds concurrency with a semaphore: acquire in the loop,
// release in the goroutine's deferred literal.
func CrawlAll(urls []string, crawl func(string)) {
	sem := make(chan struct{}, 4) // want `chan sem cap=4 ops=send@main/loop,recv@go/loop/defer senders=1 escapes=false`
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			crawl(u)
		}()
	}
	wg.Wait()
}
