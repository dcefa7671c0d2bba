// Package gogroup starts goroutines with sync.WaitGroup.Go (Go 1.25) and
// errgroup.Group.Go.
package gogroup

import (
	"context"
	"net/http"
	"sync"

	"golang.org/x/sync/errgroup"
)

type Fetcher struct {
	client *http.Client
	wg     sync.WaitGroup
	stats  sync.WaitGroup
}

func (f *Fetcher) get(ctx context.Context, url string) error { return nil }

// --- buggy ---

// fetchAll runs the requests with errgroup but also counts each one on a
// second WaitGroup from inside the goroutine.
func (f *Fetcher) fetchAll(ctx context.Context, urls []string) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, u := range urls {
		g.Go(func() error {
			f.stats.Add(1) // want `call f.stats.Add before g.Go`
			defer f.stats.Done()
			return f.get(ctx, u)
		})
	}
	return g.Wait()
}

// record is started by wg.Go but counts itself on a different WaitGroup.
func (f *Fetcher) record() { // want record:"adds\\(recv.stats\\)"
	f.stats.Add(1)
	defer f.stats.Done()
}

func (f *Fetcher) recordAll(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Go(f.record) // want `f.record calls f.stats.Add inside the goroutine it starts, racing with Wait; call Add before wg.Go`
	}
	wg.Wait()
	f.stats.Wait()
}

// goStats uses wg.Go on one WaitGroup and Adds on another.
func (f *Fetcher) goStats(ctx context.Context, urls []string) {
	for _, u := range urls {
		f.wg.Go(func() {
			f.stats.Add(1) // want `call f.stats.Add before f.wg.Go`
			defer f.stats.Done()
			f.get(ctx, u)
		})
	}
}

// --- correct ---

// goCounted: wg.Go does the Add and the Done.
func (f *Fetcher) goCounted(ctx context.Context, urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Go(func() {
			f.get(ctx, u)
		})
	}
	wg.Wait()
}

// goSameGroup: an Add inside a wg.Go function on the same WaitGroup only
// moves a counter that wg.Go has already raised.
func (f *Fetcher) goSameGroup(ctx context.Context, urls []string) {
	f.wg.Go(func() {
		for _, u := range urls {
			f.wg.Add(1)
			f.get(ctx, u)
			f.wg.Done()
		}
	})
	f.wg.Go(f.tracked)
	f.wg.Wait()
}

func (f *Fetcher) tracked() { // want tracked:"adds\\(recv.wg\\)"
	f.wg.Add(1)
	defer f.wg.Done()
}

// goNested: a wg.Go goroutine Adds for the children it starts.
func (f *Fetcher) goNested(ctx context.Context, pages [][]string) {
	var wg sync.WaitGroup
	for _, page := range pages {
		wg.Go(func() {
			for _, u := range page {
				wg.Add(1)
				go func() {
					defer wg.Done()
					f.get(ctx, u)
				}()
			}
		})
	}
	wg.Wait()
}

// errgroupCounted counts on a WaitGroup before g.Go.
func (f *Fetcher) errgroupCounted(ctx context.Context, urls []string) error {
	var g errgroup.Group
	for _, u := range urls {
		f.stats.Add(1)
		g.Go(func() error {
			defer f.stats.Done()
			return f.get(ctx, u)
		})
	}
	return g.Wait()
}
