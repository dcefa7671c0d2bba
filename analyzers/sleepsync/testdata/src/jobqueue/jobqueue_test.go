package jobqueue

import (
	"context"
	"errors"
	"testing"
	"time"
)

// --- correct: the sleep decides how long the workers run ---

// The deferred cancel stops the worker when the test returns: the sleep
// is how long it runs, exactly as with an explicit cancel() after it.
func TestWorkSurvivesFailingJobs(t *testing.T) {
	q := New(8)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go q.Work(ctx)
	for i := 0; i < 8; i++ {
		q.Submit(func() error { return errors.New("boom") })
	}
	time.Sleep(20 * time.Millisecond)
}

func TestWorkUntilClosed(t *testing.T) {
	q := New(1)
	stop := make(chan struct{})
	defer close(stop)
	go q.WorkUntil(stop)
	q.Submit(func() error { panic("not reached in this test") })
	time.Sleep(10 * time.Millisecond)
}

func TestStartStop(t *testing.T) {
	q := New(4)
	q.Start()
	defer q.Stop()
	q.Submit(func() error { return nil })
	time.Sleep(10 * time.Millisecond)
}

func TestWorkCleanupCancels(t *testing.T) {
	q := New(4)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go q.Work(ctx)
	time.Sleep(5 * time.Millisecond)
}

// --- buggy ---

// The worker was already cancelled; the deferred cancel decides nothing,
// and the sleep guesses how long the worker takes to finish its job.
func TestCancelThenCount(t *testing.T) {
	q := New(4)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	q.Submit(func() error { return nil })
	go q.Work(ctx)
	cancel()
	time.Sleep(10 * time.Millisecond) // want `wait for the goroutine started at line 59: sleeping does not guarantee it has finished`
	if q.Ran() > 1 {
		t.Fatal("ran more jobs than submitted")
	}
}

// A few milliseconds are hoped to be enough for the job to run.
func TestSubmitRuns(t *testing.T) {
	q := New(4)
	go q.Work(context.Background())
	q.Submit(func() error { return nil })
	time.Sleep(5 * time.Millisecond) // want `wait until the goroutine started at line 70 is ready: sleeping does not guarantee it is; it runs until stopped`
	if q.Ran() != 1 {
		t.Fatalf("ran %d jobs, want 1", q.Ran())
	}
}

// The deferred cancel runs only once the test returns, after the check:
// the sleep hopes the worker has run the job by then.
func TestWorkCountsFailures(t *testing.T) {
	q := New(4)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go q.Work(ctx)
	q.Submit(func() error { return errors.New("boom") })
	time.Sleep(10 * time.Millisecond) // want `wait until the goroutine started at line 84 is ready`
	if q.Failed() != 1 {
		t.Fatalf("failed %d jobs, want 1", q.Failed())
	}
}

// Likewise with the stop in a deferred literal, reading the count
// through another call.
func TestStartedQueueRuns(t *testing.T) {
	q := New(4)
	q.Start()
	defer func() {
		q.Stop()
	}()
	q.Submit(func() error { return nil })
	time.Sleep(10 * time.Millisecond) // want `wait until the goroutines started by Start at line 96 are ready`
	assertRan(t, q, 1)
}

func assertRan(t *testing.T, q *Queue, want int64) {
	t.Helper()
	if got := q.Ran(); got != want {
		t.Fatalf("ran %d jobs, want %d", got, want)
	}
}

// --- correct: the deferred stop comes right after the sleep ---

// Nothing is read after the sleep: it only decides how long the worker
// runs before the deferred close stops it.
func TestWorkUntilClosedThenReturn(t *testing.T) {
	q := New(4)
	stop := make(chan struct{})
	defer close(stop)
	go q.WorkUntil(stop)
	q.Submit(func() error { return nil })
	if testing.Short() {
		return
	}
	time.Sleep(10 * time.Millisecond)
}
