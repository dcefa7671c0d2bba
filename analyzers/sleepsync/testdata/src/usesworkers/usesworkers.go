// Package usesworkers calls the spawning helpers of package workers.
package usesworkers

import (
	"fmt"
	"time"

	"workers"
)

// --- buggy ---

func countClicks(clicks []int) {
	c := workers.NewCounter()
	c.Run()
	for _, n := range clicks {
		c.Add(n)
	}
	time.Sleep(100 * time.Millisecond) // want `wait for the goroutines started by Run at line 15: sleeping does not guarantee they have finished`
	fmt.Println("total clicks:", c.Total())
}

func squareAll(nums []int) {
	jobs := make(chan int, len(nums))
	for _, n := range nums {
		jobs <- n
	}
	close(jobs)
	workers.StartWorkers(4, jobs)
	time.Sleep(time.Second) // want `goroutines started by StartWorkers at line 29`
}

// --- correct look-alikes ---

func countAndFlush(clicks []int) {
	c := workers.NewCounter()
	c.Run()
	for _, n := range clicks {
		c.Add(n)
	}
	time.Sleep(10 * time.Millisecond)
	c.Flush()
	fmt.Println("total clicks:", c.Total())
}

func squareAndRange(nums []int) {
	jobs := make(chan int)
	out := workers.StartWorkers(2, jobs)
	go func() {
		defer close(jobs)
		for _, n := range nums {
			jobs <- n
		}
	}()
	time.Sleep(5 * time.Millisecond)
	for r := range out {
		fmt.Println(r.ID, r.Value)
	}
}

// RunAll waits for its goroutines before returning.
func runThenPause(tasks []func()) {
	workers.RunAll(tasks...)
	time.Sleep(time.Second)
	fmt.Println("paused after tasks")
}

// Sleeping before the helper starts anything.
func lateStart(jobs chan int) <-chan workers.Result {
	time.Sleep(50 * time.Millisecond)
	return workers.StartWorkers(1, jobs)
}
