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
