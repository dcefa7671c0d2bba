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
