// Package signals holds forwarders that stop on channels of their own
// whose element type does not say they are signals: only their names do
// (the fallback after chan struct{} and ctx.Done()).
package signals

import (
	"context"
	"log"
)

type Msg struct {
	Topic string
	Body  []byte
}

type Forwarder struct {
	in       chan Msg
	out      chan Msg
	quit     chan bool
	shutdown chan error
	ready    chan bool
	reload   chan string
}

// Run forwards until quit: a stop channel of its own, watched each round.
func (f *Forwarder) Run(ctx context.Context) {
	for {
		select {
		case m := <-f.in:
			f.out <- m
		case <-f.quit:
			return
		}
	}
}

// Serve forwards until shutdown delivers the reason.
func (f *Forwarder) Serve(ctx context.Context) error {
	for {
		select {
		case m := <-f.in:
			f.out <- m
		case err := <-f.shutdown:
			return err
		}
	}
}

// Pump forwards with a stop check that only logs: the send in the loop is
// still watched each round through quit.
func (f *Forwarder) Pump(ctx context.Context) {
	for n := 0; ; n++ {
		select {
		case m := <-f.in:
			f.out <- m
		case <-f.quit:
			log.Println("pump stopped after", n)
			return
		}
	}
}

// Wait forwards once ready: ready says when to start, not when to stop.
func (f *Forwarder) Wait(ctx context.Context) {
	for {
		select { // want `select in a loop has no case <-ctx.Done\(\), so it keeps this endless loop waiting forever`
		case m := <-f.in:
			f.out <- m // want `send on f.out in a loop ignores ctx`
		case <-f.ready:
			log.Println("ready")
		}
	}
}

// Reload forwards and reloads on a channel of file names.
func (f *Forwarder) Reload(ctx context.Context) {
	for {
		select { // want `select in a loop has no case <-ctx.Done\(\), so it keeps this endless loop waiting forever`
		case m := <-f.in:
			f.out <- m // want `send on f.out in a loop ignores ctx`
		case name := <-f.reload:
			log.Println("reload", name)
		}
	}
}
