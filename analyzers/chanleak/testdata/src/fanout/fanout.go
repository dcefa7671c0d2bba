package fanout

import (
	"context"
	"sync"
	"time"
)

type Replica struct{ addr string }

func (r *Replica) Query(q string) string { return r.addr + q }

// Buggy: first reply wins, the slower replicas block forever.
func queryFirst(replicas []*Replica, q string) string {
	ch := make(chan string)
	for _, r := range replicas {
		go func() {
			ch <- r.Query(q) // want `goroutines started in a loop send on ch \(unbuffered\), but queryFirst receives from it only once: the other senders block forever`
		}()
	}
	return <-ch
}

// Correct: room for every reply.
func queryFirstBuffered(replicas []*Replica, q string) string {
	ch := make(chan string, len(replicas))
	for _, r := range replicas {
		go func() {
			ch <- r.Query(q)
		}()
	}
	return <-ch
}

// Buggy: two mirrors, one read.
func mirror(a, b *Replica, q string) string {
	ch := make(chan string)
	go func() { ch <- a.Query(q) }() // want `2 goroutines send on ch \(unbuffered\), but mirror receives from it only once`
	go func() { ch <- b.Query(q) }()
	return <-ch
}

// Correct: both replies are received.
func mirrorBoth(a, b *Replica, q string) (string, string) {
	ch := make(chan string)
	go func() { ch <- a.Query(q) }()
	go func() { ch <- b.Query(q) }()
	return <-ch, <-ch
}

// Correct: the buffer covers both senders.
func mirrorBuffered(a, b *Replica, q string) string {
	ch := make(chan string, 2)
	go func() { ch <- a.Query(q) }()
	go func() { ch <- b.Query(q) }()
	return <-ch
}

// Buggy: the loser of a two-channel race (pitfall C2).
func firstOf(a, b *Replica, q string) string {
	ca, cb := make(chan string), make(chan string)
	go func() { ca <- a.Query(q) }() // want `sending on ca \(unbuffered\) when firstOf stops waiting at the select on line 64 \(case <-cb\)`
	go func() { cb <- b.Query(q) }() // want `sending on cb \(unbuffered\) when firstOf stops waiting at the select on line 64 \(case <-ca\)`
	select {
	case v := <-ca:
		return v
	case v := <-cb:
		return v
	}
}

// Correct: receiving by count.
func queryAll(replicas []*Replica, q string) []string {
	ch := make(chan string)
	for _, r := range replicas {
		go func() { ch <- r.Query(q) }()
	}
	var out []string
	for range replicas {
		out = append(out, <-ch)
	}
	return out
}

// Correct: worker pool, results ranged over after a closer goroutine.
func pool(jobs []int) int {
	results := make(chan int)
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- j * j
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	sum := 0
	for v := range results {
		sum += v
	}
	return sum
}

// Correct: a pipeline generator hands its channel to the caller.
func generate(ctx context.Context, n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := 0; i < n; i++ {
			select {
			case out <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// Correct: errgroup-like, every error is received in a loop.
func runAll(ctx context.Context, tasks []func() error) error {
	errc := make(chan error)
	for _, task := range tasks {
		go func() { errc <- task() }()
	}
	var first error
	for range tasks {
		select {
		case err := <-errc:
			if first == nil {
				first = err
			}
		case <-time.After(time.Second):
		}
	}
	return first
}

// Correct: a fresh channel per iteration, received once per iteration.
func pingAll(replicas []*Replica) {
	for _, r := range replicas {
		done := make(chan string)
		go func() { done <- r.Query("ping") }()
		<-done
	}
}

// Correct: only the goroutine that completes the count sends.
func startAll(n int32, counter *int32, bump func(*int32) int32) {
	done := make(chan bool)
	for i := int32(0); i < n; i++ {
		go func() {
			if bump(counter) == n {
				done <- true
			}
		}()
	}
	<-done
}

// Correct: two goroutines, two receives, written as a loop.
func pair(work func(int)) {
	c := make(chan bool)
	for g := 0; g < 2; g++ {
		go func() {
			work(g)
			c <- true
		}()
	}
	<-c
	<-c
}
