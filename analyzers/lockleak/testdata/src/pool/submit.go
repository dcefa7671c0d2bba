package pool

import (
	"context"
	"sync"
)

// Submitter admits batches under a read lock; every way out goes through
// reject, a closure that releases it, as go-redis's fdPipeline.push does.
type Submitter struct {
	submitMu sync.RWMutex
	closed   bool
	queue    chan []string
}

func (s *Submitter) Push(ctx context.Context, batch []string) error {
	reject := func(err error) error {
		s.submitMu.RUnlock()
		return err
	}
	s.submitMu.RLock()
	for {
		if s.closed {
			return reject(ErrClosed)
		}
		if err := ctx.Err(); err != nil {
			return reject(err)
		}
		select {
		case s.queue <- batch:
			s.submitMu.RUnlock()
			return nil
		case <-ctx.Done():
			return reject(ctx.Err())
		}
	}
}

// PushRebound binds reject twice, so which closure runs is unknown and the
// call is not taken as a release.
func (s *Submitter) PushRebound(batch []string, quiet bool) error {
	reject := func(err error) error {
		s.submitMu.RUnlock()
		return err
	}
	if quiet {
		reject = func(err error) error { return err }
	}
	s.submitMu.RLock()
	if s.closed {
		return reject(ErrClosed) // want `return at line \d+ leaves s.submitMu read-locked`
	}
	s.queue <- batch
	s.submitMu.RUnlock()
	return nil
}
