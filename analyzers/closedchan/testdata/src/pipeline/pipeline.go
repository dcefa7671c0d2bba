// Package pipeline holds pipeline stages that close their output channels.
package pipeline

import (
	"context"
	"errors"
	"strconv"
	"sync"
)

type Record struct {
	ID   int
	Body string
}

// parse closes out early on a bad record, and again in its defer.
func parse(ctx context.Context, in <-chan string, out chan<- Record, errc chan<- error) {
	defer close(out)
	for line := range in {
		id, err := strconv.Atoi(line)
		if err != nil {
			errc <- err
			close(out) // want `close of out, which the deferred close at line 18 closes again when the function returns`
			return
		}
		select {
		case out <- Record{ID: id, Body: line}:
		case <-ctx.Done():
			return
		}
	}
}

// parseFixed lets the defer do the closing.
func parseFixed(ctx context.Context, in <-chan string, out chan<- Record, errc chan<- error) {
	defer close(out)
	for line := range in {
		id, err := strconv.Atoi(line)
		if err != nil {
			errc <- err
			return
		}
		select {
		case out <- Record{ID: id, Body: line}:
		case <-ctx.Done():
			return
		}
	}
}

// Generate is the usual generator: the stage owns out and closes it once.
func Generate(ctx context.Context, n int) <-chan int {
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

// Square closes out after its loop, and then registers a defer as well.
func Square(in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		for v := range in {
			out <- v * v
		}
		close(out)
		defer close(out) // want `deferred close of out, which is already closed at line 74 on this path`
	}()
	return out
}

// flush sends the remainder after closing the batch channel.
func flush(batch chan []Record, rest []Record) {
	close(batch)
	if len(rest) > 0 {
		batch <- rest // want `send on batch after it is closed at line 82`
	}
}

// flushFixed sends first.
func flushFixed(batch chan []Record, rest []Record) {
	if len(rest) > 0 {
		batch <- rest
	}
	close(batch)
}

// drain closes out on error and on success, on exclusive paths.
func drain(in <-chan Record, out chan<- Record) error {
	for r := range in {
		if r.ID < 0 {
			close(out)
			return errors.New("negative id")
		}
		out <- r
	}
	close(out)
	return nil
}

// relay closes in either of two select cases, each followed by return.
func relay(ctx context.Context, in <-chan Record, out chan<- Record) {
	for {
		select {
		case r, ok := <-in:
			if !ok {
				close(out)
				return
			}
			out <- r
		case <-ctx.Done():
			close(out)
			return
		}
	}
}

// split closes each output once; the two are different channels.
func split(in <-chan Record, even, odd chan<- Record) {
	defer close(even)
	defer close(odd)
	for r := range in {
		if r.ID%2 == 0 {
			even <- r
		} else {
			odd <- r
		}
	}
}

// finish closes when done, guarded by the same flag tested twice.
func finish(out chan<- Record, failed bool) {
	if failed {
		close(out)
	}
	if !failed {
		out <- Record{}
		close(out)
	}
}

// stage closes out on a validation error before the loop and in its defer.
func stage(in <-chan Record, out chan Record, validate func() error) error {
	defer close(out)
	if err := validate(); err != nil {
		close(out) // want `close of out, which the deferred close at line 152 closes again`
		return err
	}
	for r := range in {
		out <- r
	}
	return nil
}

// stageFixed closes out only through the deferred close.
func stageFixed(in <-chan Record, out chan Record, validate func() error) error {
	defer close(out)
	if err := validate(); err != nil {
		return err
	}
	for r := range in {
		out <- r
	}
	return nil
}

// stageOwned closes explicitly, with no defer, on both paths.
func stageOwned(in <-chan Record, out chan Record, validate func() error) error {
	if err := validate(); err != nil {
		close(out)
		return err
	}
	for r := range in {
		out <- r
	}
	close(out)
	return nil
}

// fanIn: each forwarder calls wg.Done, and a closer goroutine closes out
// once after wg.Wait and then closes done in its defer.
func fanIn(inputs ...<-chan Record) <-chan Record {
	out := make(chan Record)
	done := make(chan struct{})
	var wg sync.WaitGroup
	for _, in := range inputs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range in {
				out <- r
			}
		}()
	}
	go func() {
		defer close(done)
		wg.Wait()
		close(out)
	}()
	return out
}

// batcher closes out conditionally in its deferred function, after an
// explicit close on the error path that records it.
func batcher(in <-chan Record, out chan []Record) (err error) {
	closed := false
	defer func() {
		if !closed {
			close(out)
		}
	}()
	var batch []Record
	for r := range in {
		if r.ID < 0 {
			close(out)
			closed = true
			return errors.New("bad record")
		}
		batch = append(batch, r)
	}
	out <- batch
	return nil
}
