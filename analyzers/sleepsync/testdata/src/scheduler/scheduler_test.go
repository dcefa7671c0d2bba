package scheduler

import (
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// --- buggy ---

func TestSkipRunsImmediately(t *testing.T) {
	var j countJob
	run := SkipIfRunning(j.Run)
	go run()
	time.Sleep(2 * time.Millisecond) // want `goroutine started at line 15: sleeping does not guarantee it has finished`
	if c := j.done.Load(); c != 1 {
		t.Errorf("expected job run once, immediately, got %d", c)
	}
}

// Both sleeps guess; only the last one is reported.
func TestSkipSecondWhileRunning(t *testing.T) {
	j := countJob{delay: 10 * time.Millisecond}
	run := SkipIfRunning(j.Run)
	go func() {
		go run()
		time.Sleep(time.Millisecond) // in the goroutine's own body: silent
		go run()
	}()
	time.Sleep(5 * time.Millisecond)
	if started, done := j.started.Load(), j.done.Load(); started != 1 || done != 0 {
		t.Error("expected first job started, but not finished, got", started, done)
	}
	time.Sleep(25 * time.Millisecond) // want `goroutine started at line 26`
	if started, done := j.started.Load(), j.done.Load(); started != 1 || done != 1 {
		t.Error("expected second job skipped, got", started, done)
	}
}

// --- correct look-alikes ---

// In a synctest bubble, Sleep returns once the other goroutines block.
func TestSkipInBubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var j countJob
		run := SkipIfRunning(j.Run)
		go run()
		time.Sleep(2 * time.Millisecond)
		if c := j.done.Load(); c != 1 {
			t.Errorf("got %d runs, want 1", c)
		}
	})
}

// bubbleSubtest runs f in a bubble within a subtest.
func bubbleSubtest(t *testing.T, name string, f func(testing.TB)) {
	t.Run(name, func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) { f(t) })
	})
}

func TestSkipInHelperBubble(t *testing.T) {
	bubbleSubtest(t, "overlap", func(t testing.TB) {
		j := countJob{delay: 10 * time.Millisecond}
		run := SkipIfRunning(j.Run)
		go run()
		go run()
		time.Sleep(time.Second)
		if c := j.done.Load(); c != 1 {
			t.Errorf("got %d runs, want 1", c)
		}
	})
}

func testTickerCounts(t testing.TB) {
	var n atomic.Int32
	stop := Ticker(time.Second, func() { n.Add(1) })
	go stop()
	time.Sleep(10 * time.Second)
	if got := n.Load(); got > 10 {
		t.Errorf("got %d ticks, want at most 10", got)
	}
}

func TestTickerCounts(t *testing.T) { bubbleSubtest(t, "counts", testTickerCounts) }

// synctest.Wait after the sleep is the join.
func TestTickerWait(t *testing.T) {
	synctestRun(t, func() {
		var n atomic.Int32
		stop := Ticker(time.Second, func() { n.Add(1) })
		defer stop()
		go func() { n.Add(100) }()
		time.Sleep(3 * time.Second)
		synctest.Wait()
	})
}

func synctestRun(t *testing.T, f func()) {
	synctest.Test(t, func(*testing.T) { f() })
}

// Stopping through the returned closure joins the ticker's goroutine.
func TestTickerStop(t *testing.T) {
	var n atomic.Int32
	stop := Ticker(time.Millisecond, func() { n.Add(1) })
	go n.Add(1)
	time.Sleep(20 * time.Millisecond)
	stop()
	if n.Load() == 0 {
		t.Error("no ticks")
	}
}

// A sleep between two spawns staggers them.
func TestStaggeredStarts(t *testing.T) {
	j := countJob{delay: time.Millisecond}
	go j.Run()
	time.Sleep(5 * time.Millisecond)
	go j.Run()
}
