//go:build go1.23

package go123

import (
	"context"
	"log"
	"time"
)

// A Conn is a peer connection.
type Conn interface {
	Write(p []byte) (int, error)
	SetDeadline(t time.Time) error
	Ping() error
	Close() error
}

// sendHeartbeats pings one peer until done is closed; it runs once per
// connection, so every Tick it makes outlives the connection.
func sendHeartbeats(conn Conn, done <-chan struct{}) {
	beat := time.Tick(5 * time.Second)
	for {
		select {
		case <-beat:
			if _, err := conn.Write([]byte("ping\n")); err != nil {
				return
			}
		case <-done:
			return
		}
	}
}

// sendHeartbeatsStopped is the fixed version.
func sendHeartbeatsStopped(conn Conn, done <-chan struct{}) {
	t := time.NewTicker(5 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if _, err := conn.Write([]byte("ping\n")); err != nil {
				return
			}
		case <-done:
			return
		}
	}
}

// watchPeer refreshes the connection's deadline every second.
func watchPeer(ctx context.Context, conn Conn) error {
	t := time.NewTicker(time.Second)
	for {
		select {
		case <-t.C:
			if err := conn.SetDeadline(time.Now().Add(3 * time.Second)); err != nil {
				return err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// heartbeatUntil stops its ticker on the way out.
func heartbeatUntil(ctx context.Context, beat func()) {
	t := time.NewTicker(time.Second)
	for {
		select {
		case <-t.C:
			beat()
		case <-ctx.Done():
			t.Stop()
			return
		}
	}
}

// newHeartbeat hands its ticker to the caller, who stops it.
func newHeartbeat(d time.Duration) *time.Ticker {
	t := time.NewTicker(d)
	return t
}

// A Monitor samples a gauge until Close stops its ticker.
type Monitor struct {
	ticker *time.Ticker
	sample func()
	done   chan struct{}
}

func (m *Monitor) Start(every time.Duration) {
	t := time.NewTicker(every)
	m.ticker = t
	go func() {
		for {
			select {
			case <-m.ticker.C:
				m.sample()
			case <-m.done:
				return
			}
		}
	}()
}

func (m *Monitor) Close() {
	m.ticker.Stop()
	close(m.done)
}

// heartbeatForever is an endless function: its Tick lives as long as it
// does, which is what Tick is for.
func heartbeatForever(conn Conn) {
	for range time.Tick(10 * time.Second) {
		if _, err := conn.Write([]byte("ping\n")); err != nil {
			log.Print(err)
		}
	}
}

// refreshForever never returns either, but asks for a new ticker on every
// round, and each one keeps ticking.
func refreshForever(refresh func()) {
	for {
		<-time.Tick(time.Minute)
		refresh()
	}
}

// reportEvery reports until report fails, through a ticker it drops.
func reportEvery(d time.Duration, report func() error) {
	for range time.NewTicker(d).C {
		if err := report(); err != nil {
			return
		}
	}
}

// every hands out its ticker's channel: the caller decides how long it is
// read, and a deferred Stop here would silence it.
func every(d time.Duration) <-chan time.Time {
	t := time.NewTicker(d)
	return t.C
}

// streamEvents registers a handler that streams a clock to each client
// until it disconnects: one Tick per client.
func streamEvents(register func(path string, h func(w Conn, done <-chan struct{}))) {
	register("/events", func(w Conn, done <-chan struct{}) {
		tick := time.Tick(time.Second)
		for {
			select {
			case now := <-tick:
				if _, err := w.Write([]byte(now.String() + "\n")); err != nil {
					return
				}
			case <-done:
				return
			}
		}
	})
}

// pace refreshes for as long as the process lives: ranging over a Tick
// never ends, so the function never returns.
func pace(refresh func()) {
	lim := time.Tick(time.Second)
	for range lim {
		refresh()
	}
}

// pollIfEnabled returns only when polling is disabled, before it makes
// its ticker; once it ticks it runs for as long as the process.
func pollIfEnabled(d time.Duration, poll func()) {
	if d <= 0 {
		return
	}
	for range time.Tick(d) {
		poll()
	}
}

// scrapeIfEnabled makes its ticker before the check, and the early
// return leaves it running.
func scrapeIfEnabled(d time.Duration, enabled func() bool, scrape func()) {
	t := time.NewTicker(d)
	if !enabled() {
		return
	}
	for range t.C {
		scrape()
	}
}
