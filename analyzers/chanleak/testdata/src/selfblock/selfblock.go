// Package selfblock blocks on channels that only one goroutine uses, and
// receives from channels nothing ever sends on.
package selfblock

import (
	"context"
	"fmt"
	"sync"
)

// Buggy: seed 001 L1684, a send with no receiver at all.
func deadlock() {
	ch := make(chan int)
	ch <- 42 // want `deadlock blocks forever sending on ch \(unbuffered\): no other goroutine ever receives from it`
}

// Buggy: seed 002 L1759 uncommented, send then receive in one goroutine.
func deadlockExample() {
	ch := make(chan int)
	ch <- 1 // want `deadlockExample blocks forever sending on ch \(unbuffered\)`
	val := <-ch
	fmt.Println(val)
}

// Buggy: seed 001 L555, five values into three slots before reading.
func bufferedBurst() {
	ch := make(chan string, 3)
	ch <- "a"
	ch <- "b"
	ch <- "c"
	ch <- "d" // want `bufferedBurst blocks forever on this send on ch \(buffer of 3\): it is send number 4 before any receive, and no other goroutine ever receives from ch; give ch a buffer of 4`
	ch <- "e"
	fmt.Println(<-ch, <-ch)
}

// Buggy: seed 002 L1625, the receiver waits for a value never sent.
func leakExample() {
	ch := make(chan int)
	go func() {
		val := <-ch // want `goroutine blocks forever receiving from ch: nothing sends on ch or closes it, and it never leaves leakExample; send the value or close ch`
		fmt.Println("Received:", val)
	}()
	fmt.Println("Function returned, but goroutine is still running!")
}

// Buggy: the worker was meant to close done, and nobody does.
func runJob(job func()) {
	done := make(chan struct{})
	go func() {
		job()
	}()
	<-done // want `runJob blocks forever receiving from done: nothing sends on done or closes it`
}

// Correct: one slot, one send, then the receive.
func roundTrip() int {
	ch := make(chan int, 1)
	ch <- 1
	return <-ch
}

// Correct: prefilled tokens within capacity (seed 000 L1241).
func tokens() chan struct{} {
	bucket := make(chan struct{}, 3)
	bucket <- struct{}{}
	bucket <- struct{}{}
	bucket <- struct{}{}
	return bucket
}

// Correct: prefilled within capacity, then drained in order.
func fillAndDrain() {
	ch := make(chan string, 2)
	ch <- "first"
	ch <- "second"
	fmt.Println(<-ch)
	ch <- "third"
	fmt.Println(<-ch, <-ch)
}

// Correct: a goroutine receives (seed 001 L1691 GOOD).
func noDeadlock() {
	ch := make(chan int)
	go func() {
		ch <- 42
	}()
	value := <-ch
	fmt.Printf("Received: %d\n", value)
}

// Correct: a semaphore whose slots are released by the workers.
func limited(jobs []func()) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for _, job := range jobs {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			job()
		}()
	}
	wg.Wait()
}

// Correct: a non-blocking send.
func offer(v int) bool {
	ch := make(chan int)
	select {
	case ch <- v:
		return true
	default:
		return false
	}
}

// Correct: sends in a loop, within a capacity only the loop bound shows.
func squares() []int {
	ch := make(chan int, 3)
	for i := 0; i < 3; i++ {
		ch <- i * i
	}
	close(ch)
	var out []int
	for v := range ch {
		out = append(out, v)
	}
	return out
}

// Correct: the worker closes done.
func runJobClosed(job func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		job()
	}()
	<-done
}

// Correct: the never-signalled stop case only disables itself; ctx ends the wait.
func waitStop(ctx context.Context) error {
	stop := make(chan struct{})
	select {
	case <-stop:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Correct: runtime/crash_test.go:520, a send on a closed channel panics
// (which is what the test wants); it does not block.
func sendOnClosed() (err error) {
	defer func() { err, _ = recover().(error) }()
	ch := make(chan struct{})
	close(ch)
	ch <- struct{}{}
	return nil
}

// Buggy: the close comes too late; the first send already blocks.
func closeTooLate() []int {
	ch := make(chan int)
	ch <- 1 // want `closeTooLate blocks forever on this send on ch \(unbuffered\): it is send number 1 before any receive`
	close(ch)
	var out []int
	for v := range ch {
		out = append(out, v)
	}
	return out
}

// Correct: within capacity, then closed and drained.
func closeInTime() []int {
	ch := make(chan int, 2)
	ch <- 1
	ch <- 2
	close(ch)
	var out []int
	for v := range ch {
		out = append(out, v)
	}
	return out
}
