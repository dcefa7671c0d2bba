// Package named starts named functions, of this package and of pool, as
// goroutines counted on a WaitGroup.
package named

import (
	"log"
	"sync"

	"pool"
)

type Ingester struct {
	wg      sync.WaitGroup
	batches chan []pool.Job
}

func (in *Ingester) save([]pool.Job) error { return nil }

// ingest returns on a save error without Done.
func (in *Ingester) ingest() { // want ingest:"done\\(recv.wg:sometimes@named.go:24\\)"
	for b := range in.batches {
		if err := in.save(b); err != nil {
			log.Print(err)
			return
		}
	}
	in.wg.Done()
}

// ingestSafe defers Done.
func (in *Ingester) ingestSafe() { // want ingestSafe:"done\\(recv.wg:once\\)"
	defer in.wg.Done()
	for b := range in.batches {
		if err := in.save(b); err != nil {
			return
		}
	}
}

func (in *Ingester) Start(n int) { // want Start:"done\\(recv.wg:unknown\\)"
	for i := 0; i < n; i++ {
		in.wg.Add(1)
		go in.ingest() // want `in.ingest returns at named.go:24 without calling in.wg.Done \(it is called on other paths\): in.wg.Wait blocks forever; use defer in.wg.Done\(\) at the top of ingest`
	}
	in.wg.Add(1)
	go in.ingestSafe()
}

// ---- across packages ----

func drainAll(queues []chan pool.Job) {
	var wg sync.WaitGroup
	for _, q := range queues {
		wg.Add(1)
		go pool.Drain(&wg, q) // want `pool.Drain returns at pool.go:41 without calling wg.Done`
	}
	wg.Wait()
}

func flushAll(bufs [][]pool.Job) {
	var wg sync.WaitGroup
	for _, b := range bufs {
		wg.Add(1)
		go pool.Flush(&wg, b) // want `pool.Flush calls wg.Done twice on one path \(pool.go:61\): the WaitGroup counter goes negative and panics`
	}
	wg.Wait()
}

func runPool(p *pool.Pool) { // want runPool:"done\\(param0.wg:unknown\\)"
	go p.Run() // want `p.Run returns at pool.go:77 without calling p.wg.Done`
}

func workers(n int, jobs chan pool.Job) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go pool.Worker(i, jobs, &wg)
	}
	p := &pool.Pool{}
	go p.Serve()
	wg.Wait()
}

func consumeAll(jobs []pool.Job) {
	var wg sync.WaitGroup
	wg.Add(len(jobs))
	go pool.Consume(&wg, jobs)
	wg.Wait()
}

// process reports its own failures and counts down in the helper.
func process(wg *sync.WaitGroup, jobs []pool.Job) { // want process:"done\\(param0:once\\)"
	for _, j := range jobs {
		if len(j.Data) == 0 {
			pool.Finish(wg, pool.ErrEmpty)
			return
		}
	}
	wg.Done()
}

func processAll(groups [][]pool.Job) {
	var wg sync.WaitGroup
	for _, g := range groups {
		wg.Add(1)
		go process(&wg, g)
	}
	wg.Wait()
}
