// Package workers holds worker pools, pub/sub brokers, servers and
// ticker loops that run under a context.
package workers

import (
	"context"
	"errors"
	"log"
	"net/http"
	"sync"
	"time"
)

type Job struct{ ID int }
type Result struct {
	ID  int
	Err error
}

func process(ctx context.Context, j Job) Result { return Result{ID: j.ID} }

// Pool runs jobs from a shared queue.
type Pool struct {
	jobs    chan Job
	results chan Result
	quit    chan struct{}
	stopped chan bool
}

// Submit queues jobs without watching the caller's context.
func (p *Pool) Submit(ctx context.Context, jobs []Job) {
	for _, j := range jobs {
		p.jobs <- j // want `send on p.jobs in a loop ignores ctx`
	}
}

// SubmitCtx gives up when the caller's context ends.
func (p *Pool) SubmitCtx(ctx context.Context, jobs []Job) error {
	for _, j := range jobs {
		select {
		case p.jobs <- j:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// worker ranges over the queue (fine) but blocks on its results.
func (p *Pool) worker(ctx context.Context) {
	for j := range p.jobs {
		p.results <- process(ctx, j) // want `send on p.results in a loop ignores ctx`
	}
}

// workerQuit stops on the pool's quit channel: a mechanism of its own.
func (p *Pool) workerQuit(ctx context.Context) {
	for {
		select {
		case j := <-p.jobs:
			select {
			case p.results <- process(ctx, j):
			case <-p.quit:
				return
			}
		case <-p.quit:
			return
		}
	}
}

// workerStopped stops on a chan bool named like a stop signal.
func (p *Pool) workerStopped(ctx context.Context) {
	for {
		select {
		case j := <-p.jobs:
			log.Println(process(ctx, j))
		case <-p.stopped:
			return
		}
	}
}

// serve loops forever on its queue and never looks at ctx.
func (p *Pool) serve(ctx context.Context) {
	for {
		select { // want `select in a loop has no case <-ctx.Done\(\), so it keeps this endless loop waiting forever after ctx is cancelled`
		case j := <-p.jobs:
			log.Println(process(ctx, j))
		case r := <-p.results:
			log.Println(r)
		}
	}
}

// drain waits on jobs in an endless loop with no way out.
func (p *Pool) drain(ctx context.Context) {
	for {
		j := <-p.jobs // want `receive from p.jobs in an endless loop ignores ctx: the goroutine can never stop after ctx is cancelled`
		log.Println(process(ctx, j))
	}
}

// drainSentinel stops on a zero job: a way out that is not ctx.
func (p *Pool) drainSentinel(ctx context.Context) {
	for {
		j := <-p.jobs
		if j.ID == 0 {
			return
		}
		log.Println(process(ctx, j))
	}
}

// drainOK is the comma-ok form: the queue's close ends it.
func (p *Pool) drainOK(ctx context.Context) {
	for {
		j, ok := <-p.jobs
		if !ok {
			return
		}
		log.Println(process(ctx, j))
	}
}

// Run starts workers that capture the context.
func (p *Pool) Run(ctx context.Context, n int) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range p.jobs {
				p.results <- process(ctx, j) // want `send on p.results in a loop ignores ctx`
			}
		}()
	}
	wg.Wait()
}

// gather receives a known number of results: the count ends the loop.
func gather(ctx context.Context, results <-chan Result, n int) error {
	var errs []error
	for i := 0; i < n; i++ {
		r := <-results
		errs = append(errs, r.Err)
	}
	return errors.Join(errs...)
}

// gatherSelect collects two kinds of reply by count.
func gatherSelect(ctx context.Context, results <-chan Result, errc <-chan error, n int) int {
	got := 0
	for i := 0; i < n; i++ {
		select {
		case <-results:
			got++
		case <-errc:
		}
	}
	return got
}

// firstError returns on the first error: that case leaves the loop.
func firstError(ctx context.Context, out chan<- Result, errc <-chan error, rs []Result) error {
	for _, r := range rs {
		select {
		case out <- r:
		case err := <-errc:
			return err
		}
	}
	return nil
}

// sendTimeout gives up on a slow receiver after a while.
func sendTimeout(ctx context.Context, out chan<- Result, rs []Result) bool {
	for _, r := range rs {
		select {
		case out <- r:
		case <-time.After(time.Second):
			return false
		}
	}
	return true
}

// sendHeartbeat has a timer case that does not leave the loop: it logs
// forever once the receiver is gone.
func sendHeartbeat(ctx context.Context, out chan<- Result, rs []Result) {
	for _, r := range rs {
		for sent := false; !sent; {
			select { // want `select in a loop has no case <-ctx.Done\(\)`
			case out <- r:
				sent = true
			case <-time.After(time.Second):
				log.Println("receiver slow")
			}
		}
	}
}

