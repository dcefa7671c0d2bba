// Package spawned holds channels closed both by a function and by the
// goroutines it starts.
package spawned

import (
	"context"
	"sync"
	"time"
)

// Fetch closes results in every worker goroutine.
func Fetch(urls []string, get func(string) string) <-chan string {
	results := make(chan string)
	for _, u := range urls {
		go func() { // want `goroutine started in a loop closes results, so the goroutine of every other iteration closes it again`
			results <- get(u)
			close(results)
		}()
	}
	return results
}

// FetchFixed closes results in a closer goroutine after wg.Wait.
func FetchFixed(urls []string, get func(string) string) <-chan string {
	results := make(chan string)
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- get(u)
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	return results
}

// Heartbeat stops its goroutine by closing done, which the goroutine
// also closes when it returns.
func Heartbeat(ctx context.Context, beat func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				beat()
			case <-done:
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	<-ctx.Done()
	close(done) // want `close of done, which the goroutine started at line 45 also closes`
}

// HeartbeatWG does the same with wg.Go.
func HeartbeatWG(ctx context.Context, wg *sync.WaitGroup, beat func()) {
	stop := make(chan struct{})
	wg.Go(func() {
		defer close(stop)
		<-stop
	})
	close(stop) // want `close of stop, which the goroutine started at line 67 also closes`
}

// HeartbeatParam passes the channel as a parameter of the goroutine.
func HeartbeatParam(ctx context.Context) {
	done := make(chan struct{})
	go func(d chan struct{}) {
		defer close(d)
		<-ctx.Done()
	}(done)
	<-ctx.Done()
	close(done) // want `close of done, which the goroutine started at line 77 also closes`
}

// HeartbeatFixed waits for the goroutine's own close instead.
func HeartbeatFixed(ctx context.Context, beat func()) {
	quit := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-quit:
				return
			case <-time.After(time.Second):
				beat()
			}
		}
	}()
	<-ctx.Done()
	close(quit)
	<-done
}

// Worker's goroutine closes its channel only on one branch.
func Worker(jobs <-chan int) chan struct{} {
	done := make(chan struct{})
	go func() {
		for j := range jobs {
			if j < 0 {
				return
			}
		}
		close(done)
	}()
	return done
}

// Generate closes out in its only goroutine.
func Generate(n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := 0; i < n; i++ {
			out <- i
		}
	}()
	return out
}

// Once closes in a goroutine and in the starter, through the same Once.
func Once(ctx context.Context) {
	var once sync.Once
	done := make(chan struct{})
	stop := func() { once.Do(func() { close(done) }) }
	go func() {
		<-ctx.Done()
		stop()
	}()
	stop()
}

// Server closes a field both in the goroutine and in the starter.
type Server struct {
	conns chan int
	wg    sync.WaitGroup
}

func (s *Server) Start() {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer close(s.conns)
		for c := range s.conns {
			_ = c
		}
	}()
}

// Stop closes conns, which the goroutine started in Start does not close
// twice: the close is in another method (silent, out of scope).
func (s *Server) Stop() {
	close(s.conns)
	s.wg.Wait()
}

// Diffs starts one goroutine per slot, each closing the channel it is
// handed (testify's TestDiffRace shape): a different channel each time.
func Diffs(n int, diff func() string) []string {
	chans := make([]chan string, n)
	for i := range chans {
		chans[i] = make(chan string)
		go func(ch chan string) {
			defer close(ch)
			ch <- diff()
		}(chans[i])
	}
	var out []string
	for _, ch := range chans {
		for msg := range ch {
			out = append(out, msg)
		}
	}
	return out
}

// Shared hands every goroutine the same channel as an argument.
func Shared(n int, work func()) chan struct{} {
	done := make(chan struct{})
	for i := 0; i < n; i++ {
		go func(d chan struct{}) { // want `goroutine started in a loop closes done, so the goroutine of every other iteration closes it again`
			defer close(d)
			work()
		}(done)
	}
	return done
}
