// Package barrier holds barriers and latches that let goroutines wait
// for each other.
package barrier

import "sync"

// Once is a single-use barrier: the last goroutine to arrive wakes the
// others, which wait for nothing else.
type Once struct {
	mu      sync.Mutex
	cond    *sync.Cond
	n, want int
}

func NewOnce(parties int) *Once {
	b := &Once{want: parties}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *Once) Arrive() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.n++
	if b.n < b.want {
		b.cond.Wait()
	} else {
		b.cond.Broadcast()
	}
}

// Cyclic can be reused: the goroutine that trips it resets the count and
// broadcasts, and returns without waiting.
type Cyclic struct {
	mu      sync.Mutex
	cond    *sync.Cond
	n, want int
}

func (b *Cyclic) Await() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.n++
	if b.n == b.want {
		b.n = 0
		b.cond.Broadcast()
		return
	}
	b.cond.Wait()
}

// AwaitLast checks the count in the branch that waits.
func (b *Cyclic) AwaitLast() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.n++
	if b.n < b.want {
		b.cond.Wait()
		return
	}
	b.n = 0
	b.cond.Broadcast()
}

// Generation is the textbook reusable barrier: waiters loop until the
// generation they arrived in is over.
type Generation struct {
	mu      sync.Mutex
	cond    *sync.Cond
	n, want int
	gen     uint64
}

func (b *Generation) Await() {
	b.mu.Lock()
	defer b.mu.Unlock()
	gen := b.gen
	b.n++
	if b.n == b.want {
		b.n = 0
		b.gen++
		b.cond.Broadcast()
		return
	}
	for gen == b.gen {
		b.cond.Wait()
	}
}

// Latch counts down to zero; Wait trusts one wakeup to mean zero, but
// Reset also broadcasts, and can raise the count again first.
type Latch struct {
	mu    sync.Mutex
	cond  *sync.Cond
	count int
}

func NewLatch(n int) *Latch {
	l := &Latch{count: n}
	l.cond = sync.NewCond(&l.mu)
	return l
}

func (l *Latch) CountDown() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.count--
	if l.count == 0 {
		l.cond.Broadcast()
	}
}

func (l *Latch) Reset(n int) {
	l.mu.Lock()
	l.count = n
	l.mu.Unlock()
	l.cond.Broadcast()
}

func (l *Latch) Wait() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.count > 0 {
		l.cond.Wait() // want `l.cond.Wait is guarded by if, not a loop`
	}
}

// WaitLoop is Wait done right.
func (l *Latch) WaitLoop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.count > 0 {
		l.cond.Wait()
	}
}

// Gate opens once; a test waits for it with a count of arrivals.
type Gate struct {
	sync.Mutex
	cond   sync.Cond
	open   bool
	parked int
}

func NewGate() *Gate {
	g := &Gate{}
	g.cond.L = &g.Mutex
	return g
}

func (g *Gate) Pass() {
	g.Lock()
	g.parked++
	switch {
	case !g.open:
		g.cond.Wait() // want `g.cond.Wait is guarded by a switch case, not a loop: .*wait in a for loop that re-checks it`
	}
	g.parked--
	g.Unlock()
}

func (g *Gate) PassLoop() {
	g.Lock()
	defer g.Unlock()
	g.parked++
	for !g.open {
		g.cond.Wait()
	}
	g.parked--
}

func (g *Gate) Open() {
	g.Lock()
	g.open = true
	g.Unlock()
	g.cond.Broadcast()
}

// Phase is a state machine; Await waits while it is still starting.
type Phase struct {
	mu    sync.Mutex
	cond  *sync.Cond
	state int
}

const (
	starting = iota
	running
	stopped
)

func (p *Phase) AwaitRunning() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch p.state {
	case starting:
		p.cond.Wait() // want `p.cond.Wait is guarded by a switch case`
	case stopped:
		return false
	}
	return true
}

// AwaitRunningLoop re-checks the state on every wakeup.
func (p *Phase) AwaitRunningLoop() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		switch p.state {
		case starting:
			p.cond.Wait()
		case stopped:
			return false
		default:
			return true
		}
	}
}

// AwaitMode switches on a parameter, not on shared state, and waits for
// exactly one transition when asked to.
func (p *Phase) AwaitMode(mode string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch mode {
	case "next":
		p.cond.Wait()
	}
}
