// Package jobs has a scheduler with a package-level log channel and a
// test-style helper with local channels.
package jobs

import (
	"sync"
	"testing"
)

var (
	logMu   sync.Mutex
	history []string
	logs    = make(chan string)
)

func init() {
	go func() {
		for line := range logs {
			logMu.Lock()
			history = append(history, line)
			logMu.Unlock()
		}
	}()
}

// Logf holds logMu while handing the line to the logger goroutine.
func Logf(line string) {
	logMu.Lock()
	defer logMu.Unlock()
	if len(history) > 1000 {
		history = history[500:]
	}
	logs <- line // want `send on logs while holding logMu: the receiver \(goroutine in init, line 19\)`
}

// LogfFixed trims under the lock and sends after it.
func LogfFixed(line string) {
	logMu.Lock()
	if len(history) > 1000 {
		history = history[500:]
	}
	logMu.Unlock()
	logs <- line
}

// TestWorkers drives two workers that record results under a local lock.
func TestWorkers(t *testing.T) {
	var mu sync.Mutex
	results := map[int]int{}
	jobs := make(chan int)
	done := make(chan struct{})
	go func(in <-chan int) {
		defer close(done)
		for j := range in {
			mu.Lock()
			results[j] = j * 2
			mu.Unlock()
		}
	}(jobs)
	mu.Lock()
	for i := 0; i < 3; i++ {
		jobs <- i // want `send on jobs while holding mu: the receiver \(goroutine in TestWorkers, line 55\)`
	}
	mu.Unlock()
	close(jobs)
	<-done
}

// TestWorkersFixed sends without the lock and checks after.
func TestWorkersFixed(t *testing.T) {
	var mu sync.Mutex
	results := map[int]int{}
	jobs := make(chan int)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for j := range jobs {
			mu.Lock()
			results[j] = j * 2
			mu.Unlock()
		}
	}()
	for i := 0; i < 3; i++ {
		jobs <- i
	}
	close(jobs)
	<-done
	mu.Lock()
	defer mu.Unlock()
	if len(results) != 3 {
		t.Fatalf("got %d results", len(results))
	}
}

// A Scheduler waits on a Cond under its lock: Wait releases it.
type Scheduler struct {
	mu    sync.Mutex
	cond  *sync.Cond
	queue []int
	ready chan int
}

func (s *Scheduler) Next() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.queue) == 0 {
		s.cond.Wait()
	}
	j := s.queue[0]
	s.queue = s.queue[1:]
	return j
}

// Pump hands jobs to a consumer that never takes s.mu.
func (s *Scheduler) Pump() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, j := range s.queue {
		s.ready <- j
	}
	s.queue = nil
}

func (s *Scheduler) consume(run func(int)) {
	for j := range s.ready {
		run(j)
	}
}

// Requeue puts work back from inside the consumer: the only receive
// loop is the sender's own.
func (s *Scheduler) Requeue(retry func(int) bool) {
	for j := range s.ready {
		s.mu.Lock()
		if retry(j) {
			s.ready <- j
		}
		s.mu.Unlock()
	}
}
