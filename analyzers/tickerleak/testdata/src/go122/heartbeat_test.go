//go:build go1.22

package go122

import (
	"bytes"
	"testing"
	"time"
)

type fakeConn struct{ bytes.Buffer }

func (*fakeConn) SetDeadline(time.Time) error { return nil }
func (*fakeConn) Ping() error                 { return nil }
func (*fakeConn) Close() error                { return nil }

// Test binaries exit soon after: a test's Tick is not reported.
func TestHeartbeat(t *testing.T) {
	done := make(chan struct{})
	go sendHeartbeatsStopped(new(fakeConn), done)
	tick := time.Tick(10 * time.Millisecond)
	select {
	case <-tick:
	case <-time.After(time.Second):
		t.Fatal("no tick")
	}
	close(done)
}

// A goroutine a test starts ends with the test binary; test helpers often
// serve as a subprocess's main.
func TestProbe(t *testing.T) {
	ready := make(chan struct{}, 1)
	go func() {
		tick := time.NewTicker(time.Millisecond)
		for range tick.C {
			select {
			case ready <- struct{}{}:
			default:
			}
		}
	}()
	<-ready
}
