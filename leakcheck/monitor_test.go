package leakcheck

import (
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestBenchScalingLeak(t *testing.T) {
	for _, c := range []struct {
		name      string
		ops, leak int
		fails     bool
	}{
		{"per operation", 100, 100, true},
		{"constant pool", 1000, 3, false},
		{"clean", 1000, 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := &fakeT{}
			benchCheck(f, func() int { return c.ops }, []Option{Timeout(50 * time.Millisecond)})
			var releases []func()
			for range c.leak {
				releases = append(releases, receiveNeverSent())
			}
			got := f.finish()
			for _, r := range releases {
				r()
			}
			if c.fails != strings.Contains(got, "a leak per operation") {
				t.Errorf("fails=%v, report:\n%s", c.fails, got)
			}
			if c.fails && !strings.Contains(got, fmt.Sprintf("%d goroutines blocked in chan receive", c.leak)) {
				t.Errorf("report lacks the group:\n%s", got)
			}
		})
	}
}

func TestMonitor(t *testing.T) {
	m := NewMonitor(time.Hour, time.Minute)
	release := waitGroupNeverDone()
	defer release()
	start := time.Now()
	for waiting := false; !waiting; time.Sleep(time.Millisecond) {
		m.Sample(start) // until the goroutine has reached Wait
		m.mu.Lock()
		for _, b := range m.since {
			waiting = waiting || b.state == "sync.WaitGroup.Wait"
		}
		m.mu.Unlock()
	}
	if b := m.Blocked(); len(b) != 0 {
		t.Fatalf("blocked for no time yet, reported: %v", b)
	}
	m.Sample(start.Add(2 * time.Minute))
	var wait *Leak // other tests' goroutines may be in the process too
	for _, l := range m.Blocked() {
		if l.BlockedAt.Line == lineOf(t, "// blocks: waitGroupNeverDone") {
			wait = &l
		}
	}
	if wait == nil || wait.State != "sync.WaitGroup.Wait" || len(wait.IDs) != 1 || wait.Waited < 2*time.Minute {
		t.Fatalf("blocked: %v", m.Blocked())
	}
	rec := httptest.NewRecorder()
	m.ServeHTTP(rec, httptest.NewRequest("GET", "/debug/leaks", nil))
	body, _ := io.ReadAll(rec.Result().Body)
	if !strings.Contains(string(body), " samples, last at ") || !strings.Contains(string(body), "blocked in sync.WaitGroup.Wait for 2m0s") {
		t.Errorf("handler output:\n%s", body)
	}
}

func TestMonitorRun(t *testing.T) {
	m := NewMonitor(time.Millisecond, time.Hour)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		m.Run(done)
	}()
	for {
		m.mu.Lock()
		n := m.samples
		m.mu.Unlock()
		if n >= 3 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	close(done)
	<-finished
}

// BenchmarkMonitorSample is the cost of one sample with N parked goroutines;
// divided by the sampling interval it is the monitor's overhead.
func BenchmarkMonitorSample(b *testing.B) {
	for _, n := range []int{100, 10000} {
		stop := make(chan struct{})
		for range n {
			go func() { <-stop }()
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m := NewMonitor(time.Minute, time.Minute)
			now := time.Now()
			for b.Loop() {
				now = now.Add(time.Minute)
				m.Sample(now)
			}
		})
		close(stop)
	}
}
