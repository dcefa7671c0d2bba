// Package pipeline holds pipeline stages: generators, transforms, fan-in
// and sinks, with and without cancellation.
package pipeline

import (
	"context"
	"strings"
)

// gen is the classic generator whose consumer may stop early.
func gen(ctx context.Context, nums ...int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, n := range nums {
			out <- n // want `send on out in a loop ignores ctx: it blocks forever once the receiver stops after ctx is cancelled`
		}
	}()
	return out
}

// square ranges over its input (fine) but sends without watching ctx.
func square(ctx context.Context, in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for n := range in {
			out <- n * n // want `send on out in a loop ignores ctx`
		}
	}()
	return out
}

// upper forwards on a channel it was given.
func upper(ctx context.Context, in <-chan string, out chan<- string) {
	for s := range in {
		out <- strings.ToUpper(s) // want `send on out in a loop ignores ctx`
	}
}

// genOK selects on ctx.Done() for every send.
func genOK(ctx context.Context, nums ...int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, n := range nums {
			select {
			case out <- n:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// squareErrCheck checks ctx.Err() each round.
func squareErrCheck(ctx context.Context, in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for n := range in {
			if ctx.Err() != nil {
				return
			}
			out <- n * n
		}
	}()
	return out
}

// genDone uses a done channel instead of a context.
func genDone(done <-chan struct{}, nums ...int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, n := range nums {
			select {
			case out <- n:
			case <-done:
				return
			}
		}
	}()
	return out
}

// genNoCtx has no context at all: not this analyzer's business.
func genNoCtx(nums ...int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, n := range nums {
			out <- n
		}
	}()
	return out
}

// sumAll ranges over a channel its producer closes.
func sumAll(ctx context.Context, in <-chan int) int {
	total := 0
	for v := range in {
		total += v
	}
	return total
}

// collect drains a local stage to the end: the sends cannot block for good.
func collect(ctx context.Context, words []string) []string {
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, w := range words {
			ch <- strings.TrimSpace(w)
		}
	}()
	var res []string
	for w := range ch {
		res = append(res, w)
	}
	return res
}

// firstLong leaves its range early: the producer's send leaks.
func firstLong(ctx context.Context, words []string) string {
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, w := range words {
			ch <- w // want `send on ch in a loop ignores ctx`
		}
	}()
	for w := range ch {
		if len(w) > 10 {
			return w
		}
	}
	return ""
}

// buffered sends into a buffer sized to the input.
func buffered(ctx context.Context, words []string) <-chan string {
	ch := make(chan string, len(words))
	for _, w := range words {
		ch <- w
	}
	close(ch)
	return ch
}

// merge fans in with a select on ctx.Done() per send.
func merge(ctx context.Context, a, b <-chan int) <-chan int {
	out := make(chan int)
	forward := func(in <-chan int) {
		for v := range in {
			select {
			case out <- v:
			case <-ctx.Done():
				return
			}
		}
	}
	go forward(a)
	go forward(b)
	return out
}

// tee sends each value to two outputs with a select, and no ctx case.
func tee(ctx context.Context, in <-chan int) (<-chan int, <-chan int) {
	out1, out2 := make(chan int), make(chan int)
	go func() {
		defer close(out1)
		defer close(out2)
		for v := range in {
			o1, o2 := out1, out2
			for i := 0; i < 2; i++ {
				select { // want `select in a loop has no case <-ctx.Done\(\), so it blocks forever once the receiver stops after ctx is cancelled`
				case o1 <- v:
					o1 = nil
				case o2 <- v:
					o2 = nil
				}
			}
		}
	}()
	return out1, out2
}
