// Package demos holds tutorial-style programs: goroutines started from
// main-like functions, some waited for properly and some with a sleep.
package demos

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"time"
)

func sayHello(name string) {
	fmt.Printf("Hello, %s!\n", name)
}

func printNumbers() {
	for i := 1; i <= 5; i++ {
		time.Sleep(100 * time.Millisecond) // simulated work: silent
		fmt.Printf("%d ", i)
	}
}

func printLetters() {
	for c := 'a'; c <= 'e'; c++ {
		time.Sleep(150 * time.Millisecond)
		fmt.Printf("%c ", c)
	}
}

// --- buggy ---

func main() {
	go sayHello("World")
	fmt.Println("Main function continues...")
	time.Sleep(time.Second) // want `time.Sleep used to wait for the goroutine started at line 36: sleeping does not guarantee it has finished; wait on a sync.WaitGroup, a channel or an errgroup instead`
}

func twoPrinters() {
	go printNumbers()
	go printLetters()

	// Wait long enough for both goroutines to complete
	time.Sleep(2 * time.Second) // want `wait for the goroutines started at lines 42 and 43: sleeping does not guarantee they have finished`
	fmt.Println("\nDone!")
}

func anonymousWorkers() {
	for i := 1; i <= 5; i++ {
		go func(id int) {
			fmt.Printf("Goroutine %d starting...\n", id)
			time.Sleep(time.Millisecond * time.Duration(id*100))
			fmt.Printf("Goroutine %d finished!\n", id)
		}(i)
	}
	fmt.Println("All goroutines started...")
	time.Sleep(time.Second) // want `goroutine started at line 52`
}

func worker(ctx context.Context, name string) {
	for {
		select {
		case <-ctx.Done():
			fmt.Printf("%s: cancelled\n", name)
			return
		default:
			fmt.Printf("%s: working\n", name)
			time.Sleep(200 * time.Millisecond) // pacing in the goroutine's own loop
		}
	}
}

// The first two sleeps decide when to cancel; only the last one waits
// for the workers to print their goodbyes.
func cancellationChain() {
	parentCtx, parentCancel := context.WithCancel(context.Background())
	defer parentCancel()
	childCtx, childCancel := context.WithCancel(parentCtx)
	defer childCancel()

	go worker(parentCtx, "Parent")
	go worker(childCtx, "Child")

	time.Sleep(time.Second)
	fmt.Println("Cancelling child context...")
	childCancel()

	time.Sleep(time.Second)
	fmt.Println("Cancelling parent context...")
	parentCancel()

	time.Sleep(time.Millisecond * 500) // want `goroutines started at lines 83 and 84`
}

// <-ctx.Done() waits for the deadline, not for the worker.
func untilDeadline() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	go worker(ctx, "solo")
	<-ctx.Done()
	time.Sleep(100 * time.Millisecond) // want `goroutine started at line 101`
}

func rateLimiter() {
	tokens := make(chan struct{}, 3)
	go func() {
		for range time.Tick(200 * time.Millisecond) {
			tokens <- struct{}{}
		}
	}()
	for i := 1; i <= 6; i++ {
		go func(reqID int) {
			<-tokens
			fmt.Printf("Request %d processed at %s\n", reqID, time.Now().Format("15:04:05.000"))
		}(i)
		time.Sleep(300 * time.Millisecond) // pacing: silent
	}
	time.Sleep(3 * time.Second) // want `goroutines started at lines 108 and 114`
}

func compute(total *int64) {
	for i := int64(1); i <= 1000; i++ {
		atomic.AddInt64(total, i)
	}
}

func readTooEarly() {
	var total int64
	go compute(&total)
	time.Sleep(10 * time.Millisecond) // want `goroutine started at line 131`
	fmt.Println("total:", atomic.LoadInt64(&total))
}

// A signal receive waits for the user, not for the server goroutine.
func serveUntilInterrupt(serve func(context.Context)) {
	ctx, cancel := context.WithCancel(context.Background())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	go serve(ctx)
	<-sig
	cancel()
	time.Sleep(time.Second) // want `goroutine started at line 141`
}

// --- correct look-alikes ---

func withWaitGroup() {
	var wg sync.WaitGroup
	for i := 1; i <= 3; i++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			time.Sleep(time.Duration(id) * 100 * time.Millisecond)
			fmt.Println("worker", id, "done")
		}(i)
	}
	wg.Wait()
}

