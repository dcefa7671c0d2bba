// Package stoptest holds worker tests that close an unblock channel before
// failing the test on a timeout and close it again on the way out: a call
// that ends the test ends the path, one that only records a failure does
// not.
package stoptest

import (
	"errors"
	"testing"
	"time"

	"testify/suite"
)

type worker struct {
	started chan struct{}
	unblock chan struct{}
	errs    chan error
}

func (w *worker) run() {
	close(w.started)
	<-w.unblock
}

type WorkerSuite struct {
	suite.Suite
	w *worker
}

// TestStartBlocked fails the test from the timeout case: s.FailNow reaches
// t.FailNow through testify's TestingT, so only the test-ending rule knows
// that the close after the select runs once.
func (s *WorkerSuite) TestStartBlocked() {
	go s.w.run()
	select {
	case <-s.w.started:
	case <-time.After(time.Second):
		close(s.w.unblock)
		s.FailNow("worker blocked before starting")
	}
	close(s.w.unblock)
}

// waitStarted fails through testing.TB, an interface.
func waitStarted(tb testing.TB, w *worker) {
	select {
	case <-w.started:
	case <-time.After(time.Second):
		close(w.unblock)
		tb.Fatalf("worker blocked before starting")
	}
	close(w.unblock)
}

// TestRunSkipped skips on a *testing.T, whose SkipNow ctrlflow sees reach
// runtime.Goexit.
func TestRunSkipped(t *testing.T) {
	w := &worker{started: make(chan struct{}), unblock: make(chan struct{})}
	if testing.Short() {
		close(w.unblock)
		t.Skip("slow")
	}
	close(w.unblock)
}

// drainErrors stops at the first error, closing before it fails the test.
func drainErrors(tb testing.TB, w *worker) {
	for err := range w.errs {
		if errors.Is(err, errors.ErrUnsupported) {
			close(w.unblock)
			tb.SkipNow()
		}
	}
	close(w.unblock)
}

// TestStartBlockedSoft only records the failure and goes on to the close
// after the select.
func (s *WorkerSuite) TestStartBlockedSoft() {
	go s.w.run()
	select {
	case <-s.w.started:
	case <-time.After(time.Second):
		close(s.w.unblock)
		s.Fail("worker blocked before starting")
	}
	close(s.w.unblock) // want `close of s.w.unblock, which is already closed at line 85 on this path`
}

// waitStartedSoft reports with Errorf, which returns.
func waitStartedSoft(tb testing.TB, w *worker) {
	select {
	case <-w.started:
	case <-time.After(time.Second):
		close(w.unblock)
		tb.Errorf("worker blocked before starting")
	}
	close(w.unblock) // want `close of w.unblock, which is already closed at line 96 on this path`
}

// TestStartBlockedMaybe fails the test only when no error came back.
func (s *WorkerSuite) TestStartBlockedMaybe() {
	select {
	case <-s.w.started:
	case err := <-s.w.errs:
		close(s.w.unblock)
		if err == nil {
			s.FailNow("worker stopped without an error")
		}
	}
	close(s.w.unblock) // want `close of s.w.unblock, which is already closed at line 107 on this path`
}
