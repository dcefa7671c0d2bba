package spawnsdep

func Start(ch chan int) { // want Start:"spawns"
	go func() { ch <- 1 }()
}

type Pool struct{ jobs chan func() }

func (p *Pool) Run(n int) { // want Run:"spawns"
	for i := 0; i < n; i++ {
		go p.loop()
	}
}

func (p *Pool) loop() {
	for job := range p.jobs {
		job()
	}
}

// Submit only runs a closure that happens to start a goroutine; the
// closure, not Submit, spawns, so Submit has no fact.
func Submit(p *Pool) {
	p.jobs <- func() { go func() {}() }
}

// Serve starts goroutines through Run, so callers that wait for nothing
// after Serve are spawning too.
func Serve(p *Pool) { // want Serve:"spawns"
	p.Run(4)
}

// Drain only waits; it starts nothing.
func Drain(p *Pool) {
	for range p.jobs {
	}
}
