package pollers

import (
	"testing"
	"time"
)

func TestDrain(t *testing.T) {
	ch := make(chan Job, 3)
	ch <- Job{1}
	ch <- Job{2}
	if n := drain(ch); n != 2 {
		t.Fatalf("drained %d, want 2", n)
	}
}

func TestWaitForSignal(t *testing.T) {
	done := make(chan struct{})
	go func() {
		time.Sleep(time.Millisecond)
		close(done)
	}()
	for {
		select {
		case <-done:
			return
		default: // want `select with an empty default in a for loop spins`
		}
	}
}

func TestWaitWithTimeout(t *testing.T) {
	done := make(chan struct{})
	go close(done)
	deadline := time.Now().Add(time.Second)
	for {
		select {
		case <-done:
			return
		default:
			if time.Now().After(deadline) {
				t.Fatal("timed out")
			}
		}
	}
}
