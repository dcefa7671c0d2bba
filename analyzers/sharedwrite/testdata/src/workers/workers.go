// Goroutines started in loops, each writing memory that all of them
// share, next to the correct ways of collecting their results.
package workers

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"
)

type Page struct {
	URL  string
	Body string
}

func fetch(url string) (Page, error) { return Page{URL: url}, nil }

// ---- buggy ----

// CountWords is the classic counter race.
func CountWords(lines []string) int {
	count := 0
	var wg sync.WaitGroup
	for _, line := range lines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			count += len(strings.Fields(line)) // want `^goroutines started in the loop at line 31 all write count without synchronization: data race \(lost updates\); guard it with a mutex, use sync/atomic, or send results on a channel$`
		}()
	}
	wg.Wait()
	return count
}

// FetchAll keeps the last error and appends pages from every goroutine.
func FetchAll(urls []string) ([]Page, error) {
	var (
		pages []Page
		err   error
		wg    sync.WaitGroup
	)
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, e := fetch(u)
			if e != nil {
				err = e // want `goroutines started in the loop at line 49 all write err without synchronization`
				return
			}
			pages = append(pages, p) // want `all write pages without synchronization: data race \(lost updates\)`
		}()
	}
	wg.Wait()
	return pages, err
}

type HealthChecker struct {
	checks map[string]func() bool
}

// CheckHealth fills one map from every goroutine: the runtime aborts
// with "concurrent map writes".
func (h *HealthChecker) CheckHealth() map[string]bool {
	results := make(map[string]bool)
	var wg sync.WaitGroup
	for name, check := range h.checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[name] = check() // want `^goroutines started in the loop at line 74 all write map results without synchronization: data race \(concurrent map writes crash the program\); guard it with a mutex, or send results on a channel$`
		}()
	}
	wg.Wait()
	return results
}

type Cache struct {
	entries map[string]time.Time
}

// Evict deletes expired keys from several goroutines.
func (c *Cache) Evict(keys []string, now time.Time) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Go(func() {
			if now.After(c.entries[k]) {
				delete(c.entries, k) // want `all write map c.entries without synchronization`
			}
		})
	}
	wg.Wait()
}

type Stats struct {
	Requests int
	Failures int
}

// Probe counts into a struct shared through a pointer.
func Probe(client *http.Client, urls []string, st *Stats) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st.Requests++ // want `all write st.Requests without synchronization`
			resp, err := client.Get(u)
			if err != nil {
				st.Failures++ // want `all write st.Failures without synchronization`
				return
			}
			resp.Body.Close()
		}()
	}
	wg.Wait()
}

var processed int

// Drain bumps a package-level counter from a pool of workers.
func Drain(jobs <-chan string, handle func(string)) {
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				handle(j)
				processed++ // want `goroutines started in the loop at line 131 all write processed`
			}
		}()
	}
	wg.Wait()
}

// SumSizes uses errgroup, but the total is still shared.
func SumSizes(ctx context.Context, paths []string, size func(context.Context, string) (int64, error)) (int64, error) {
	var total int64
	g, ctx := errgroup.WithContext(ctx)
	for _, p := range paths {
		g.Go(func() error {
			n, err := size(ctx, p)
			total += n // want `all write total without synchronization`
			return err
		})
	}
	return total, g.Wait()
}

// Latest writes the same constant slot from every goroutine.
func Latest(readings []func() float64) []float64 {
	out := make([]float64, 1)
	var wg sync.WaitGroup
	for _, read := range readings {
		wg.Go(func() {
			out[0] = read() // want `all write out\[0\] without synchronization`
		})
	}
	wg.Wait()
	return out
}

// Batches shares a per-batch total between the goroutines of one batch.
func Batches(batches [][]int) []int {
	var sums []int
	for _, batch := range batches {
		total := 0
		var wg sync.WaitGroup
		for _, n := range batch {
			wg.Go(func() {
				total += n // want `goroutines started in the loop at line 177 all write total`
			})
		}
		wg.Wait()
		sums = append(sums, total)
	}
	return sums
}

// Serve counts connections from every handler goroutine.
func Serve(ln net.Listener, handle func(net.Conn)) error {
	active := 0
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		go func() {
			active++ // want `all write active without synchronization`
			handle(conn)
			active-- // want `all write active without synchronization`
		}()
	}
}

