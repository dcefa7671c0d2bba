// Package drain holds pipeline stages whose receivers drain their input
// to the close, seen through the functions and promoted methods the
// channels are passed to, next to look-alikes whose receivers may stop.
package drain

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"
)

// double is a stage run by its caller: it forwards until in is closed.
func double(ctx context.Context, in <-chan int, out chan<- int) {
	for v := range in {
		out <- v * 2
	}
}

// Sum feeds double and drains its output: every channel is received
// from until it is closed, so no send can block for good.
func Sum(ctx context.Context, xs []int) (sum int) {
	in, out := make(chan int), make(chan int)
	go func() {
		defer close(in)
		for _, x := range xs {
			in <- x
		}
	}()
	go func() {
		defer close(out)
		double(ctx, in, out)
	}()
	for v := range out {
		sum += v
	}
	return sum
}

// countRunes is a worker of a pool that its caller fans out.
func countRunes(ctx context.Context, in <-chan string, out chan<- int) {
	for s := range in {
		out <- utf8.RuneCountInString(s)
	}
}

// Runes fans the words out to workers and drains their counts: the jobs
// are drained by every worker, the counts by Runes until the last worker
// is done.
func Runes(ctx context.Context, words []string, workers int) (total int) {
	jobs, counts := make(chan string), make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			countRunes(ctx, jobs, counts)
		}()
	}
	go func() {
		wg.Wait()
		close(counts)
	}()
	go func() {
		defer close(jobs)
		for _, w := range words {
			jobs <- w
		}
	}()
	for n := range counts {
		total += n
	}
	return total
}

// firstOver is a stage that gives up on its input at the first large
// value.
func firstOver(ctx context.Context, in <-chan int, limit int) int {
	for v := range in {
		if v > limit {
			return v
		}
	}
	return -1
}

// FirstOver feeds a receiver that may stop: the feeder leaks.
func FirstOver(ctx context.Context, xs []int) int {
	in := make(chan int)
	go func() {
		defer close(in)
		for _, x := range xs {
			in <- x // want `send on in in a loop ignores ctx`
		}
	}()
	return firstOver(ctx, in, 100)
}

// trim forwards in a goroutine its caller passes the channels to; the
// caller stops reading out early.
func trim(ctx context.Context, in <-chan string, out chan<- string) {
	defer close(out)
	for s := range in {
		out <- strings.TrimSpace(s) // want `send on out in a loop ignores ctx`
	}
}

// FirstNonEmpty drains in through trim but leaves out at the first hit.
// The feeder of in leaks too, but only because trim is stuck on its send:
// that send is the one reported.
func FirstNonEmpty(ctx context.Context, lines []string) string {
	in, out := make(chan string), make(chan string)
	go func() {
		defer close(in)
		for _, l := range lines {
			in <- l
		}
	}()
	go trim(ctx, in, out)
	for s := range out {
		if s != "" {
			return s
		}
	}
	return ""
}

// upper is like double but exported: callers in other packages may stop
// reading out, so its send stays reported.
func Upper(ctx context.Context, in <-chan string, out chan<- string) {
	for s := range in {
		out <- strings.ToUpper(s) // want `send on out in a loop ignores ctx`
	}
}

// base collects the directories a walk visits, until its channel closes.
type base struct{ seen []string }

func (b *base) collect(ctx context.Context, ch <-chan string) {
	for dir := range ch {
		b.seen = append(b.seen, dir)
	}
}

// watch stops collecting when ctx is cancelled.
func (b *base) watch(ctx context.Context, ch <-chan string) {
	for {
		select {
		case dir, ok := <-ch:
			if !ok {
				return
			}
			b.seen = append(b.seen, dir)
		case <-ctx.Done():
			return
		}
	}
}

// walker gets collect and watch from its embedded *base.
type walker struct {
	*base
	root string
}

// Revert sends every directory to the promoted collect, which drains the
// channel until the deferred close.
func (w walker) Revert(ctx context.Context, dirs []string) {
	ch := make(chan string)
	go w.collect(ctx, ch)
	defer close(ch)
	for _, d := range dirs {
		ch <- filepath.Join(w.root, d)
	}
}

// Walk does the same through a method value.
func (w walker) Walk(ctx context.Context) error {
	ch := make(chan string)
	collect := w.collect
	go collect(ctx, ch)
	defer close(ch)
	entries, err := os.ReadDir(w.root)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() {
			ch <- e.Name()
		}
	}
	return nil
}

// Watch hands the channel to watch, which returns on ctx.Done() while
// the sender keeps sending: after cancellation the send blocks forever.
func (w walker) Watch(ctx context.Context, dirs []string) {
	ch := make(chan string)
	go w.watch(ctx, ch)
	defer close(ch)
	for _, d := range dirs {
		ch <- d // want `send on ch in a loop ignores ctx`
	}
}

// Rescan drains through a helper that is reached on every path.
func (w walker) Rescan(ctx context.Context, dirs []string) {
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, d := range dirs {
			ch <- d
		}
	}()
	w.base.collect(ctx, ch)
}

// RescanMaybe drains only when asked to: otherwise the feeder blocks.
func (w walker) RescanMaybe(ctx context.Context, dirs []string, keep bool) {
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, d := range dirs {
			ch <- d // want `send on ch in a loop ignores ctx`
		}
	}()
	if keep {
		w.collect(ctx, ch)
	}
}
