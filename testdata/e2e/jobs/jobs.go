// Package jobs is a small job runner with the mistakes golint-conc exists
// to catch. Lines marked "e2e: NAME" must be reported by analyzer NAME.
package jobs

import (
	"fmt"
	"sync"
	"time"
)

type Job struct {
	ID   int
	Data string
}

type Stats struct {
	mu   sync.Mutex
	done int
}

func (s *Stats) Inc() {
	s.mu.Lock()
	s.done++
	s.mu.Unlock()
}

// RunAll processes every job on its own goroutine.
func RunAll(jobs []Job, stats *Stats) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		go func() {
			wg.Add(1) // e2e: waitgroupadd
			defer wg.Done()
			process(j)
			stats.Inc()
		}()
	}
	wg.Wait()
}

// Report prints a snapshot of the stats.
func Report(stats *Stats) {
	snapshot := *stats // e2e: synccopy
	fmt.Println(snapshot.done)
}

// Warm starts the cache fillers and gives them a moment.
func Warm(keys []string) {
	for _, k := range keys {
		go fill(k)
	}
	time.Sleep(50 * time.Millisecond) // e2e: sleepsync
}

// Fanout starts one goroutine per job, reusing one variable for all.
func Fanout(jobs []Job, out chan<- string) {
	var current Job
	for _, current = range jobs {
		go func() { // e2e: loopcapture
			out <- current.Data
		}()
	}
}

func process(j Job)   {}
func fill(key string) {}