// trySend drops values when the receiver is busy.
func trySend(ctx context.Context, out chan<- Result, rs []Result) (dropped int) {
	for _, r := range rs {
		select {
		case out <- r:
		default:
			dropped++
		}
	}
	return dropped
}

// Broker fans published messages out to subscribers.
type Broker struct {
	mu   sync.RWMutex
	subs []chan string
	in   chan string
	done chan struct{}
}

// Publish blocks on every subscriber, ignoring the publisher's context.
func (b *Broker) Publish(ctx context.Context, msg string) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for _, s := range b.subs {
		s <- msg // want `send on s in a loop ignores ctx`
	}
}

// PublishCtx gives up on slow subscribers when ctx ends.
func (b *Broker) PublishCtx(ctx context.Context, msg string) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for _, s := range b.subs {
		select {
		case s <- msg:
		case <-ctx.Done():
			return
		}
	}
}

// loop is the broker's own goroutine, stopped by b.done.
func (b *Broker) loop(ctx context.Context) {
	for {
		select {
		case msg := <-b.in:
			b.Publish(ctx, msg)
		case <-b.done:
			return
		}
	}
}

// refill tops up a token bucket on each tick, ignoring ctx.
func refill(ctx context.Context, tokens chan struct{}, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for range t.C { // want `range over t.C never ends and ignores ctx`
		select {
		case tokens <- struct{}{}:
		default:
		}
	}
}

// refillCtx stops with its context.
func refillCtx(ctx context.Context, tokens chan struct{}, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			select {
			case tokens <- struct{}{}:
			default:
			}
		}
	}
}

// report flushes on each tick until ctx ends: checked each round.
func report(ctx context.Context, every time.Duration) {
	for range time.Tick(every) {
		if ctx.Err() != nil {
			return
		}
		log.Println("alive")
	}
}

// poll sleeps between checks of ctx (K5 style, but it does stop).
func poll(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		default:
			time.Sleep(100 * time.Millisecond)
		}
	}
}

// acquire takes semaphore slots: chan struct{} tokens are not data.
func acquire(ctx context.Context, sem chan struct{}, jobs []Job) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			process(ctx, j)
		}()
	}
	wg.Wait()
}

// connPool hands out connections through a channel used as a free list:
// each send puts back what was taken.
func connPool(ctx context.Context, free chan *http.Client, urls []string) {
	for _, u := range urls {
		c := <-free
		_, _ = c.Get(u)
		free <- c
	}
}

// handler streams events to a channel owned by the request.
func handler(events chan<- string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		for _, e := range []string{"a", "b"} {
			select {
			case events <- e:
			case <-ctx.Done():
				return
			}
		}
	}
}

// handlerLeak streams without watching the request's context.
func handlerLeak(events chan<- string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		for _, e := range []string{"a", "b"} {
			events <- e // want `send on events in a loop ignores ctx`
		}
		_ = ctx
	}
}

// background derives nothing cancellable: Background never ends.
func background(out chan<- int) {
	ctx := context.Background()
	for i := range 3 {
		out <- i
	}
	_ = ctx
}

// detached deliberately cuts cancellation for cleanup work.
func detached(ctx context.Context, out chan<- int) {
	ctx = context.WithoutCancel(ctx)
	bg := context.WithoutCancel(ctx)
	go func(ctx context.Context) {
		for i := range 3 {
			out <- i
		}
	}(bg)
}

// later stores a literal: when it runs is not tied to ctx.
func later(ctx context.Context, out chan<- int) func() {
	return func() {
		for i := range 3 {
			out <- i
		}
	}
}

// timeoutStop uses a timeout derived from the parent.
func timeoutStop(parent context.Context, out chan<- int) {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	defer cancel()
	for i := range 3 {
		out <- i // want `send on out in a loop ignores ctx`
	}
	_ = ctx
}

// doneVar reads ctx.Done() once into a variable.
func doneVar(ctx context.Context, out chan<- int) {
	done := ctx.Done()
	for i := 0; ; i++ {
		select {
		case out <- i:
		case <-done:
			return
		}
	}
}

// waitDone blocks on ctx.Done() itself in its loop.
func waitDone(ctx context.Context, ticks <-chan time.Time) {
	for {
		<-ctx.Done()
		return
	}
}

// ignoreParam takes a context it explicitly does not use.
func ignoreParam(_ context.Context, out chan<- int) {
	for i := range 3 {
		out <- i
	}
}
