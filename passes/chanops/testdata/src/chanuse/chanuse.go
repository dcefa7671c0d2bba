// Package chanuse passes its channels to chandep's pipeline stages: what
// happens to them comes from chandep's facts.
package chanuse

import (
	"time"

	"chandep"
)

// Sum consumes a generator started from another package.
func Sum(n int) int {
	nums := make(chan int) // want `chan nums cap=0 ops=send:Produce@go,close:Produce@go,range@main senders=1 escapes=false`
	go chandep.Produce(nums, n)
	total := 0
	for v := range nums {
		total += v
	}
	return total
}

// Discard feeds values to a drain started inside chandep.Start: the
// range runs in a goroutine the pass cannot name.
func Discard(vals []int) {
	sink := make(chan int, len(vals)) // want `chan sink cap=-1 ops=range:Start@main/async,send@main/loop,close@main senders=1 escapes=false`
	chandep.Start(sink)
	for _, v := range vals {
		sink <- v
	}
	close(sink)
}

// Ticks reads ticks from a pump it stops with CloseAfter.
func Ticks(d time.Duration) int {
	ticks := make(chan time.Time) // want `chan ticks cap=0 ops=send:Pump@go,recv@main/sel/loop senders=1 escapes=false`
	quit := make(chan struct{})   // want `chan quit cap=0 ops=recv:Pump@go,close:CloseAfter@main/async,recv@main/sel/loop senders=0 escapes=false`
	go chandep.Pump(ticks, quit)
	chandep.CloseAfter(quit, d)
	n := 0
	for {
		select {
		case <-ticks:
			n++
		case <-quit:
			return n
		}
	}
}

// Subscribe gives the channel to a registry that keeps it.
func Subscribe(r *chandep.Registry) string {
	updates := make(chan string, 1) // want `chan updates cap=1 ops=recv@main senders=0 escapes=passed to Add, which lets it escape`
	r.Add(updates)
	return <-updates
}

// Verbose passes the channel to chandep.Log, whose fact says it escapes,
// and to Ignore, whose fact says it is untouched.
func Verbose() {
	ch := make(chan int) // want `chan ch cap=0 ops= senders=0 escapes=passed to Log, which lets it escape`
	chandep.Ignore(ch, true)
	chandep.Log(ch)
}

// Quiet passes the channel only to Ignore: no operation, no escape.
func Quiet() {
	ch := make(chan int) // want `chan ch cap=0 ops= senders=0 escapes=false`
	chandep.Ignore(ch, false)
}

// Gather uses a generic function and a method expression.
func Gather(p *chandep.Pool) []string {
	words := make(chan string, 2) // want `chan words cap=2 ops=send@main,send@main,close@main,range:Collect@main senders=1 escapes=false`
	words <- "a"
	words <- "b"
	close(words)
	ids := make(chan int, 1) // want `chan ids cap=1 ops=send:Submit@main,recv@main senders=1 escapes=false`
	chandep.Submit(p, ids)
	<-ids
	return chandep.Collect(words)
}

// Merged fans two inputs into one output through chandep.Merge run as a
// goroutine from a literal.
func Merged(xs, ys []int) int {
	a := make(chan int, len(xs)) // want `chan a cap=-1 ops=send@main/loop,close@main,recv:Merge@go senders=1 escapes=false`
	b := make(chan int, len(ys)) // want `chan b cap=-1 ops=send@main/loop,close@main,recv:Merge@go senders=1 escapes=false`
	out := make(chan int)        // want `chan out cap=0 ops=send:Merge@go,close:Merge@go,range@main senders=1 escapes=false`
	for _, x := range xs {
		a <- x
	}
	close(a)
	for _, y := range ys {
		b <- y
	}
	close(b)
	go func() { chandep.Merge(a, b, out) }()
	sum := 0
	for v := range out {
		sum += v
	}
	return sum
}