// Throttle limits concurrency with a semaphore of four slots: up to four
// goroutines write at once.
func Throttle(items []int) int {
	total := 0
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Go(func() {
			sem <- struct{}{}
			total += it // want `all write total without synchronization`
			<-sem
		})
	}
	wg.Wait()
	return total
}

// ---- correct ----

// CountWordsLocked guards the counter with a mutex.
func CountWordsLocked(lines []string) int {
	count := 0
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, line := range lines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := len(strings.Fields(line))
			mu.Lock()
			count += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	return count
}

// CheckHealthLocked takes the lock with a deferred unlock, and only on
// the branch that writes.
func (h *HealthChecker) CheckHealthLocked() (map[string]bool, []string) {
	results := make(map[string]bool)
	var failed []string
	var mu sync.Mutex
	var wg sync.WaitGroup
	for name, check := range h.checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok := check()
			if !ok {
				mu.Lock()
				failed = append(failed, name)
				mu.Unlock()
			}
			mu.Lock()
			defer mu.Unlock()
			results[name] = ok
		}()
	}
	wg.Wait()
	return results, failed
}

// CountAtomic uses atomics.
func CountAtomic(lines []string) (int64, int64) {
	var words atomic.Int64
	var chars int64
	var wg sync.WaitGroup
	for _, line := range lines {
		wg.Go(func() {
			words.Add(int64(len(strings.Fields(line))))
			atomic.AddInt64(&chars, int64(len(line)))
		})
	}
	wg.Wait()
	return words.Load(), chars
}

// FetchSlots gives each goroutine its own slot, indexed by the loop
// variable (one per iteration since Go 1.22), by a parameter, or by an
// atomic ticket.
func FetchSlots(urls []string) ([]Page, []error, []string) {
	pages := make([]Page, len(urls))
	errs := make([]error, len(urls))
	seen := make([]string, len(urls))
	var ticket int64
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Add(2)
		go func() {
			defer wg.Done()
			pages[i], errs[i] = fetch(u)
		}()
		go func(slot int) {
			defer wg.Done()
			seen[atomic.AddInt64(&ticket, 1)-1] = urls[slot]
		}(i)
	}
	wg.Wait()
	return pages, errs, seen
}

// FetchGroup collects per-goroutine slots with errgroup.
func FetchGroup(ctx context.Context, urls []string) ([]Page, error) {
	pages := make([]Page, len(urls))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(8)
	for i, u := range urls {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			p, err := fetch(u)
			pages[i] = p
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return pages, nil
}

type Job struct {
	ID     int
	Status string
	Err    error
}

// RunJobs writes through per-iteration pointers: distinct jobs.
func RunJobs(jobs []*Job, run func(*Job) error) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Go(func() {
			job.Err = run(job)
			job.Status = "done"
		})
	}
	wg.Wait()
}

// Collect sends results to one collector; only it appends.
func Collect(urls []string) []Page {
	results := make(chan Page)
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Go(func() {
			p, _ := fetch(u)
			results <- p
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var pages []Page
	for p := range results {
		pages = append(pages, p)
	}
	return pages
}

// Sequential waits for each goroutine before starting the next, as a
// test with a timeout does.
func Sequential(cases []string, parse func(string) (int, error)) []int {
	var got []int
	for _, c := range cases {
		done := make(chan struct{})
		var err error
		var n int
		go func() {
			defer close(done)
			n, err = parse(c)
		}()
		select {
		case <-done:
		case <-time.After(time.Second):
			panic("parse hung")
		}
		if err == nil {
			got = append(got, n)
		}
	}
	return got
}

// PerIteration declares the written variable inside the loop body.
func PerIteration(inputs []string, out chan<- int) {
	for _, in := range inputs {
		var size int
		go func() {
			size = len(in)
			out <- size
		}()
	}
}

// FirstResult lets one winner in with a compare-and-swap.
func FirstResult(mirrors []string) Page {
	var first Page
	var won atomic.Bool
	var wg sync.WaitGroup
	for _, m := range mirrors {
		wg.Go(func() {
			p, err := fetch(m)
			if err == nil && won.CompareAndSwap(false, true) {
				first = p
			}
		})
	}
	wg.Wait()
	return first
}

// Semaphore uses a one-slot channel as the lock.
func Semaphore(items []int) int {
	total := 0
	lock := make(chan struct{}, 1)
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Go(func() {
			lock <- struct{}{}
			total += it
			<-lock
		})
	}
	wg.Wait()
	return total
}

// LoadOnce writes inside once.Do, which runs the function once.
func LoadOnce(names []string, load func() map[string]string) []string {
	var cfg map[string]string
	var once sync.Once
	out := make([]string, len(names))
	var wg sync.WaitGroup
	for i, n := range names {
		wg.Go(func() {
			once.Do(func() { cfg = load() })
			out[i] = cfg[n]
		})
	}
	wg.Wait()
	return out
}

// SyncMap stores into a sync.Map, which is safe.
func SyncMap(keys []string) *sync.Map {
	var m sync.Map
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Go(func() { m.Store(k, len(k)) })
	}
	wg.Wait()
	return &m
}

