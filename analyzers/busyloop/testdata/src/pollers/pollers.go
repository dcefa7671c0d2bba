// Package pollers holds loops that poll for work or for a stop signal.
package pollers

import (
	"context"
	"errors"
	"log"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

type Job struct{ ID int }

func handle(Job) {}

func doWork() error { return nil }

// The seed's leakyFunction: nothing ever sends on ch.
func leakyFunction() {
	ch := make(chan int)
	go func() {
		for {
			select {
			case <-ch:
				return
			default: // want `select with an empty default in a for loop spins a CPU core while no case is ready`
				// Busy loop - never exits
			}
		}
	}()
}

// waitForStop spins until ctx is cancelled.
func waitForStop(ctx context.Context, jobs <-chan Job) {
	for {
		select {
		case j := <-jobs:
			handle(j)
		case <-ctx.Done():
			return
		default: // want `select with an empty default in a for loop spins`
		}
	}
}

// countIdle counts idle rounds: cheap bookkeeping does not pace the loop.
func countIdle(stop <-chan struct{}, jobs <-chan Job, idle *atomic.Int64) {
	for {
		select {
		case j := <-jobs:
			handle(j)
		case <-stop:
			return
		default: // want `select in a for loop has a default that neither blocks nor leaves the loop`
			idle.Add(1)
			if idle.Load()%1000 == 0 {
				continue
			}
		}
	}
}

// breakTrap believes break leaves the loop; it leaves only the select.
func breakTrap(results <-chan int) int {
	sum := 0
	for {
		select {
		case r := <-results:
			sum += r
			if sum > 100 {
				return sum
			}
		default: // want `select in a for loop has a default that neither blocks nor leaves the loop`
			break
		}
	}
}

// untilDone's condition changes only when a case fires.
func untilDone(quit <-chan struct{}, in <-chan Job) {
	done := false
	for !done {
		select {
		case j := <-in:
			handle(j)
		case <-quit:
			done = true
		default: // want `select with an empty default in a for loop spins`
		}
	}
}

// pollDeadline spins on the clock; reading it does not pace the loop.
func pollDeadline(ready <-chan struct{}, deadline time.Time) {
	for {
		select {
		case <-ready:
			return
		default: // want `select in a for loop has a default that neither blocks nor leaves the loop`
			_ = time.Until(deadline)
		}
	}
}

// --- correct look-alikes ---

// pollWithSleep is the ctx-poll-default-sleep style: slow to notice
// cancellation, but the default sleeps.
func pollWithSleep(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		default:
			if err := doWork(); err != nil {
				log.Println(err)
			}
			time.Sleep(500 * time.Millisecond)
		}
	}
}

// pollTicker paces with a ticker case and has no default.
func pollTicker(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_ = doWork()
		}
	}
}

// drain empties a channel and returns once it is empty.
func drain(ch <-chan Job) int {
	n := 0
	for {
		select {
		case <-ch:
			n++
		default:
			return n
		}
	}
}

// drainLabeled leaves the loop with a labelled break.
func drainLabeled(ch <-chan Job) {
loop:
	for {
		select {
		case j := <-ch:
			handle(j)
		default:
			break loop
		}
	}
}

// pollWork does real work in the default.
func pollWork(stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
			_ = doWork()
		}
	}
}

// spinWait is a deliberate spin-wait that yields the processor.
func spinWait(ready <-chan struct{}) {
	for {
		select {
		case <-ready:
			return
		default:
			runtime.Gosched()
		}
	}
}

// retry tries a non-blocking send a bounded number of times.
func retry(out chan<- Job, j Job) error {
	for i := 0; i < 3; i++ {
		select {
		case out <- j:
			return nil
		default:
		}
	}
	return errors.New("queue full")
}

// tryOnce uses its default to end the loop through the condition.
func tryOnce(in <-chan Job) []Job {
	var got []Job
	more := true
	for more {
		select {
		case j := <-in:
			got = append(got, j)
		default:
			more = false
		}
	}
	return got
}

// pollLocked locks in the default, which can block.
func pollLocked(mu *sync.Mutex, stop <-chan struct{}, n *int) {
	for {
		select {
		case <-stop:
			return
		default:
			mu.Lock()
			*n++
			mu.Unlock()
		}
	}
}

// tokenBucket refills on a ticker: the select is non-blocking, the range
// loop is paced.
func tokenBucket(tokens chan struct{}, interval time.Duration) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for range ticker.C {
		select {
		case tokens <- struct{}{}:
		default:
		}
	}
}

// pollThenWait tries a fast path, then waits on the slow one.
func pollThenWait(fast, slow <-chan Job) {
	for {
		select {
		case j := <-fast:
			handle(j)
			continue
		default:
		}
		select {
		case j := <-slow:
			handle(j)
		case j := <-fast:
			handle(j)
		}
	}
}

// pollNested has its select inside an if: not a top-level select.
func pollNested(stop <-chan struct{}, busy func() bool) {
	for {
		if busy() {
			select {
			case <-stop:
				return
			default:
			}
		}
	}
}

// pollGoroutine's loop sleeps after the select.
func pollGoroutine(stop <-chan struct{}) {
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
}

// waitReady spins until a timeout, leaving the loop conditionally.
func waitReady(ready <-chan struct{}, deadline time.Time) error {
	for {
		select {
		case <-ready:
			return nil
		default:
			if time.Now().After(deadline) {
				return errors.New("timeout")
			}
		}
	}
}

// stopFlag's condition is set through an atomic store in the default.
func stopFlag(in <-chan Job, stopped *int32) {
	for atomic.LoadInt32(stopped) == 0 {
		select {
		case j := <-in:
			handle(j)
		default:
			atomic.StoreInt32(stopped, 1)
		}
	}
}

// retryRound continues its own loop from the default: still a spin.
func retryRound(results <-chan Job, stop <-chan struct{}) {
round:
	for {
		select {
		case j := <-results:
			handle(j)
		case <-stop:
			return
		default: // want `select in a for loop has a default that neither blocks nor leaves the loop`
			continue round
		}
	}
}

// firstReady moves on to the next queue when one is empty.
func firstReady(queues []chan Job) {
next:
	for _, q := range queues {
		for {
			select {
			case j := <-q:
				handle(j)
			default:
				continue next
			}
		}
	}
}
