// Seed 002 L790-840 shape: the pool's Shutdown, a method of this
// package, waits for the workers main started.
package main

import (
	"fmt"
	"sync"
)

type Pool struct {
	jobs chan int
	wg   sync.WaitGroup
}

func (p *Pool) run(id int) {
	defer p.wg.Done()
	for j := range p.jobs {
		fmt.Printf("worker %d: %d\n", id, j*j)
	}
}

func (p *Pool) Shutdown() {
	close(p.jobs)
	p.wg.Wait()
}

func main() {
	p := &Pool{jobs: make(chan int)}
	for i := 0; i < 4; i++ {
		p.wg.Add(1)
		go p.run(i)
	}
	for j := 0; j < 20; j++ {
		p.jobs <- j
	}
	p.Shutdown()
}
