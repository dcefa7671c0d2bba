// Package loops holds loops that close channels.
package loops

import (
	"sync"
	"time"
)

type worker struct {
	id   int
	quit chan struct{}
	jobs chan int
}

type Pool struct {
	workers []*worker
	ready   chan struct{}
	tick    chan time.Time
}

// StopAll closes each worker's own channel: a new one per iteration.
func (p *Pool) StopAll() {
	for _, w := range p.workers {
		close(w.quit)
	}
	for i := range p.workers {
		close(p.workers[i].jobs)
	}
}

// Broadcast closes the shared ready channel once per worker.
func (p *Pool) Broadcast() {
	for range p.workers {
		close(p.ready) // want `close of p.ready in a loop, which closes it again on the next iteration`
	}
}

// BroadcastFixed closes once, after the loop.
func (p *Pool) BroadcastFixed() {
	for _, w := range p.workers {
		w.jobs <- 0
	}
	close(p.ready)
}

// Rounds makes a fresh ready channel for every round.
func (p *Pool) Rounds(n int) {
	for i := 0; i < n; i++ {
		close(p.ready)
		p.ready = make(chan struct{})
	}
}

// RoundsLocal makes the channel inside the loop.
func RoundsLocal(n int, wg *sync.WaitGroup) {
	for i := 0; i < n; i++ {
		start := make(chan struct{})
		for j := 0; j < 3; j++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
			}()
		}
		close(start)
		wg.Wait()
	}
}

// Retry closes done inside a retry loop without leaving it. A second
// success would panic, but whether try can succeed twice is beyond the
// analysis, as in a read loop that closes on the first reply: silent.
func Retry(attempts int, try func() error) {
	done := make(chan struct{})
	for i := 0; i < attempts; i++ {
		if err := try(); err == nil {
			close(done)
		}
	}
	<-done
}

// Notify closes ready on every tick when the pool is configured to notify:
// the condition cannot change between iterations.
func (p *Pool) Notify(notify bool) {
	for range p.tick {
		if notify {
			close(p.ready) // want `close of p.ready in a loop, which closes it again on the next iteration`
		}
	}
}

// Countdown closes when a counter the loop increments reaches a value
// (net/dial_test.go's cancelTick shape).
func Countdown(tick <-chan time.Time, stop chan struct{}, at int) {
	ticks := 0
	for range tick {
		ticks++
		if ticks == at {
			close(stop)
		}
	}
}

// ReadLoop closes when it reads a particular line (the reverseproxy_test
// shape).
func ReadLoop(lines <-chan string, first string, cancel chan struct{}) {
	for {
		line, ok := <-lines
		switch {
		case !ok:
			return
		case line == first:
			close(cancel)
		}
	}
}

// Listen closes stop whenever the stop signal's case is chosen again.
func Listen(sig <-chan struct{}, in <-chan int, stop chan struct{}) {
	for {
		select {
		case <-sig:
			close(stop) // want `close of stop in a loop, which closes it again on the next iteration`
		case v := <-in:
			_ = v
		}
	}
}

// RetryFixed leaves the loop after closing.
func RetryFixed(attempts int, try func() error) {
	done := make(chan struct{})
	for i := 0; i < attempts; i++ {
		if err := try(); err == nil {
			close(done)
			break
		}
	}
	<-done
}

// RetryFlag closes once, guarded by a local flag.
func RetryFlag(attempts int, try func() error) chan struct{} {
	done := make(chan struct{})
	closed := false
	for i := 0; i < attempts; i++ {
		if err := try(); err == nil && !closed {
			closed = true
			close(done)
		}
	}
	return done
}

// Watch closes ready on the first tick, guarded by the select-default idiom.
func (p *Pool) Watch() {
	for t := range p.tick {
		_ = t
		select {
		case <-p.ready:
		default:
			close(p.ready)
		}
	}
}

// Loop closes stop inside an endless loop and returns right after.
func Loop(events <-chan int, stop chan struct{}) {
	for {
		switch <-events {
		case 0:
			close(stop)
			return
		case 1:
			continue
		}
	}
}

// CloseAll closes a slice of channels, each once.
func CloseAll(chans []chan int) {
	for _, ch := range chans {
		close(ch)
	}
	for i := 0; i < len(chans); i++ {
		ch := chans[i]
		close(ch)
	}
}
