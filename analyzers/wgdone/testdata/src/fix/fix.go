package fix

import (
	"log"
	"sync"
)

func fetch(string) error { return nil }

func fetchAll(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			if err := fetch(u); err != nil {
				log.Print(err)
				return // want `goroutine returns at line 17 without calling wg.Done .*; use defer wg.Done\(\) at the top of the goroutine`
			}
			log.Printf("fetched %s", u)
			wg.Done()
		}()
	}
	wg.Wait()
}

type crawler struct {
	wg sync.WaitGroup
}

func (c *crawler) visit(urls []string) { // want visit:"done\\(recv.wg:unknown\\)"
	for _, u := range urls {
		c.wg.Add(1)
		go func(url string) {
			if url == "" {
				return // want `goroutine returns at line 35 without calling c.wg.Done`
			}
			if err := fetch(url); err != nil {
				return // want `goroutine returns at line 38 without calling c.wg.Done`
			}
			c.wg.Done() // counted
		}(u)
	}
}

// Done is not the last statement: deferring it would delay it until the
// send, so the fix calls Done on the path that skips it instead.
func notLast(urls []string, results chan<- string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			if fetch(u) != nil {
				return // want `goroutine returns at line 5\d without calling wg.Done .*; call wg.Done\(\) before this return`
			}
			wg.Done()
			results <- u
		}()
	}
	wg.Wait()
}

func load(string) error { return nil }

// startCaches waits until every cache has loaded, not until they stop
// serving: ready.Done ends the loading stage, and the failed load must
// count down too.
func startCaches(names []string, serve func(string)) {
	var ready sync.WaitGroup
	for _, n := range names {
		ready.Add(1)
		go func() {
			if err := load(n); err != nil {
				log.Print(err)
				return // want `goroutine returns at line \d+ without calling ready.Done .*; call ready.Done\(\) before this return`
			}
			ready.Done()
			serve(n)
		}()
	}
	ready.Wait()
}

// startWarmed counts down between the stages on every path: nothing to
// report.
func startWarmed(names []string, serve func(string)) {
	var ready sync.WaitGroup
	for _, n := range names {
		ready.Add(1)
		go func() {
			err := load(n)
			ready.Done()
			if err != nil {
				log.Print(err)
				return
			}
			serve(n)
		}()
	}
	ready.Wait()
}

// startChecked calls Done on its error path itself before returning.
func startChecked(names []string, serve func(string)) {
	var ready sync.WaitGroup
	for _, n := range names {
		ready.Add(1)
		go func() {
			if err := load(n); err != nil {
				ready.Done()
				return
			}
			ready.Done()
			serve(n)
		}()
	}
	ready.Wait()
}
