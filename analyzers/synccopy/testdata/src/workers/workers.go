// Package workers runs jobs on a pool of goroutines joined by a
// WaitGroup and reports results on channels.
package workers

import (
	"fmt"
	"log"
	"sync"
)

type Job struct {
	ID   int
	Data []byte
}

func process(j Job) int { return len(j.Data) }

// worker gets its own WaitGroup: Done never reaches the caller's.
func worker(jobs <-chan Job, wg sync.WaitGroup) { // want `worker takes wg by value, which copies its sync.WaitGroup on every call: use a pointer \(\*sync.WaitGroup\)`
	defer wg.Done()
	for j := range jobs {
		process(j)
	}
}

// goodWorker shares the caller's WaitGroup.
func goodWorker(jobs <-chan Job, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		process(j)
	}
}

// RunBad hangs in Wait.
func RunBad(jobs <-chan Job, n int) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go worker(jobs, wg) // want `passing wg by value copies its sync.WaitGroup: pass a pointer \(&wg\)`
	}
	wg.Wait()
}

// RunGood passes a pointer.
func RunGood(jobs <-chan Job, n int) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go goodWorker(jobs, &wg)
	}
	wg.Wait()
}

// RunClosure hands the WaitGroup to a literal by value.
func RunClosure(jobs <-chan Job, n int) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func(wg sync.WaitGroup) { // want `the function literal takes wg by value, which copies its sync.WaitGroup`
			defer wg.Done()
			for j := range jobs {
				process(j)
			}
		}(wg) // want `passing wg by value copies its sync.WaitGroup: pass a pointer \(&wg\)`
	}
	wg.Wait()
}

// RunCaptured captures the WaitGroup, which shares it.
func RunCaptured(jobs <-chan Job, n int) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				process(j)
			}
		}()
	}
	wg.Wait()
}

// RunLiteralPointer hands a pointer to the literal.
func RunLiteralPointer(jobs <-chan Job, n int) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func(wg *sync.WaitGroup) {
			defer wg.Done()
			for j := range jobs {
				process(j)
			}
		}(&wg)
	}
	wg.Wait()
}

// Pool owns its WaitGroup and mutex.
type Pool struct {
	mu      sync.Mutex
	wg      sync.WaitGroup
	results map[int]int
}

func NewPool() *Pool { return &Pool{results: make(map[int]int)} }

func (p *Pool) record(id, n int) {
	p.mu.Lock()
	p.results[id] = n
	p.mu.Unlock()
}

func wait(wg *sync.WaitGroup) { wg.Wait() }

func finish(wg sync.WaitGroup) {} // want `finish takes wg by value`

// Close defers a call that copies the pool's WaitGroup.
func (p *Pool) Close() {
	defer finish(p.wg) // want `passing p.wg by value copies its sync.WaitGroup: pass a pointer \(&p.wg\)`
	wait(&p.wg)
}

// Submit runs a job on the pool.
func (p *Pool) Submit(j Job) {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		p.record(j.ID, process(j))
	}()
}

// Debug prints the pool, copying its locks into interface values.
func (p *Pool) Debug() {
	fmt.Println(p.mu)             // want `passing p.mu by value copies its sync.Mutex: pass a pointer \(&p.mu\)`
	log.Printf("pool: %+v", *p)   // want `passing \*p by value copies p.mu \(sync.Mutex\): pass a pointer \(p\)`
	var state any = p.wg          // want `var state = p.wg copies its sync.WaitGroup`
	fmt.Println(state, any(p.mu)) // want `converting p.mu to any copies its sync.Mutex: convert a pointer \(&p.mu\)`
	fmt.Printf("pool: %p %v\n", p, p.results)
	fmt.Println(&p.mu, len(p.results))
}

// Result carries a lock along with the value.
type Result struct {
	mu  sync.Mutex
	ID  int
	Out int
}

// Collect sends copies of results.
func Collect(rs []*Result, out chan<- Result, done <-chan struct{}) {
	for _, r := range rs {
		select {
		case out <- *r: // want `sending \*r on out copies r.mu \(sync.Mutex\): send a pointer \(r\)`
		case <-done:
			return
		}
	}
}

// CollectPointers sends pointers, which share the results.
func CollectPointers(rs []*Result, out chan<- *Result) {
	for _, r := range rs {
		out <- r
	}
	out <- &Result{ID: -1}
}

// Fanout sends a local result by value.
func Fanout(out chan Result) {
	var r Result
	r.mu.Lock()
	r.Out = 1
	r.mu.Unlock()
	out <- r // want `sending r on out copies r.mu \(sync.Mutex\): send a pointer \(&r\)`
	out <- Result{ID: 2}
}

// Drain receives by value: the receive copies again.
func Drain(in chan Result) int {
	total := 0
	for r := range in { // want `range value r copies r.mu \(sync.Mutex\): send pointers \(chan \*Result\)`
		total += r.Out
	}
	last := <-in // want `last := <-in copies \(<-in\).mu \(sync.Mutex\): use a pointer`
	return total + last.Out
}

// DrainPointers receives pointers.
func DrainPointers(in chan *Result) int {
	total := 0
	for r := range in {
		total += r.Out
	}
	return total
}
