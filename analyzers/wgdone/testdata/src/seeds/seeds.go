// Package seeds holds tutorial-style workers on a package-level WaitGroup.
package seeds

import (
	"fmt"
	"sync"
	"time"
)

var wg sync.WaitGroup

var results = make(chan string, 10)

// worker skips the negative ids with a return before Done.
func worker(id int) { // want worker:"done\\(wg:sometimes@seeds.go:17\\)"
	if id < 0 {
		return
	}
	time.Sleep(time.Millisecond)
	results <- fmt.Sprintf("worker %d done", id)
	wg.Done()
}

// deferredWorker is the textbook form.
func deferredWorker(id int) { // want deferredWorker:"done\\(wg:once\\)"
	defer wg.Done()
	if id < 0 {
		return
	}
	results <- fmt.Sprintf("worker %d done", id)
}

// markDone is a helper on the package-level WaitGroup.
func markDone() { wg.Done() } // want markDone:"done\\(wg:once\\)"

// helperWorker counts down through markDone on every path.
func helperWorker(id int) { // want helperWorker:"done\\(wg:once\\)"
	if id < 0 {
		markDone()
		return
	}
	results <- fmt.Sprintf("worker %d done", id)
	markDone()
}

func Run(ids []int) { // want Run:"done\\(wg:unknown\\)"
	for _, id := range ids {
		wg.Add(1)
		go worker(id) // want `worker returns at seeds.go:17 without calling wg.Done`
	}
	for _, id := range ids {
		wg.Add(1)
		go deferredWorker(id)
	}
	for _, id := range ids {
		wg.Add(1)
		go helperWorker(id)
	}
	wg.Wait()
	close(results)
}
