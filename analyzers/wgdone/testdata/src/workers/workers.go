// Package workers holds goroutines started from function literals: worker
// pools, fan-out with an error return, batch processors.
package workers

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

type Page struct{ URL, Body string }

type Batch struct {
	ID    int
	Items []string
}

type Job struct{ ID int }

func fetch(url string) (Page, error) {
	if url == "" {
		return Page{}, errors.New("empty url")
	}
	return Page{URL: url}, nil
}

func store(string) error { return nil }

func process(Job) error { return nil }

// ---- buggy ----

// fetchAll returns early on an error before the Done at the end.
func fetchAll(urls []string) []Page {
	pages := make([]Page, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Add(1)
		go func() {
			p, err := fetch(u)
			if err != nil {
				log.Print(err)
				return // want `goroutine returns at line 46 without calling wg.Done \(it is called on other paths\): wg.Wait blocks forever; use defer wg.Done\(\) at the top of the goroutine`
			}
			pages[i] = p
			wg.Done()
		}()
	}
	wg.Wait()
	return pages
}

// storeBatches skips empty batches with a return inside the goroutine.
func storeBatches(batches []Batch) {
	var wg sync.WaitGroup
	for _, b := range batches {
		wg.Add(1)
		go func(b Batch) {
			if len(b.Items) == 0 {
				return // want `goroutine returns at line 63 without calling wg.Done`
			}
			for _, it := range b.Items {
				if err := store(it); err != nil {
					log.Printf("batch %d: %v", b.ID, err)
					return // want `goroutine returns at line 68 without calling wg.Done`
				}
			}
			wg.Done()
		}(b)
	}
	wg.Wait()
}

// startWorkers: a worker stops on cancellation without Done; only a closed
// jobs channel leads to Done.
func startWorkers(ctx context.Context, n int, jobs <-chan Job) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(id int) {
			for {
				select {
				case <-ctx.Done():
					return // want `goroutine returns at line 87 without calling wg.Done`
				case j, ok := <-jobs:
					if !ok {
						wg.Done()
						return
					}
					if err := process(j); err != nil {
						log.Printf("worker %d: %v", id, err)
					}
				}
			}
		}(i)
	}
	wg.Wait()
}

// uploadAll passes the WaitGroup in as a parameter.
func uploadAll(files []string) {
	var wg sync.WaitGroup
	for _, f := range files {
		wg.Add(1)
		go func(wg *sync.WaitGroup, name string) {
			if err := store(name); err != nil {
				fmt.Println("upload:", err)
				return // want `goroutine returns at line 111 without calling wg.Done`
			}
			wg.Done()
		}(&wg, f)
	}
	wg.Wait()
}

// Server counts its connection handlers in a field.
type Server struct {
	wg    sync.WaitGroup
	conns chan string
}

func (s *Server) handle(conn string) error { return nil }

func (s *Server) Start() { // want Start:"done\\(recv.wg:unknown\\)"
	s.wg.Add(1)
	go func() {
		for c := range s.conns {
			if err := s.handle(c); err != nil {
				return // want `goroutine returns at line 132 without calling s.wg.Done`
			}
		}
		s.wg.Done()
	}()
}

func (s *Server) Close() {
	close(s.conns)
	s.wg.Wait()
}

// resizeAll starts the same stored closure twice; its early return is
// reported once.
func resizeAll(a, b string) {
	var wg sync.WaitGroup
	resize := func(name string) {
		if name == "" {
			return // want `goroutine returns at line 150 without calling wg.Done`
		}
		_ = store(name)
		wg.Done()
	}
	wg.Add(2)
	go resize(a)
	go resize(b)
	wg.Wait()
}

// indexAll defers Done and also calls it on the error path.
func indexAll(docs []string) {
	var wg sync.WaitGroup
	for _, d := range docs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := store(d); err != nil {
				log.Print(err)
				wg.Done() // want `wg.Done called here and again by the deferred wg.Done: the WaitGroup counter goes negative and panics`
				return
			}
		}()
	}
	wg.Wait()
}

// pingAll forgets the return after the Done on the error path.
func pingAll(hosts []string) {
	var wg sync.WaitGroup
	for _, h := range hosts {
		wg.Add(1)
		go func() {
			if _, err := fetch(h); err != nil {
				log.Print(err)
				wg.Done()
			}
			log.Printf("%s is up", h)
			wg.Done() // want `wg.Done called a second time on this path`
		}()
	}
	wg.Wait()
}

// ---- correct ----

