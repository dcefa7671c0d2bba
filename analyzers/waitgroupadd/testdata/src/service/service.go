// Package service starts workers from package jobs.
package service

import (
	"sync"

	"jobs"
)

type Service struct {
	runner *jobs.Runner
	queue  chan jobs.Job
	wg     sync.WaitGroup
}

// --- buggy ---

func (s *Service) Start(n int) {
	for i := 0; i < n; i++ {
		go jobs.Worker(&s.wg, s.queue) // want `jobs.Worker calls s.wg.Add inside the goroutine it starts, racing with Wait; call Add before the go statement`
	}
}

func (s *Service) StartRunner() {
	go s.runner.Loop() // want `s.runner.Loop calls s.runner.WG.Add inside the goroutine it starts`
}

func (s *Service) StartFlush() {
	go jobs.Flush(s.queue) // want `jobs.Flush calls jobs.Pending.Add inside the goroutine it starts`
}

// --- correct ---

func (s *Service) Stop() {
	close(s.queue)
	s.wg.Wait()
	s.runner.WG.Wait()
}

// StartServe counts before starting.
func (s *Service) StartServe() {
	s.runner.WG.Add(1)
	go s.runner.Serve()
}

// StartCounted counts a Worker before starting it: its inner Add is then
// nested in a count already above zero.
func (s *Service) StartCounted() {
	s.wg.Add(2)
	go jobs.Worker(&s.wg, s.queue)
	go jobs.Worker(&s.wg, s.queue)
}

// dispatch is counted and Adds for each job before handing it to Submit,
// which starts a goroutine in another package.
func (s *Service) dispatch(batch []jobs.Job) {
	defer s.runner.WG.Done()
	for _, j := range batch {
		s.runner.WG.Add(1)
		s.runner.Submit(j)
	}
}

func (s *Service) Dispatch(batch []jobs.Job) {
	s.runner.WG.Add(1)
	go s.dispatch(batch)
}

// drainSync runs Worker in the caller's own goroutine.
func (s *Service) drainSync() {
	var wg sync.WaitGroup
	jobs.Worker(&wg, s.queue)
	wg.Wait()
}

// literalDispatch Adds on the runner's WaitGroup for each job it submits;
// it Dones a different WaitGroup itself.
func (s *Service) literalDispatch(batch []jobs.Job) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		r := s.runner
		for _, j := range batch {
			r.WG.Add(1)
			r.Submit(j)
		}
	}()
	wg.Wait()
}
