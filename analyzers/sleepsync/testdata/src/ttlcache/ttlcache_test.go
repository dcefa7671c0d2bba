package ttlcache

import (
	"testing"
	"time"
)

// --- correct: the sleep outlasts a timeout the cache was given ---

func TestEntryExpires(t *testing.T) {
	c := New(Options{TTL: 50 * time.Millisecond, SweepEvery: time.Hour})
	defer c.Close()
	c.Set("k", "v")
	time.Sleep(100 * time.Millisecond)
	if _, ok := c.Get("k"); ok {
		t.Fatal("entry outlived its TTL")
	}
}

func TestSessionIdles(t *testing.T) {
	s := NewSessions(20 * time.Millisecond)
	s.Touch("a")
	time.Sleep(30 * time.Millisecond)
	if s.Alive("a") {
		t.Fatal("idle session still alive")
	}
}

// The sleep is measured against a timeout armed in the test itself.
func TestDeadlineExpires(t *testing.T) {
	c := New(Options{TTL: time.Hour, SweepEvery: time.Hour})
	defer c.Close()
	expired := time.AfterFunc(10*time.Millisecond, func() {})
	time.Sleep(20 * time.Millisecond)
	if expired.Stop() {
		t.Fatal("timer has not fired")
	}
}

// --- buggy: the sleep waits for a goroutine ---

// The TTL is an hour: the sleep hopes the sweeper has run, which is a
// goroutine's work, not an expiry.
func TestSweeperRuns(t *testing.T) {
	c := New(Options{TTL: time.Hour, SweepEvery: 10 * time.Millisecond})
	defer c.Close()
	time.Sleep(30 * time.Millisecond) // want `wait until the goroutines started by New at line 45 are ready`
	if c.Sweeps() == 0 {
		t.Fatal("sweeper never ran")
	}
}

// Delay is slept by the loader's goroutine: it is work to wait for.
func TestLoaderFills(t *testing.T) {
	c := New(Options{TTL: time.Hour, SweepEvery: time.Hour})
	defer c.Close()
	l := &Loader{Delay: 5 * time.Millisecond}
	l.Load(c, "k", "v")
	time.Sleep(20 * time.Millisecond) // want `goroutines started at lines 55 and 58 are ready`
	if _, ok := c.Get("k"); !ok {
		t.Fatal("not loaded")
	}
}
