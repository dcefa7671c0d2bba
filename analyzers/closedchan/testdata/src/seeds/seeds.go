package seeds

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// properFunction: seed 001 L1620-1638, labelled "GOOD" by the seed. The
// goroutine's deferred close runs once it sees done closed, and panics.
func properFunction() {
	ch := make(chan int)
	done := make(chan bool)

	go func() {
		defer close(done)
		for {
			select {
			case <-ch:
				return
			case <-done:
				return
			}
		}
	}()

	close(done) // want `close of done, which the goroutine started at line 16 also closes: close panics on a closed channel`
}

// properFunctionFixed: one channel per direction.
func properFunctionFixed() {
	quit := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-quit
	}()
	close(quit)
	<-done
}

type Job struct {
	ID       int
	Duration time.Duration
}

type Result struct {
	JobID   int
	Success bool
}

type Worker struct {
	jobChan    <-chan Job
	resultChan chan<- Result
	ctx        context.Context
}

func (w *Worker) Start() {
	for {
		select {
		case job, ok := <-w.jobChan:
			if !ok {
				return
			}
			select {
			case w.resultChan <- Result{JobID: job.ID, Success: true}:
			case <-w.ctx.Done():
				return
			}
		case <-w.ctx.Done():
			return
		}
	}
}

type WorkerPool struct {
	jobChan    chan Job
	resultChan chan Result
	ctx        context.Context
	cancel     context.CancelFunc
	wg         sync.WaitGroup
}

// Submit: seed 002 L807-815 (row 7). A Submit after Shutdown sends on the
// closed jobChan, but the close is in another method: out of scope (silent).
func (wp *WorkerPool) Submit(job Job) bool {
	select {
	case wp.jobChan <- job:
		return true
	case <-wp.ctx.Done():
		fmt.Printf("Pool shutting down, cannot submit job %d\n", job.ID)
		return false
	}
}

// Shutdown: seed 002 L817-839 (row 6). Workers still sending after the timed
// out wait panic on the closed resultChan, in other goroutines: out of scope
// for this analyzer (silent); each channel is closed once here.
func (wp *WorkerPool) Shutdown(timeout time.Duration) {
	close(wp.jobChan)

	done := make(chan struct{})
	go func() {
		wp.wg.Wait()
		close(done)
	}()

	select {
	case <-done:
		fmt.Println("All workers completed gracefully")
	case <-time.After(timeout):
		fmt.Println("Shutdown timed out, forcing termination")
		wp.cancel()
	}

	close(wp.resultChan)
}

// ShutdownTwice: calling the shutdown steps twice in one method is reported.
func (wp *WorkerPool) ShutdownTwice(timeout time.Duration) {
	close(wp.jobChan)
	if !wait(&wp.wg, timeout) {
		wp.cancel()
		close(wp.jobChan) // want `close of wp.jobChan, which is already closed at line 122 on this path`
	}
	close(wp.resultChan)
}

func wait(wg *sync.WaitGroup, timeout time.Duration) bool {
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-time.After(timeout):
		return false
	}
}
