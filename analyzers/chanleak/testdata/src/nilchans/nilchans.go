// Package nilchans holds operations on channels that are never made, and
// the nil-channel idioms they resemble.
package nilchans

import (
	"fmt"
	"time"
)

type Event struct{ Name string }

// Watch forgets to make its channel: the goroutine's send blocks forever,
// and so does the receive.
func Watch(names []string) Event {
	var events chan Event
	go func() {
		for _, n := range names {
			events <- Event{Name: n} // want `send on nil channel events blocks forever: events is declared but never assigned a channel; make it with make\(chan Event\)`
		}
	}()
	return <-events // want `receive on nil channel events blocks forever`
}

// Drain ranges over a channel that is never made.
func Drain() int {
	var results chan int
	total := 0
	for r := range results { // want `range on nil channel results blocks forever`
		total += r
	}
	return total
}

// Merge disables each input once it is closed by setting it to nil: the
// nil channels are only select cases.
func Merge(a, b <-chan int, out chan<- int) {
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
	close(out)
}

// Throttle turns its timeout case on only when a deadline is given: a nil
// channel in a select never fires.
func Throttle(in <-chan Event, d time.Duration) {
	var timeout <-chan time.Time
	if d > 0 {
		timeout = time.After(d)
	}
	for {
		select {
		case e := <-in:
			fmt.Println(e.Name)
		case <-timeout:
			return
		}
	}
}

// Lazy makes its channel later, before using it.
func Lazy(names []string) int {
	var ch chan string
	ch = make(chan string, len(names))
	for _, n := range names {
		ch <- n
	}
	close(ch)
	count := 0
	for range ch {
		count++
	}
	return count
}

// Pending only reports how many values wait: len of a nil channel is 0.
func Pending() int {
	var queue chan int
	return len(queue) + cap(queue)
}

// Disabled keeps a nil channel in a select with a default.
func Disabled() bool {
	var stop chan struct{}
	select {
	case <-stop:
		return true
	default:
		return false
	}
}

// Assigned in a closure: the channel is made before the goroutine runs.
func Assigned(names []string) Event {
	var events chan Event
	setup := func() { events = make(chan Event, 1) }
	setup()
	go func() {
		events <- Event{Name: names[0]}
	}()
	return <-events
}