// fetchAllDeferred is the fix: Done deferred at the top.
func fetchAllDeferred(urls []string) []Page {
	pages := make([]Page, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := fetch(u)
			if err != nil {
				log.Print(err)
				return
			}
			pages[i] = p
		}()
	}
	wg.Wait()
	return pages
}

// storeBatchesExplicit calls Done before every return.
func storeBatchesExplicit(batches []Batch) {
	var wg sync.WaitGroup
	for _, b := range batches {
		wg.Add(1)
		go func() {
			if len(b.Items) == 0 {
				wg.Done()
				return
			}
			for _, it := range b.Items {
				_ = store(it)
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// drainCounted: one goroutine calls Done once per item it handles.
func drainCounted(items []string) {
	var wg sync.WaitGroup
	wg.Add(len(items))
	go func() {
		for _, it := range items {
			if it == "" {
				continue
			}
			_ = store(it)
			wg.Done()
		}
	}()
	wg.Wait()
}

// serve loops forever; its Done is never reached and it never returns.
func serve(conns <-chan string, s *Server) { // want serve:"done\\(param1.wg:unknown\\)"
	s.wg.Add(1)
	go func() {
		for {
			c := <-conns
			_ = s.handle(c)
		}
	}()
}

// quitLoop returns only on quit, after Done.
func quitLoop(quit <-chan struct{}, jobs <-chan Job) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		for {
			select {
			case <-quit:
				wg.Done()
				return
			case j := <-jobs:
				_ = process(j)
			}
		}
	}()
	wg.Wait()
}

// mustLoad: the path that skips Done ends in log.Fatal, which never returns.
func mustLoad(names []string) {
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func() {
			if err := store(n); err != nil {
				log.Fatalf("load %s: %v", n, err)
				return
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// startOptional takes a WaitGroup that may be nil.
func startOptional(wg *sync.WaitGroup, jobs <-chan Job) { // want startOptional:"done\\(param0:unknown\\)"
	if wg != nil {
		wg.Add(1)
	}
	go func() {
		if wg != nil {
			defer wg.Done()
		}
		for j := range jobs {
			if process(j) != nil {
				return
			}
		}
	}()
}

// delayedDone hands the Done to a timer on one path.
func delayedDone(delay time.Duration) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if delay > 0 {
			time.AfterFunc(delay, wg.Done)
			return
		}
		wg.Done()
	}()
	wg.Wait()
}

// twoPhase signals two stages of start-up on one WaitGroup counted twice.
func twoPhase(ready *sync.WaitGroup) { // want twoPhase:"done\\(param0:unknown\\)"
	ready.Add(2)
	go func() {
		_ = store("config")
		ready.Done()
		_ = store("cache")
		ready.Done()
		select {}
	}()
}

// recovering defers Done in a closure that also recovers.
func recovering(jobs []Job) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer func() {
				if r := recover(); r != nil {
					log.Print(r)
				}
				wg.Done()
			}()
			if j.ID < 0 {
				return
			}
			_ = process(j)
		}()
	}
	wg.Wait()
}

// goGroup uses wg.Go, which counts for itself.
func goGroup(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Go(func() {
			if _, err := fetch(u); err != nil {
				return
			}
		})
	}
	wg.Wait()
}

// onlyIfCounted: whether the goroutine was counted is a flag; the Done at
// the end follows the same flag.
func onlyIfCounted(wg *sync.WaitGroup, track bool, j Job) { // want onlyIfCounted:"done\\(param0:unknown\\)"
	if track {
		wg.Add(1)
	}
	go func() {
		_ = process(j)
		if track {
			wg.Done()
		}
	}()
}

// finish is a helper that always calls Done.
func finish(wg *sync.WaitGroup, err error) { // want finish:"done\\(param0:once\\)"
	if err != nil {
		log.Print(err)
	}
	wg.Done()
}

// viaHelper calls Done through a helper on the error path.
func viaHelper(names []string) {
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func() {
			if err := store(n); err != nil {
				finish(&wg, err)
				return
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// nestedCount: the goroutine counts a child for itself before handing off.
func nestedCount(names []string) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if len(names) > 1 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_ = store(names[1])
			}()
			wg.Done()
			return
		}
		_ = store(names[0])
		wg.Done()
	}()
	wg.Wait()
}

// pumpAll: each counted connection goroutine counts a reader of its own
// after its Done is deferred.
func pumpAll(addrs []string) {
	var wg sync.WaitGroup
	for _, a := range addrs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := fetch(a)
			if err != nil {
				log.Print(err)
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				log.Print(p.Body)
			}()
			for i := 0; i < 3; i++ {
				if store(p.URL) != nil {
					return
				}
			}
		}()
	}
	wg.Wait()
}
