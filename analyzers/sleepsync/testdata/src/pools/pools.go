// Package pools holds worker pools, a load balancer and pipeline stages,
// driven by functions that wait for them well or badly.
package pools

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

type Job struct {
	ID   int
	Data string
}

type Result struct {
	JobID  int
	Output string
}

type Pool struct {
	size    int
	jobs    chan Job
	results chan Result
	wg      sync.WaitGroup
}

func NewPool(size int) *Pool {
	return &Pool{size: size, jobs: make(chan Job), results: make(chan Result, 100)}
}

func (p *Pool) worker(id int) {
	defer p.wg.Done()
	for j := range p.jobs {
		time.Sleep(50 * time.Millisecond) // simulated work
		p.results <- Result{JobID: j.ID, Output: fmt.Sprintf("w%d:%s", id, j.Data)}
	}
}

// Start launches the workers and returns.
func (p *Pool) Start() { // want Start:"leaves goroutines running"
	for i := 0; i < p.size; i++ {
		p.wg.Add(1)
		go p.worker(i)
	}
}

// Drain closes the queue and waits, through wait, for the workers.
func (p *Pool) Drain() { // want Drain:"waits"
	close(p.jobs)
	p.wait()
}

func (p *Pool) wait() { p.wg.Wait() }

// --- buggy ---

// Results are closed after a sleep, not after the workers finish: a late
// worker sends on a closed channel.
func (p *Pool) Run(jobs []Job) { // want Run:"leaves goroutines running"
	for w := 0; w < p.size; w++ {
		p.wg.Add(1)
		go p.worker(w)
	}
	for _, j := range jobs {
		p.jobs <- j
	}
	close(p.jobs)
	time.Sleep(500 * time.Millisecond) // want `wait for the goroutine started at line 66: sleeping does not guarantee it has finished`
	close(p.results)
}

func squares(in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for n := range in {
			out <- n * n
		}
	}()
	return out
}

func pipelineDemo(nums []int) {
	in := make(chan int)
	var sum int
	var mu sync.Mutex
	sq := squares(in)
	go func() {
		for n := range sq {
			mu.Lock()
			sum += n
			mu.Unlock()
		}
	}()
	for _, n := range nums {
		in <- n
	}
	close(in)
	time.Sleep(time.Second) // want `goroutines started at lines 91 and 92`
	mu.Lock()
	fmt.Println("sum:", sum)
	mu.Unlock()
}

func fetchAll(ctx context.Context, urls []string, fetch func(context.Context, string) error) {
	g, ctx := errgroup.WithContext(ctx)
	for _, u := range urls {
		g.Go(func() error { return fetch(ctx, u) })
	}
	time.Sleep(2 * time.Second) // want `goroutine started at line 112`
}

type LoadBalancer struct {
	queues []chan int
	next   int
}

func NewLoadBalancer(n int) *LoadBalancer { // want NewLoadBalancer:"leaves goroutines running"
	lb := &LoadBalancer{}
	for i := 0; i < n; i++ {
		q := make(chan int, 10)
		lb.queues = append(lb.queues, q)
		go func(id int) {
			for job := range q {
				fmt.Printf("server %d handled job %d\n", id, job)
			}
		}(i)
	}
	return lb
}

func (lb *LoadBalancer) Submit(job int) {
	lb.queues[lb.next] <- job
	lb.next = (lb.next + 1) % len(lb.queues)
}

func balance() {
	lb := NewLoadBalancer(3)
	for i := 1; i <= 10; i++ {
		lb.Submit(i)
	}
	time.Sleep(3 * time.Second) // want `the goroutines started by NewLoadBalancer at line 142: sleeping does not guarantee they have finished`
}

// --- correct look-alikes ---

// Drain waits for the workers, through a helper.
func drainAfterPause(jobs []Job) {
	p := NewPool(4)
	p.Start()
	for _, j := range jobs {
		p.jobs <- j
	}
	time.Sleep(100 * time.Millisecond)
	p.Drain()
}

// Staggered starts with an errgroup that is waited for.
func staggered(ctx context.Context, primary, backup func(context.Context) error) error {
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error { return primary(ctx) })
	time.Sleep(50 * time.Millisecond) // hedge delay
	g.Go(func() error { return backup(ctx) })
	return g.Wait()
}

// runAll starts goroutines but waits for them, so a sleep after calling
// it does not wait for anything.
func runAll(tasks []func()) {
	var wg sync.WaitGroup
	for _, task := range tasks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			task()
		}()
	}
	wg.Wait()
}

func batches(all [][]func()) {
	for _, b := range all {
		runAll(b)
	}
	runAll(all[0])
	time.Sleep(time.Second) // cool-down between rounds of runAll
	fmt.Println("cooled down")
}

// Results are collected by ranging over the channel the pool fills.
func collect(jobs []Job) []Result {
	p := NewPool(2)
	p.Start()
	go func() {
		for _, j := range jobs {
			p.jobs <- j
		}
		p.Drain()
		close(p.results)
	}()
	time.Sleep(10 * time.Millisecond)
	var out []Result
	for r := range p.results {
		out = append(out, r)
	}
	return out
}

// A producer paced by a ticker, consumed until done.
func pacedProducer(ctx context.Context, emit func(int)) {
	out := make(chan int)
	go func() {
		defer close(out)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for i := 0; ; i++ {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				out <- i
			}
		}
	}()
	time.Sleep(time.Millisecond)
	for v := range out {
		emit(v)
	}
}

// A sleep before the pool starts.
func delayedPool(jobs []Job, delay time.Duration) {
	time.Sleep(delay)
	p := NewPool(2)
	p.Start()
	for _, j := range jobs {
		p.jobs <- j
	}
	p.Drain()
}

// wg.Go (Go 1.25) starts the goroutines; nothing waits on wg.
func warmCaches(keys []string, warm func(string)) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Go(func() { warm(k) })
	}
	time.Sleep(500 * time.Millisecond) // want `goroutine started at line 250`
}

func warmCachesAndWait(keys []string, warm func(string)) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Go(func() { warm(k) })
	}
	time.Sleep(500 * time.Millisecond) // grace period before waiting
	wg.Wait()
}
