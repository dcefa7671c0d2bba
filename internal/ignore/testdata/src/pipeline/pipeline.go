// Package pipeline is a fixture for suppression directives. The test
// analyzer, fakeconc, reports every go statement and every call of send.
package pipeline

import (
	"context"
	"sync"
)

type job struct{ id int }

func send(ch chan<- job, j job) job {
	ch <- j
	return j
}

// Trailing directives cover their own line only.
func trailing(ch chan job) {
	go drain(ch) //golint-conc:ignore fakeconc drain exits when ch is closed
	go drain(ch) // want "go statement"
	go drain(ch) //golint-conc:ignore chanleak wrong analyzer // want "go statement"
	// want +1 "go statement"
	go drain(ch) //golint-conc:ignore fakeconc
	go drain(ch) //nolint:golint-conc // the pool owns this goroutine
	go drain(ch) //nolint:fakeconc // closed by Stop
	go drain(ch) //nolint
	go drain(ch) //nolint:errcheck // another linter's name // want "go statement"
	go drain(ch) //nolint:fakeconc because golangci reads one name // want "go statement"
	go drain(ch) // golint-conc:ignore fakeconc gofmt's spelling in doc comments
	go drain(ch) // see golint-conc:ignore in the docs // want "go statement"
	go drain(ch) /* nolint */ // want "go statement"
	go drain(ch) //golint-conc:ignore all every analyzer, on purpose
	go drain(ch) //nolint:errcheck,golint-conc // both linters
}

// A directive alone on its line covers the whole statement below it.
func batch(ch chan job, jobs []job) []job {
	var sent []job
	//golint-conc:ignore fakeconc the consumer drains ch before batch returns
	sent = append(sent,
		send(ch, jobs[0]),
		send(ch, jobs[1]),
	)
	sent = append(sent, send(ch, jobs[2])) // want "call of send"
	return sent
}

// ... but only the statement that starts on the next line holding code.
func spaced(ch chan job) {
	//golint-conc:ignore fakeconc a blank line detaches the directive

	go drain(ch) // want "go statement"

	//golint-conc:ignore fakeconc comment lines in between are skipped
	// drain returns when ch is closed.
	go drain(ch)
}

// golint-conc:ignore fakeconc the workers stop when ctx is cancelled
func startWorkers(ctx context.Context, ch chan job, n int) {
	for range n {
		go func() {
			select {
			case <-ctx.Done():
			case j := <-ch:
				send(ch, j)
			}
		}()
	}
}

// stopWorkers is not covered by the directive above startWorkers.
func stopWorkers(ch chan job) {
	go drain(ch) // want "go statement"
}

// Serve runs one goroutine per job and waits for them.
//
// golint-conc:ignore fakeconc wg.Wait below joins every goroutine
func Serve(jobs []job, handle func(job)) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			handle(j)
		}()
	}
	wg.Wait()
}

//nolint:chanleak // names one of our analyzers, not this one
func publish(ch chan job) {
	send(ch, job{id: 1}) // want "call of send"
}

//nolint:fakeconc // a nolint above a func covers it like golint-conc:ignore
func publishAll(ch chan job, jobs []job) {
	for _, j := range jobs {
		send(ch, j)
	}
}

// A directive inside a switch covers one case clause.
func route(ch chan job, j job, urgent bool) {
	switch {
	//golint-conc:ignore fakeconc urgent jobs have a dedicated reader
	case urgent:
		send(ch, j)
		send(ch, j)
	default:
		send(ch, j) // want "call of send"
	}
}

func drain(ch chan job) {
	for range ch {
	}
}