// Staggered starts, then a real join.
func staggeredThenWait(sem chan struct{}) {
	var wg sync.WaitGroup
	for i := 1; i <= 6; i++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			fmt.Println("worker", id)
		}(i)
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // followed by wg.Wait: not the synchronisation
	wg.Wait()
	fmt.Println("All workers completed")
}

func sendThenJoin() {
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
	time.Sleep(500 * time.Millisecond) // delay before sending; <-done joins below
	ch <- 42
	<-done
}

// Sleeping to show that the sender blocks until the receive below.
func showBlocking() {
	ch := make(chan string)
	go func() {
		fmt.Println("Sender: Preparing to send...")
		ch <- "message"
		fmt.Println("Sender: Sent!")
	}()
	time.Sleep(time.Second)
	fmt.Println("Receiver: Ready to receive")
	msg := <-ch
	fmt.Printf("Receiver: Got %q\n", msg)
}

type service struct {
	ready atomic.Bool
	hits  atomic.Int64
}

func (s *service) run() {
	s.ready.Store(true)
	for {
		s.hits.Add(1)
		time.Sleep(10 * time.Millisecond)
	}
}

// Polling a condition the goroutine sets is a join of sorts.
func pollUntilReady(s *service) {
	go s.run()
	for !s.ready.Load() {
		time.Sleep(5 * time.Millisecond)
	}
	fmt.Println("service ready")
}

func tick(n int) { fmt.Println("tick", n) }

// Spawn-and-sleep paced inside one loop.
func ticker(stop <-chan struct{}) {
	for n := 0; ; n++ {
		select {
		case <-stop:
			return
		default:
		}
		go tick(n)
		time.Sleep(time.Second)
	}
}

// A sleep before any goroutine starts delays the start.
func delayedStart(results chan string) {
	time.Sleep(2 * time.Second)
	go func() { results <- "late hello" }()
	fmt.Println(<-results)
}

// The sleep decides how long the workers run; a WaitGroup waits for them.
func runForAWhile() {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, name := range []string{"a", "b"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			worker(ctx, name)
		}()
	}
	time.Sleep(3 * time.Second)
	cancel()
	wg.Wait()
}

// Closing a quit channel after the sleep stops the monitor; main does
// not wait for it, but the sleep is a run time, not a join.
func monitorFor(d time.Duration, report func()) {
	quit := make(chan struct{})
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				report()
			}
		}
	}()
	time.Sleep(d)
	close(quit)
}

func collectAfterWarmup(inputs []int) {
	results := make(chan int)
	go func() {
		defer close(results)
		for _, in := range inputs {
			results <- in * in
		}
	}()
	time.Sleep(10 * time.Millisecond) // warm-up; ranging over results joins
	for r := range results {
		fmt.Println(r)
	}
}

func waitWithTimeout(job func() int) {
	res := make(chan int, 1)
	go func() { res <- job() }()
	time.Sleep(20 * time.Millisecond)
	select {
	case r := <-res:
		fmt.Println("result", r)
	case <-time.After(time.Second):
		fmt.Println("timed out")
	}
}

func deferredWait(urls []string, fetch func(string)) {
	var wg sync.WaitGroup
	defer wg.Wait()
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fetch(u)
		}()
	}
	time.Sleep(100 * time.Millisecond)
	fmt.Println("fetches under way")
}

// The spawn is on a path that returns before the sleep.
func maybeAsync(async bool, job func()) {
	if async {
		go job()
		return
	}
	time.Sleep(10 * time.Millisecond)
	job()
}

// A rate-limited producer sleeps in its own loop; main ranges.
func rateLimitedProducer(jobs []string) {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, j := range jobs {
			out <- j
			time.Sleep(200 * time.Millisecond)
		}
	}()
	for j := range out {
		fmt.Println("got", j)
	}
}

// Retrying with backoff after starting a helper goroutine.
func retryConnect(connect func() error, keepalive func()) error {
	go keepalive()
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if err = connect(); err == nil {
			return nil
		}
		time.Sleep(time.Duration(1<<attempt) * 100 * time.Millisecond)
	}
	return err
}

// A configured duration is a deliberate run time, not a guess.
func demoFor(d time.Duration) {
	go printNumbers()
	time.Sleep(d)
}

func deferredReceive(job func()) {
	done := make(chan struct{})
	defer func() { <-done }()
	go func() {
		defer close(done)
		job()
	}()
	time.Sleep(100 * time.Millisecond)
}
