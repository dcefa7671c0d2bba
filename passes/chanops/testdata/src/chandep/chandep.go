// Package chandep is a small library of pipeline stages whose channel
// parameter summaries other fixture packages import as facts.
package chandep

import (
	"fmt"
	"time"
)

// Produce is the generator half of a pipeline: it sends n values and
// closes its output.
func Produce(out chan<- int, n int) { // want Produce:"chanparams\\(0:send\\|close\\|loop\\|plainsend\\)"
	defer close(out)
	for i := 0; i < n; i++ {
		out <- i
	}
}

// Drain discards everything until the channel is closed.
func Drain(in <-chan int) { // want Drain:"chanparams\\(0:range\\)"
	for range in {
	}
}

// Serve drains through a helper: the summary is transitive.
func Serve(in chan int) { // want Serve:"chanparams\\(0:range\\)"
	Drain(in)
}

// Start drains in a goroutine of its own.
func Start(in chan int) { // want Start:"chanparams\\(0:range\\|go\\)"
	go Drain(in)
}

// Pump sends ticks until quit is closed; every send is a select case.
func Pump(out chan<- time.Time, quit <-chan struct{}) { // want Pump:"chanparams\\(0:send\\|loop 1:recv\\|loop\\)"
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case now := <-t.C:
			select {
			case out <- now:
			case <-quit:
				return
			}
		case <-quit:
			return
		}
	}
}

// CloseAfter closes done from a goroutine once d has passed.
func CloseAfter(done chan struct{}, d time.Duration) { // want CloseAfter:"chanparams\\(0:close\\|go\\)"
	go func() {
		time.Sleep(d)
		close(done)
	}()
}

// Merge forwards a and b to out until both are closed, disabling each
// case by setting its channel to nil.
func Merge(a, b <-chan int, out chan<- int) { // want Merge:"chanparams\\(0:recv\\|loop 1:recv\\|loop 2:send\\|close\\|loop\\|plainsend\\)"
	defer close(out)
	for a != nil || b != nil {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil
				continue
			}
			out <- v
		case v, ok := <-b:
			if !ok {
				b = nil
				continue
			}
			out <- v
		}
	}
}

// Registry keeps the channels it is given: they escape.
type Registry struct{ subs []chan string }

func (r *Registry) Add(ch chan string) { // want Add:"chanparams\\(0:escape\\)"
	r.subs = append(r.subs, ch)
}

// Log prints the channel through ...any: an escape, conservatively.
func Log(ch chan int) { // want Log:"chanparams\\(0:escape\\)"
	fmt.Println("channel", ch, len(ch))
}

// Ignore never touches its channel.
func Ignore(ch chan int, verbose bool) { // want Ignore:"chanparams\\(0:none\\)"
	_ = verbose
}

// Fan starts n goroutines that drain in through a literal parameter.
func Fan(in chan int, n int) { // want Fan:"chanparams\\(0:range\\|go\\|loop\\)"
	for i := 0; i < n; i++ {
		go func(c <-chan int) {
			for range c {
			}
		}(in)
	}
}

// Collect is generic; its fact is on the declared function.
func Collect[T any](in <-chan T) []T { // want Collect:"chanparams\\(0:range\\)"
	var all []T
	for v := range in {
		all = append(all, v)
	}
	return all
}

// ping and pong call each other: the summary is a fixed point.
func ping(ch chan int, n int) { // want ping:"chanparams\\(0:send\\|recv\\|plainsend\\|plainrecv\\)"
	if n == 0 {
		return
	}
	<-ch
	pong(ch, n-1)
}

func pong(ch chan int, n int) { // want pong:"chanparams\\(0:send\\|recv\\|plainsend\\|plainrecv\\)"
	ch <- n
	ping(ch, n)
}

// Stop closes other instead of quit when it is given one: both escape,
// since which one is closed is not known.
func Stop(quit chan struct{}, other chan struct{}) { // want Stop:"chanparams\\(0:close\\|escape 1:escape\\)"
	if other != nil {
		quit = other
	}
	close(quit)
}

// Later closes done in a function value it returns: a closure that runs
// who knows when.
func Later(done chan struct{}) func() { // want Later:"chanparams\\(0:escape\\)"
	return func() { close(done) }
}

// Submit hands ch to a method of the pool.
func Submit(p *Pool, ch chan int) { // want Submit:"chanparams\\(1:send\\|plainsend\\)"
	p.submit(ch)
}

type Pool struct{ n int }

func (p *Pool) submit(ch chan int) { // want submit:"chanparams\\(0:send\\|plainsend\\)"
	ch <- p.n
}

// First returns the first positive value: its range stops before the
// close, so senders after that one block.
func First(in <-chan int) int { // want First:"chanparams\\(0:range\\|early\\)"
	for v := range in {
		if v > 0 {
			return v
		}
	}
	return 0
}

// Lines reads until a blank line: a break leaves the range early.
func Lines(in <-chan string) (lines []string) { // want Lines:"chanparams\\(0:range\\|early\\)"
	for s := range in {
		if s == "" {
			break
		}
		lines = append(lines, s)
	}
	return lines
}

// DrainIfOpen may return before it reaches its range.
func DrainIfOpen(in <-chan int, open bool) { // want DrainIfOpen:"chanparams\\(0:range\\|early\\)"
	if !open {
		return
	}
	for range in {
	}
}

// ServeIf drains through a helper only on one branch.
func ServeIf(in chan int, serve bool) { // want ServeIf:"chanparams\\(0:range\\|early\\)"
	if serve {
		Drain(in)
	}
}

// Sum ranges to the end after a deferred print: still a full drain.
func Sum(in <-chan int) (n int) { // want Sum:"chanparams\\(0:range\\)"
	defer func() { fmt.Println("sum", n) }()
outer:
	for v := range in {
		for i := 0; i < v; i++ {
			if i > 10 {
				continue outer
			}
			n++
		}
	}
	return n
}
