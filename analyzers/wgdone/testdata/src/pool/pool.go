// Package pool holds named worker functions that other packages start as
// goroutines, handing them a WaitGroup.
package pool

import (
	"errors"
	"log"
	"sync"
)

type Job struct {
	ID   int
	Data []byte
}

var ErrEmpty = errors.New("empty job")

func handle(j Job) error {
	if len(j.Data) == 0 {
		return ErrEmpty
	}
	return nil
}

// Worker is the textbook worker: Done deferred first.
func Worker(id int, jobs <-chan Job, wg *sync.WaitGroup) { // want Worker:"done\\(param2:once\\)"
	defer wg.Done()
	for j := range jobs {
		if err := handle(j); err != nil {
			log.Printf("worker %d: %v", id, err)
			return
		}
	}
}

// Drain stops at the first bad job and skips Done.
func Drain(wg *sync.WaitGroup, jobs <-chan Job) error { // want Drain:"done\\(param0:sometimes@pool.go:41\\)"
	for j := range jobs {
		if err := handle(j); err != nil {
			log.Print(err)
			return err
		}
	}
	wg.Done()
	return nil
}

// Finish always calls Done, whatever the error.
func Finish(wg *sync.WaitGroup, err error) { // want Finish:"done\\(param0:once\\)"
	if err != nil {
		log.Print(err)
	}
	wg.Done()
}

// Flush defers Done and calls it again on the error path.
func Flush(wg *sync.WaitGroup, buf []Job) { // want Flush:"done\\(param0:twice@pool.go:61\\)"
	defer wg.Done()
	for _, j := range buf {
		if handle(j) != nil {
			wg.Done()
			return
		}
	}
}

// Pool owns its workers' WaitGroup.
type Pool struct {
	wg   sync.WaitGroup
	jobs chan Job
}

// Run returns on an error without Done on the receiver's WaitGroup.
func (p *Pool) Run() { // want Run:"done\\(recv.wg:sometimes@pool.go:77\\)"
	for j := range p.jobs {
		if err := handle(j); err != nil {
			return
		}
	}
	p.wg.Done()
}

// Serve calls Done through Finish on every path.
func (p *Pool) Serve() { // want Serve:"done\\(recv.wg:once\\)"
	for j := range p.jobs {
		if err := handle(j); err != nil {
			Finish(&p.wg, err)
			return
		}
	}
	p.wg.Done()
}

// Consume loops over items with one Done per item.
func Consume(wg *sync.WaitGroup, jobs []Job) { // want Consume:"done\\(param0:unknown\\)"
	for _, j := range jobs {
		_ = handle(j)
		wg.Done()
	}
}

func (p *Pool) Start(n int) { // want Start:"done\\(recv.wg:unknown\\)"
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go p.Serve()
	}
}
