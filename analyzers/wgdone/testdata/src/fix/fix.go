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
				return // want `goroutine returns at line 17 without calling wg.Done`
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

// Done is not the last statement: moving it would delay it, so no fix.
func notLast(urls []string, results chan<- string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			if fetch(u) != nil {
				return // want `goroutine returns at line 52 without calling wg.Done`
			}
			wg.Done()
			results <- u
		}()
	}
	wg.Wait()
}
