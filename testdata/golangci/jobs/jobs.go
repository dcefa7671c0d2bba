// Package jobs is a small job runner for the golangci-lint integration test
// (.ci/integration/golangci.sh). Lines marked "gcl: NAME" must be reported
// by analyzer NAME and no others may be; "gcl-quiet: NAME" lines hold a
// mistake of NAME that .golangci.yml or a directive keeps quiet.
package jobs

import (
	"sync"
	"time"
)

type Job struct {
	ID   int
	Data string
}

// RunAll processes every job on its own goroutine. The suggested fix moves
// the Add before the go statement and keeps the file building.
func RunAll(jobs []Job) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		go func() {
			wg.Add(1) // gcl: waitgroupadd
			defer wg.Done()
			process(j)
		}()
	}
	wg.Wait()
}

// Warm starts the cache fillers and gives them a moment. sleepsync is
// disabled in .golangci.yml, so this is not reported.
func Warm(keys []string) {
	for _, k := range keys {
		go fill(k)
	}
	time.Sleep(50 * time.Millisecond) // gcl-quiet: sleepsync
}

// Poll spins while waiting for a result; the caller owns a core for it.
func Poll(results <-chan int) int {
	for {
		select {
		case v := <-results:
			return v
		//golint-conc:ignore busyloop the producer answers within microseconds
		default: // gcl-quiet: busyloop
		}
	}
}

func process(j Job)   {}
func fill(key string) {}
