// Package eventloop holds the main loops of small servers and UIs.
package eventloop

import (
	"net"
	"sync"
	"time"
)

type Event struct {
	Kind string
	Data []byte
}

type Loop struct {
	events  chan Event
	quit    chan struct{}
	mu      sync.Mutex
	pending []Event
	frames  int
	stats   struct{ idle int }
	conn    net.Conn
	render  func()
}

// Run dispatches events; the default counts idle rounds, which is no
// pacing at all.
func (l *Loop) Run() {
	for {
		select {
		case ev := <-l.events:
			l.pending = append(l.pending, ev)
		case <-l.quit:
			return
		default: // want `select in a for loop has a default that neither blocks nor leaves the loop`
			l.stats.idle++
		}
	}
}

// RunBatched moves queued events out, but the loop spins between events.
func (l *Loop) RunBatched(out chan<- []Event) {
	var batch []Event
	for {
		select {
		case ev := <-l.events:
			batch = append(batch, ev)
		case out <- batch:
			batch = nil
		default: // want `select with an empty default in a for loop spins`
		}
		l.frames++
	}
}

// RunLabeled has a labelled select whose default breaks only the select.
func (l *Loop) RunLabeled() {
	for {
	sel:
		select {
		case <-l.quit:
			return
		default: // want `select in a for loop has a default that neither blocks nor leaves the loop`
			if len(l.pending) == 0 {
				break sel
			}
			l.pending = l.pending[:0]
		}
	}
}

// --- correct look-alikes ---

// RunTicker renders on a ticker and otherwise blocks.
func (l *Loop) RunTicker() {
	frame := time.NewTicker(16 * time.Millisecond)
	defer frame.Stop()
	for {
		select {
		case ev := <-l.events:
			l.pending = append(l.pending, ev)
		case <-frame.C:
			l.render()
		case <-l.quit:
			return
		}
	}
}

// RunRender renders every round: the default calls a function value.
func (l *Loop) RunRender() {
	for {
		select {
		case ev := <-l.events:
			l.pending = append(l.pending, ev)
		case <-l.quit:
			return
		default:
			l.render()
		}
	}
}

// RunReader reads from the connection in the default: I/O blocks.
func (l *Loop) RunReader() error {
	buf := make([]byte, 4096)
	for {
		select {
		case <-l.quit:
			return nil
		default:
			n, err := l.conn.Read(buf)
			if err != nil {
				return err
			}
			l.events <- Event{Kind: "data", Data: buf[:n]}
		}
	}
}

// RunForward blocks on a send in the default.
func (l *Loop) RunForward(out chan<- Event) {
	for {
		select {
		case <-l.quit:
			return
		default:
			out <- <-l.events
		}
	}
}

// RunFlush takes the lock in the default, which can block.
func (l *Loop) RunFlush() {
	for {
		select {
		case <-l.quit:
			return
		default:
			l.mu.Lock()
			l.pending = nil
			l.mu.Unlock()
		}
	}
}

// RunNested waits in a nested select without default.
func (l *Loop) RunNested() {
	for {
		select {
		case ev := <-l.events:
			l.pending = append(l.pending, ev)
		default:
			select {
			case ev := <-l.events:
				l.pending = append(l.pending, ev)
			case <-l.quit:
				return
			}
		}
	}
}

// RunAll leaves the loop from a switch in the default with a labelled
// break.
func (l *Loop) RunAll() {
outer:
	for {
		select {
		case ev := <-l.events:
			l.pending = append(l.pending, ev)
		default:
			switch {
			case len(l.pending) > 10:
				break outer
			}
		}
	}
}

// Dispatch publishes to every subscriber without blocking: the loop is
// over the subscribers and ends.
func Dispatch(subs []chan Event, ev Event) {
	for i := range subs {
		select {
		case subs[i] <- ev:
		default:
		}
	}
}