// Shards gives each goroutine its own map.
func Shards(parts [][]string) []map[string]int {
	shards := make([]map[string]int, len(parts))
	for i := range shards {
		shards[i] = make(map[string]int)
	}
	var wg sync.WaitGroup
	for i, part := range parts {
		wg.Go(func() {
			for _, w := range part {
				shards[i][w]++
			}
		})
	}
	wg.Wait()
	return shards
}

// Locals writes only the goroutine's own variables.
func Locals(inputs []string, out chan<- error) {
	for _, in := range inputs {
		go func() {
			var err error
			if in == "" {
				err = errors.New("empty input")
			}
			out <- err
		}()
	}
}

// waitTimeout waits for wg, or gives up after d.
func waitTimeout(wg *sync.WaitGroup, d time.Duration) bool {
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

// HelperWait joins through a helper handed the WaitGroup.
func HelperWait(items []int) int {
	sum := 0
	var wg sync.WaitGroup
	wg.Go(func() {
		for _, it := range items {
			sum += it
		}
	})
	if !waitTimeout(&wg, time.Second) {
		return -1
	}
	sum *= 2
	return sum
}

// PickServer starts one goroutine and leaves the loop.
func PickServer(servers []string, healthy func(string) bool) string {
	var chosen string
	done := make(chan struct{})
	for _, s := range servers {
		if healthy(s) {
			go func() {
				defer close(done)
				chosen = s
			}()
			break
		}
	}
	<-done
	return chosen
}

// Rounds waits for each round's goroutine before the next round.
func Rounds(cases []string, run func(string) string) []string {
	var got string
	var out []string
	var wg sync.WaitGroup
	for _, c := range cases {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got = run(c)
		}()
		wg.Wait()
		out = append(out, got)
	}
	return out
}

// ---- deliberately not reported ----

// ReadLocked writes under a read lock, which lets several writers in at
// once; the analyzer treats any lock as held (see the doc).
func ReadLocked(keys []string, cache map[string]int) {
	var mu sync.RWMutex
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Go(func() {
			mu.RLock()
			cache[k] = len(k)
			mu.RUnlock()
		})
	}
	wg.Wait()
}

// Recovered writes in a deferred closure, which is not examined.
func Recovered(tasks []func()) error {
	var err error
	var wg sync.WaitGroup
	for _, task := range tasks {
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					err = errors.New("task panicked")
				}
			}()
			task()
		})
	}
	wg.Wait()
	return err
}

// Migrate runs the steps one at a time: SetLimit(1) serializes them.
func Migrate(ctx context.Context, steps []func(context.Context) error) (int, error) {
	applied := 0
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(1)
	for _, step := range steps {
		g.Go(func() error {
			if err := step(ctx); err != nil {
				return err
			}
			applied++
			return nil
		})
	}
	err := g.Wait()
	return applied, err
}

// MigrateParallel allows two steps at once.
func MigrateParallel(ctx context.Context, steps []func(context.Context) error) (int, error) {
	applied := 0
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(2)
	for _, step := range steps {
		g.Go(func() error {
			if err := step(ctx); err != nil {
				return err
			}
			applied++ // want `all write applied without synchronization`
			return nil
		})
	}
	err := g.Wait()
	return applied, err
}
