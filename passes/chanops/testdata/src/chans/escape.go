package chans

import (
	"fmt"
	"sync"
)

type Event struct{ Name string }

type Server struct {
	events chan Event
	quit   chan struct{}
}

var defaultEvents chan Event

type Subscriber interface{ Attach(chan Event) }

type request struct {
	key   string
	reply chan string
}

// NewServer stores its channels in the struct: they outlive the function.
func NewServer() *Server {
	s := &Server{}
	events := make(chan Event, 16) // want `chan events cap=16 ops= senders=0 escapes=stored in a struct field`
	s.events = events
	quit := make(chan struct{}) // want `chan quit cap=0 ops= senders=0 escapes=stored in a composite literal`
	return &Server{events: s.events, quit: quit}
}

// InitDefault publishes the channel in a global.
func InitDefault() {
	ch := make(chan Event) // want `chan ch cap=0 ops=send@go senders=1 escapes=stored in a global`
	defaultEvents = ch
	go func() { ch <- Event{Name: "ready"} }()
}

// Subscribe hands the channel to an interface method: who knows.
func Subscribe(sub Subscriber) Event {
	ch := make(chan Event, 1) // want `chan ch cap=1 ops=recv@main senders=0 escapes=passed to interface method Attach`
	sub.Attach(ch)
	return <-ch
}

// Lookup sends the reply channel inside a request: the server goroutine
// elsewhere replies on it.
func Lookup(reqs chan<- request, key string) string {
	reply := make(chan string) // want `chan reply cap=0 ops=recv@main senders=0 escapes=stored in a composite literal`
	reqs <- request{key, reply}
	return <-reply
}

// Handoff sends the channel itself on another channel.
func Handoff(conns chan chan []byte) []byte {
	buf := make(chan []byte) // want `chan buf cap=0 ops=recv@main senders=0 escapes=sent on another channel`
	conns <- buf
	return <-buf
}

// Boxed keeps the channel in an interface value.
func Boxed() any {
	ch := make(chan int) // want `chan ch cap=0 ops= senders=0 escapes=assigned to an interface`
	var v any = ch
	return v
}

// Callback passes the channel to a function value.
func Callback(run func(chan error)) error {
	errc := make(chan error, 1) // want `chan errc cap=1 ops=recv@main senders=0 escapes=passed to a function value`
	run(errc)
	return <-errc
}

// Debug prints the channel through ...any.
func Debug() {
	ch := make(chan int, 3) // want `chan ch cap=3 ops=send@main senders=1 escapes=passed to Println as a non-channel parameter`
	fmt.Println(ch)
	ch <- 1
}

// Pointer takes the channel's address.
func Pointer(set func(*chan int)) {
	ch := make(chan int) // want `chan ch cap=0 ops=close@main senders=0 escapes=address taken`
	set(&ch)
	close(ch)
}

// Reused reassigns the variable, so its operations may be on either
// channel.
func Reused(n int) {
	ch := make(chan int, n) // want `chan ch cap=-1 ops= senders=0 escapes=variable reassigned`
	ch <- 1
	ch = make(chan int, 1) // want `chan ch cap=1 ops= senders=0 escapes=variable reassigned`
	ch <- 2
}

// StopOnce closes through sync.Once: a closure the pass cannot place.
func StopOnce(work func(<-chan struct{})) {
	var once sync.Once
	done := make(chan struct{}) // want `chan done cap=0 ops= senders=0 escapes=captured by a closure`
	stop := func() { once.Do(func() { close(done) }) }
	go work(done)
	stop()
	stop()
}

// Indexed stores the channel in a slice and a map.
func Indexed(n int) (map[string]chan int, []chan int) {
	byName := map[string]chan int{}
	all := make([]chan int, n)
	a := make(chan int) // want `chan a cap=0 ops= senders=0 escapes=stored in a map`
	byName["a"] = a
	b := make(chan int) // want `chan b cap=0 ops= senders=0 escapes=stored in a slice or array`
	all[0] = b
	c := make(chan int) // want `chan c cap=0 ops= senders=0 escapes=stored in a slice`
	all = append(all, c)
	return byName, all
}

// Unbound makes channels that no variable holds: nothing to report.
func Unbound(s *Server) chan int {
	s.events = make(chan Event)
	return make(chan int)
}

// Local helper summaries keep the channel from escaping; a helper that
// lets it go does not.
func drainLocal(in <-chan Event) {
	for range in {
	}
}

func keep(s *Server, ch chan Event) { s.events = ch }

func Helpers(s *Server) {
	kept := make(chan Event) // want `chan kept cap=0 ops=send@main senders=1 escapes=passed to keep, which lets it escape`
	keep(s, kept)
	kept <- Event{}
	drained := make(chan Event) // want `chan drained cap=0 ops=range:drainLocal@go,send@main,close@main senders=1 escapes=false`
	go drainLocal(drained)
	drained <- Event{Name: "x"}
	close(drained)
}

type sink struct{ n int }

func (s *sink) consume(in <-chan Event) {
	for range in {
		s.n++
	}
}

// MethodValue starts a goroutine on a method value held in a variable
// assigned once: the method is followed as if called by name, while a
// function value that is a parameter is not.
func MethodValue(s *sink, run func(chan Event)) {
	consume := s.consume
	events := make(chan Event) // want `chan events cap=0 ops=range:consume@go,send@main,close@main senders=1 escapes=false`
	go consume(events)
	events <- Event{}
	close(events)
	other := make(chan Event) // want `chan other cap=0 ops= senders=0 escapes=passed to a function value`
	go run(other)
}
