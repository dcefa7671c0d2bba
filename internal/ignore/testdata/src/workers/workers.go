// Package workers is a fixture whose Start starts goroutines; the test
// analyzer exports a fact on it through the Wrap wrapper.
package workers

type Pool struct {
	jobs chan func()
	done chan struct{}
}

func New(n int) *Pool {
	return &Pool{jobs: make(chan func(), n), done: make(chan struct{})}
}

func Start(p *Pool, n int) { // want Start:"spawns"
	for range n {
		go p.run()
	}
}

func (p *Pool) run() {
	for {
		select {
		case f := <-p.jobs:
			f()
		case <-p.done:
			return
		}
	}
}

func Stop(p *Pool) { close(p.done) }
