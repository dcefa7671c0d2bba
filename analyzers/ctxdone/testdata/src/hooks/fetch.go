// Package hooks fetches pages in batches. Tests observe its progress
// through optional hook channels that are nil in production.
package hooks

import (
	"context"
	"net/http"
)

type testHooks struct {
	started chan string
}

type Fetcher struct {
	client *http.Client
	// testHook, when set by a test, receives the index of each page
	// before it is fetched.
	testHook chan int
	hooks    testHooks
	// progress is set by WithProgress: callers read it, or the fetch
	// blocks.
	progress chan int
	// OnRetry is for callers in other packages to set.
	OnRetry chan string
	// done is always nil outside tests too, but its send is not guarded.
	done chan int
}

// afterFlush is set by tests to learn that a batch was flushed.
var afterFlush chan int

func New(c *http.Client) *Fetcher { return &Fetcher{client: c} }

func (f *Fetcher) WithProgress(ch chan int) *Fetcher {
	f.progress = ch
	return f
}

func (f *Fetcher) get(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Fetch gets every page, telling the test hooks on the way.
func (f *Fetcher) Fetch(ctx context.Context, urls []string) error {
	for i, u := range urls {
		if f.testHook != nil {
			f.testHook <- i
		}
		if f.hooks.started != nil && u != "" {
			f.hooks.started <- u
		}
		if err := f.get(ctx, u); err != nil {
			return err
		}
		if afterFlush != nil {
			afterFlush <- i
		}
	}
	return nil
}

// FetchN gets the first n pages with a counting loop.
func (f *Fetcher) FetchN(ctx context.Context, base string, n int) {
	for i := 0; i < n; i++ {
		if f.testHook != nil {
			f.testHook <- i
		}
		_ = f.get(ctx, base)
	}
}

// Report sends progress to a channel production callers set: a real
// send that blocks once the reader gives up on ctx.
func (f *Fetcher) Report(ctx context.Context, urls []string) {
	for i, u := range urls {
		_ = f.get(ctx, u)
		if f.progress != nil {
			f.progress <- i // want `send on f.progress in a loop ignores ctx`
		}
	}
}

// Retry tells OnRetry, which importers may set.
func (f *Fetcher) Retry(ctx context.Context, urls []string) {
	for _, u := range urls {
		if f.get(ctx, u) != nil && f.OnRetry != nil {
			f.OnRetry <- u // want `send on f.OnRetry in a loop ignores ctx`
		}
	}
}

// Finish sends on done without the nil check: in production it blocks.
func (f *Fetcher) Finish(ctx context.Context, urls []string) {
	for i := range urls {
		f.done <- i // want `send on f.done in a loop ignores ctx`
	}
}
