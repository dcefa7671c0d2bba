// Package pipelines holds pipeline stages and fan-out queries whose
// downstream end closes the channel upstream is sending on, and the
// correct stages they resemble.
package pipelines

import (
	"bufio"
	"context"
	"io"
	"strings"
	"sync"
	"time"
)

// Lines reads lines until the first blank one; the deferred close of the
// input runs while the scanner goroutine is still sending.
func Lines(r io.Reader) []string {
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	var out []string
	func() {
		defer close(lines) // want `receiver closes lines while the goroutine started at line 19 may still send`
		for l := range lines {
			if l == "" {
				break
			}
			out = append(out, l)
		}
	}()
	return out
}

func query(ctx context.Context, replica, q string) string {
	return replica + ":" + q
}

// Fastest returns the first replica's answer and closes the channel the
// slower replicas are about to send on.
func Fastest(ctx context.Context, replicas []string, q string) string {
	answers := make(chan string)
	for _, r := range replicas {
		go func() {
			answers <- query(ctx, r, q)
		}()
	}
	a := <-answers
	close(answers) // want `receiver closes answers while the goroutine started at line 47 may still send`
	return a
}

// Squares consumes a generator until ctx is done, then closes the
// generator's channel from the consuming goroutine.
func Squares(ctx context.Context, n int, sink func(int)) {
	nums := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			nums <- i * i
		}
	}()
	go func() {
		defer close(nums) // want `receiver closes nums while the goroutine started at line 60 may still send`
		for {
			select {
			case v := <-nums:
				sink(v)
			case <-ctx.Done():
				return
			}
		}
	}()
}

// --- correct look-alikes ---

// gen is a generator: it closes its own output after the last send.
func gen(words []string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, w := range words {
			out <- w
		}
	}()
	return out
}

// Upper is a pipeline stage: the sending goroutine closes out.
func Upper(words []string) []string {
	in := gen(words)
	out := make(chan string)
	go func() {
		defer close(out)
		for w := range in {
			out <- strings.ToUpper(w)
		}
	}()
	var res []string
	for w := range out {
		res = append(res, w)
	}
	return res
}

// Merge fans in with a closer goroutine that waits for every forwarder.
func Merge(a, b []string) []string {
	out := make(chan string)
	var wg sync.WaitGroup
	for _, words := range [][]string{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, w := range words {
				out <- w
			}
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	var res []string
	for w := range out {
		res = append(res, w)
	}
	return res
}

// Take cancels the producer, which selects on ctx.Done() beside every
// send, before closing the channel it reads from.
func Take(parent context.Context, k int) []int {
	ctx, cancel := context.WithCancel(parent)
	nums := make(chan int)
	go func() {
		for i := 0; ; i++ {
			select {
			case nums <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	var res []int
	res = append(res, <-nums)
	cancel()
	close(nums)
	return res
}

// Reply receives the only value the worker sends, then closes.
func Reply(ctx context.Context, q string) string {
	reply := make(chan string)
	go func() {
		reply <- query(ctx, "primary", q)
	}()
	a := <-reply
	close(reply)
	return a
}

// PingPong exchanges messages both ways over one channel: the closer
// sends on it too, so it owns the close.
func PingPong(rounds int) int {
	ball := make(chan int)
	go func() {
		for v := range ball {
			ball <- v + 1
		}
	}()
	n := 0
	for i := 0; i < rounds; i++ {
		ball <- n
		n = <-ball
	}
	close(ball)
	return n
}

// Finished waits for the producer's done signal before closing the data
// channel it drained.
func Finished(words []string) []string {
	data := make(chan string, len(words))
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		for _, w := range words {
			data <- w
		}
	}()
	first := <-data
	<-finished
	close(data)
	res := []string{first}
	for w := range data {
		res = append(res, w)
	}
	return res
}

// Quit closes a quit channel that only the ticker goroutine receives from.
func Quit(d time.Duration, tick func()) func() {
	quit := make(chan struct{})
	go func() {
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				tick()
			case <-quit:
				return
			}
		}
	}()
	time.Sleep(d)
	close(quit)
	return tick
}

// FirstOf is a generic "first answer wins" that closes the channel the
// slower producers send on.
func FirstOf[T any](producers []func() T) T {
	ch := make(chan T)
	for _, p := range producers {
		go func() { ch <- p() }()
	}
	v := <-ch
	close(ch) // want `receiver closes ch while the goroutine started at line \d+ may still send`
	return v
}

// Collect is a generic stage whose sender closes its output.
func Collect[T any](items []T) []T {
	ch := make(chan T)
	go func() {
		defer close(ch)
		for _, it := range items {
			ch <- it
		}
	}()
	var out []T
	for it := range ch {
		out = append(out, it)
	}
	return out
}

// FirstNegative closes items while its producer may still send, but the
// producer closes items too: that double close is closedchan's report,
// and this analyzer leaves the line to it.
func FirstNegative(ids []int) int {
	items := make(chan int)
	go func() {
		defer close(items)
		for _, id := range ids {
			items <- id
		}
	}()
	for id := range items {
		if id < 0 {
			close(items)
			return id
		}
	}
	return 0
}
