// Package exclusive holds a poller and its tests, which close a release
// channel under conditions on one variable that rule each other out, and
// look-alikes whose conditions can both hold.
package exclusive

import (
	"sync/atomic"
	"testing"
)

type supplier struct {
	entered chan struct{}
	release chan struct{}
}

type poller struct {
	noRepoll atomic.Bool
	supplier *supplier
	mode     string
}

func (p *poller) Mode() string { return p.mode }

func settle() {}

// stopPoller releases the supplier once: before the poller stops for a
// rate limit, after it for a slot. wait is one or the other.
func stopPoller(p *poller, wait string) {
	<-p.supplier.entered
	if wait == "rate" {
		close(p.supplier.release)
		settle()
	}
	p.noRepoll.Store(true)
	if wait == "slot" {
		close(p.supplier.release)
	}
}

// TestStopPolling runs stopPoller's body for each kind of wait, in a
// closure that captures the range variable.
func TestStopPolling(t *testing.T) {
	for _, wait := range []string{"rate", "slot"} {
		t.Run(wait, func(t *testing.T) {
			s := &supplier{entered: make(chan struct{}), release: make(chan struct{})}
			if wait == "rate" {
				close(s.release)
			}
			t.Log("stopping")
			if wait == "slot" {
				close(s.release)
			}
		})
	}
}

type drainMode int

const (
	drainGraceful drainMode = iota
	drainAbort
	drainNone
)

type queue struct {
	done  chan struct{}
	items chan int
}

// shutdown closes done in the switch case for a graceful drain and in the
// if for an abort, which are different modes.
func (q *queue) shutdown(mode drainMode) {
	switch mode {
	case drainGraceful:
		for range q.items {
		}
		close(q.done)
	case drainNone:
		return
	}
	if mode == drainAbort {
		close(q.done)
	}
}

// closeListener closes accept for tcp and for everything else, never both.
func closeListener(kind string, accept chan int) {
	if kind == "tcp" {
		close(accept)
	}
	if kind != "tcp" {
		close(accept)
	}
}

// finish closes on a tagless switch case and on a contradicting if.
func finish(results chan int, wait string) {
	switch {
	case wait == "rate":
		close(results)
	case wait == "":
		return
	}
	if wait == "slot" {
		close(results)
	}
}

// release closes once, since graceful and !graceful cannot both hold.
func release(out chan int, graceful bool, n int) {
	if graceful && n > 0 {
		close(out)
	}
	n++
	if !graceful {
		close(out)
	}
}

// stopPollerNeq closes under wait == "rate" and wait != "slot", which both
// hold when wait is "rate".
func stopPollerNeq(p *poller, wait string) {
	if wait == "rate" {
		close(p.supplier.release)
	}
	p.noRepoll.Store(true)
	if wait != "slot" {
		close(p.supplier.release) // want `close of p.supplier.release, which is already closed at line 124 on this path`
	}
}

// stopPollerReassigned tests wait again after setting it.
func stopPollerReassigned(p *poller, wait string) {
	if wait == "rate" {
		close(p.supplier.release)
		wait = "slot"
	}
	if wait == "slot" {
		close(p.supplier.release) // want `close of p.supplier.release, which is already closed at line 135 on this path`
	}
}

// stopPollerByMode tests a method's result twice: nothing says the two
// calls agree.
func stopPollerByMode(p *poller) {
	if p.Mode() == "rate" {
		close(p.supplier.release)
	}
	if p.Mode() == "slot" {
		close(p.supplier.release) // want `close of p.supplier.release, which is already closed at line 147 on this path`
	}
}

// stopPollerAdvance changes phase through a closure between the tests.
func stopPollerAdvance(p *poller) {
	phase := "start"
	advance := func() { phase = "stop" }
	if phase == "start" {
		close(p.supplier.release)
	}
	advance()
	if phase == "stop" {
		close(p.supplier.release) // want `close of p.supplier.release, which is already closed at line 159 on this path`
	}
}

func setMode(m *string) { *m = "slot" }

// stopPollerPointer lets another function set wait through its address.
func stopPollerPointer(p *poller, wait string) {
	if wait == "rate" {
		close(p.supplier.release)
	}
	setMode(&wait)
	if wait == "slot" {
		close(p.supplier.release) // want `close of p.supplier.release, which is already closed at line 172 on this path`
	}
}
