package cluster

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// --- correct ---

// The sleep outlasts the election timeout and Stale reads the clock; the
// goroutine counting votes is not what the test reads.
func TestLeaderGoesStale(t *testing.T) {
	votes := make(chan string)
	var seen uint32
	go func() {
		for range votes {
			atomic.AddUint32(&seen, 1)
		}
	}()
	n := NewNode(Config{ElectionTimeout: 20 * time.Millisecond}, votes)
	time.Sleep(60 * time.Millisecond)
	if !n.Stale() {
		t.Fatal("leader not stale after the election timeout")
	}
}

// --- buggy ---

// The sleep outlasts the election timeout, but the votes are counted by
// the goroutine at line 36, which nothing says has run by then.
func TestVotesAfterTimeout(t *testing.T) {
	votes := make(chan string)
	var seen uint32
	go func() {
		for range votes {
			atomic.AddUint32(&seen, 1)
		}
	}()
	n := NewNode(Config{ElectionTimeout: 20 * time.Millisecond}, votes)
	go n.Run(context.Background())
	time.Sleep(60 * time.Millisecond) // want `wait until the goroutines started at lines 36 and 42 are ready`
	if atomic.LoadUint32(&seen) == 0 {
		t.Fatal("no vote requested after the election timeout")
	}
}
