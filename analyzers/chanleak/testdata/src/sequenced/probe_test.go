package sequenced

import (
	"context"
	"net"
	"testing"
	"time"
)

// Correct: the first probe's result is received, or the test ends, before
// the second probe starts; each send fits the empty buffer.
func TestProbeTwice(t *testing.T) {
	ctx := context.Background()
	p := &Prober{addr: "127.0.0.1:4242"}
	errChan := make(chan error, 1)
	go func() { errChan <- p.Probe(ctx) }()
	time.Sleep(10 * time.Millisecond)
	select {
	case err := <-errChan:
		if err != nil {
			t.Fatalf("first probe: %v", err)
		}
	default:
		t.Fatal("first probe did not finish")
	}
	go func() { errChan <- p.Probe(ctx) }()
	time.Sleep(10 * time.Millisecond)
	select {
	case err := <-errChan:
		if err != nil {
			t.Fatalf("second probe: %v", err)
		}
	default:
		t.Fatal("second probe did not finish")
	}
}

// Correct: on a timeout the test ends before the second probe starts, and
// the first probe's late send fits the buffer.
func TestProbeTimeout(t *testing.T) {
	ctx := context.Background()
	p := &Prober{addr: "127.0.0.1:4242"}
	errCh := make(chan error, 1)
	go func() { errCh <- p.Probe(ctx) }()
	select {
	case err := <-errCh:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Second):
		t.Fatalf("probe timed out")
	}
	go func() { errCh <- p.Probe(ctx) }()
	select {
	case err := <-errCh:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Second):
		t.Fatalf("second probe timed out")
	}
}

// Correct: only one of the two servers is started on any path.
func TestServeEitherListener(t *testing.T) {
	for _, useTCP := range []bool{true, false} {
		t.Run("", func(t *testing.T) {
			srv := &Server{}
			serveChan := make(chan error, 1)
			if useTCP {
				ln, err := net.Listen("tcp", "127.0.0.1:0")
				if err != nil {
					t.Fatal(err)
				}
				go func() { serveChan <- srv.Serve(ln) }()
			} else {
				ln, err := net.Listen("unix", t.TempDir()+"/sock")
				if err != nil {
					t.Fatal(err)
				}
				go func() { serveChan <- srv.Serve(ln) }()
			}
			select {
			case err := <-serveChan:
				t.Fatalf("serve returned early: %v", err)
			case <-time.After(50 * time.Millisecond):
			}
		})
	}
}

// Correct: the first close is received before the second one starts.
func TestStreamCloseTwice(t *testing.T) {
	stream := &Prober{}
	errCh := make(chan error, 1)
	go func() { errCh <- stream.Probe(context.Background()) }()
	if err := <-errCh; err == nil {
		t.Fatal("probe of a closed stream succeeded")
	}
	go func() { errCh <- stream.Probe(context.Background()) }()
	select {
	case <-errCh:
	case <-time.After(time.Second):
		t.Fatal("second probe hangs")
	}
}

// Buggy: both probes run before either value is received; after the
// timeout's t.Fatal the buffer holds only one of them.
func TestProbeBoth(t *testing.T) {
	ctx := context.Background()
	a, b := &Prober{addr: "127.0.0.1:4242"}, &Prober{addr: "127.0.0.1:4243"}
	errChan := make(chan error, 1)
	go func() { errChan <- a.Probe(ctx) }() // want `2 goroutines send on errChan \(buffer of 1\), but TestProbeBoth may stop at t.Fatal without receiving from it: one sender blocks forever; give errChan a buffer of 2`
	go func() { errChan <- b.Probe(ctx) }()
	select {
	case err := <-errChan:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Second):
		t.Fatal("no probe finished")
	}
}

// Buggy: the second probe starts before the first value is received, so
// on the first timeout two values are pending.
func TestProbeRestart(t *testing.T) {
	ctx := context.Background()
	p := &Prober{addr: "127.0.0.1:4242"}
	errChan := make(chan error, 1)
	go func() { errChan <- p.Probe(ctx) }() // want `goroutine blocks forever sending on errChan \(buffer of 1\) when TestProbeRestart stops waiting at the select on line \d+ \(case <-time.After\(time.Second\)\): give errChan a buffer of 2`
	p.addr = "127.0.0.1:4243"
	go func() { errChan <- p.Probe(ctx) }() // want `goroutine blocks forever sending on errChan \(buffer of 1\) when TestProbeRestart`
	select {
	case err := <-errChan:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Second):
		t.Fatal("first probe timed out")
	}
	select {
	case err := <-errChan:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Second):
		t.Fatal("second probe timed out")
	}
}

// Buggy: t.Errorf does not end the test; after a timeout the second probe
// starts while the first one's value is still pending.
func TestProbeTimeoutContinues(t *testing.T) {
	ctx := context.Background()
	p := &Prober{addr: "127.0.0.1:4242"}
	errCh := make(chan error, 1)
	go func() { errCh <- p.Probe(ctx) }() // want `goroutine blocks forever sending on errCh \(buffer of 1\) when TestProbeTimeoutContinues stops waiting at the select on line \d+ \(case <-time.After\(time.Second\)\): give errCh a buffer of 2`
	select {
	case err := <-errCh:
		if err != nil {
			t.Error(err)
		}
	case <-time.After(time.Second):
		t.Errorf("probe timed out")
	}
	go func() { errCh <- p.Probe(ctx) }() // want `goroutine blocks forever sending on errCh`
	select {
	case err := <-errCh:
		if err != nil {
			t.Error(err)
		}
	case <-time.After(time.Second):
		t.Errorf("second probe timed out")
	}
}

// Correct: the t.Fatal on a dial error ends a test that already failed,
// before it waits for the probe; it is no timed-out call.
func TestProbeAfterDial(t *testing.T) {
	p := &Prober{addr: "127.0.0.1:4242"}
	done := make(chan error)
	go func() { done <- p.Probe(context.Background()) }()
	conn, err := net.Dial("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
	if err := <-done; err != nil {
		t.Error(err)
	}
}
