package seeds

import (
	"context"
	"fmt"
	"time"
)

// performTask: seed 000 L1312-1333.
func performTask(id int) (string, error) {
	resultCh := make(chan string)
	go func() {
		time.Sleep(time.Duration(id) * 300 * time.Millisecond)
		resultCh <- fmt.Sprintf("task %d done", id) // want `goroutine blocks forever sending on resultCh \(unbuffered\) when performTask stops waiting`
	}()
	select {
	case res := <-resultCh:
		return res, nil
	case <-time.After(time.Second):
		return "", fmt.Errorf("task %d timed out", id)
	}
}

// withTimeout: seed 004 L246-261.
func withTimeout() {
	ch := make(chan string)
	go func() {
		time.Sleep(2 * time.Second)
		ch <- "result" // want `goroutine blocks forever sending on ch \(unbuffered\) when withTimeout stops waiting.*case <-time.After\(1 \* time.Second\)`
	}()
	select {
	case res := <-ch:
		fmt.Println(res)
	case <-time.After(1 * time.Second):
		fmt.Println("timeout")
	}
}

// withContext: seed 004 L428-445.
func withContext() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	ch := make(chan string)
	go func() {
		time.Sleep(3 * time.Second)
		ch <- "done" // want `sending on ch \(unbuffered\) when withContext stops waiting.*case <-ctx.Done\(\)`
	}()
	select {
	case res := <-ch:
		fmt.Println(res)
	case <-ctx.Done():
		fmt.Println("cancelled:", ctx.Err())
	}
}

// Correct: seed 004 L403, buffered to prevent the leak.
func withContextFixed(ctx context.Context) error {
	errc := make(chan error, 1) // Buffered to prevent goroutine leak
	go func() {
		time.Sleep(3 * time.Second)
		errc <- nil
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Correct: the timeout only logs and the loop keeps receiving (seed 002 L502-518).
func monitor(n int) {
	for i := 0; i < n; i++ {
		_ = i
	}
	events := make(chan string)
	go func() { events <- "tick" }()
	for {
		select {
		case e := <-events:
			fmt.Println(e)
			return
		case <-time.After(time.Second):
			fmt.Println("still waiting")
		}
	}
}

type Job struct {
	ID       int
	Duration time.Duration
}

type Result struct {
	Success  bool
	Duration time.Duration
	Error    error
}

type Worker struct {
	ctx context.Context
}

// processJob: seed 002 L727-767 (row 8), two conditional sends.
func (w *Worker) processJob(job Job, fail func() bool) Result {
	startTime := time.Now()
	processingDone := make(chan bool)
	go func() {
		time.Sleep(job.Duration)
		if fail() {
			processingDone <- false // want `goroutine blocks forever sending on processingDone \(unbuffered\) when processJob stops waiting at the select on line 116 \(case <-w.ctx.Done\(\)\)`
		} else {
			processingDone <- true // want `goroutine blocks forever sending on processingDone \(unbuffered\) when processJob stops waiting`
		}
	}()
	select {
	case success := <-processingDone:
		if success {
			return Result{Success: true, Duration: time.Since(startTime)}
		}
		return Result{Duration: time.Since(startTime), Error: fmt.Errorf("job %d failed during processing", job.ID)}
	case <-w.ctx.Done():
		return Result{Duration: time.Since(startTime), Error: fmt.Errorf("job cancelled by context")}
	}
}

// Correct: row 8 fixed with one slot.
func (w *Worker) processJobFixed(job Job, fail func() bool) Result {
	processingDone := make(chan bool, 1)
	go func() {
		time.Sleep(job.Duration)
		processingDone <- !fail()
	}()
	select {
	case success := <-processingDone:
		return Result{Success: success}
	case <-w.ctx.Done():
		return Result{Error: w.ctx.Err()}
	}
}

// doWork: seed 002 L1408-1431 (row 9), ctx and time.After exits.
func doWork(ctx context.Context, task string) error {
	workDone := make(chan bool)
	go func() {
		fmt.Printf("Starting task: %s\n", task)
		time.Sleep(2 * time.Second)
		workDone <- true // want `goroutine blocks forever sending on workDone \(unbuffered\) when doWork stops waiting at the select on line 150 \(case <-ctx.Done\(\)\)`
	}()
	select {
	case <-workDone:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(1 * time.Second):
		return fmt.Errorf("timeout exceeded")
	}
}

// Correct: row 9 fixed, the worker gives up with the caller.
func doWorkFixed(ctx context.Context, task string) error {
	workDone := make(chan bool)
	go func() {
		time.Sleep(2 * time.Second)
		select {
		case workDone <- true:
		case <-ctx.Done():
		}
	}()
	select {
	case <-workDone:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

type Operation struct {
	ID       int
	Duration time.Duration
}

type OpResult struct {
	OpID   int
	Status string
	Error  error
}

// executeOperation: seed 002 L2224-2261 (row 10).
func executeOperation(ctx context.Context, op Operation) OpResult {
	done := make(chan bool)
	go func() {
		time.Sleep(op.Duration)
		done <- true // want `goroutine blocks forever sending on done \(unbuffered\) when executeOperation stops waiting.*case <-ctx.Done\(\)`
	}()
	select {
	case <-done:
		return OpResult{OpID: op.ID, Status: "success"}
	case <-ctx.Done():
		if ctx.Err() == context.DeadlineExceeded {
			return OpResult{OpID: op.ID, Status: "timeout", Error: ctx.Err()}
		}
		return OpResult{OpID: op.ID, Status: "cancelled", Error: ctx.Err()}
	}
}

// Correct: row 10 fixed with one slot.
func executeOperationFixed(ctx context.Context, op Operation) OpResult {
	done := make(chan bool, 1)
	go func() {
		time.Sleep(op.Duration)
		done <- true
	}()
	select {
	case <-done:
		return OpResult{OpID: op.ID, Status: "success"}
	case <-ctx.Done():
		return OpResult{OpID: op.ID, Status: "cancelled", Error: ctx.Err()}
	}
}

// fixedExample: seed 002 L1639-1661 (row 16), labelled correct: the
// receiver may time out first and then the unconditional send blocks.
func fixedExample() {
	ch := make(chan int)
	done := make(chan struct{})
	go func() {
		defer close(done)
		select {
		case val := <-ch:
			fmt.Println("Received:", val)
		case <-time.After(2 * time.Second):
			fmt.Println("Timeout waiting for value")
		}
	}()
	time.Sleep(500 * time.Millisecond)
	ch <- 42 // want `fixedExample blocks forever sending on ch \(unbuffered\) when the goroutine started on line 227 stops waiting at the select on line 229 \(case <-time.After\(2 \* time.Second\)\): give ch a buffer of 1`
	<-done
	fmt.Println("Goroutine completed properly")
}

// Correct: row 16 fixed with one slot.
func fixedExampleBuffered() {
	ch := make(chan int, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		select {
		case val := <-ch:
			fmt.Println("Received:", val)
		case <-time.After(2 * time.Second):
			fmt.Println("Timeout waiting for value")
		}
	}()
	ch <- 42
	<-done
}

// Correct: the receiver's other case is the maker's own quit signal,
// closed only after the send.
func handOff(v int) {
	ch := make(chan int)
	quit := make(chan struct{})
	go func() {
		select {
		case val := <-ch:
			fmt.Println("got", val)
		case <-quit:
		}
	}()
	ch <- v
	close(quit)
}
