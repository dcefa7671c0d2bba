package leakcheck_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/golint-conc/golint-conc/leakcheck"
)

// A test calls Check first; the check runs when the test ends, after the
// test's own cleanups.
func ExampleCheck() {
	testFetch := func(t *testing.T) {
		leakcheck.Check(t)
		t.Parallel() // fine: only this test's goroutines count

		results := make(chan int, 1) // buffered: the sender never blocks
		go func() { results <- 42 }()
		select {
		case v := <-results:
			t.Log("got", v)
		case <-time.After(time.Second):
			t.Fatal("timed out")
		}
	}
	_ = testFetch
}

// TestMain checks the whole binary once all tests have run.
func ExampleMain() {
	testMain := func(m *testing.M) {
		leakcheck.Main(m, leakcheck.IgnoreTopFunction("example.com/cache.(*Cache).janitor"))
	}
	_ = testMain
}

// A snapshot checks code that is not a test: what did this call leave behind?
func ExampleTake() {
	snap := leakcheck.Take(leakcheck.Timeout(100 * time.Millisecond))

	stop := make(chan struct{})
	go func() { <-stop }() // a worker nobody stops

	for _, leak := range snap.Find() {
		fmt.Println(len(leak.IDs), "goroutine blocked in", leak.State)
		fmt.Println("created by", leak.CreatedAt.Func)
	}
	close(stop)
	// Output:
	// 1 goroutine blocked in chan receive
	// created by github.com/golint-conc/golint-conc/leakcheck_test.ExampleTake
}

// Goroutines a library keeps for the life of the process can be ignored by
// the function that starts them.
func ExampleIgnoreCreatedBy() {
	snap := leakcheck.Take(leakcheck.Timeout(0),
		leakcheck.IgnoreCreatedBy("github.com/golint-conc/golint-conc/leakcheck_test.startJanitor"))
	stop := startJanitor()
	fmt.Println(len(snap.Find()), "leaks")
	close(stop)
	// Output: 0 leaks
}

func startJanitor() chan struct{} {
	stop := make(chan struct{})
	go func() {
		ticker := time.NewTicker(time.Minute)
		defer ticker.Stop()
		for {
			select {
			case <-ticker.C:
			case <-stop:
				return
			}
		}
	}()
	return stop
}
