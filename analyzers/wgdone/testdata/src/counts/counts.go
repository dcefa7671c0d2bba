// Package counts holds bulk Adds in front of a fixed number of goroutines.
package counts

import (
	"fmt"
	"log"
	"strings"
	"sync"
)

func produce(wg *sync.WaitGroup, out chan<- int) { // want produce:"done\\(param0:once\\)"
	defer wg.Done()
	for i := 0; i < 10; i++ {
		out <- i
	}
	close(out)
}

func consume(wg *sync.WaitGroup, in <-chan int) { // want consume:"done\\(param0:once\\)"
	defer wg.Done()
	for v := range in {
		fmt.Println(v)
	}
}

// ---- buggy ----

// pipeline counts three goroutines and starts two.
func pipeline() {
	var wg sync.WaitGroup
	ch := make(chan int)
	wg.Add(3) // want `wg.Add\(3\) counts 3 goroutines but only 2 started after it call wg.Done: wg.Wait blocks forever; make the count match, or call wg.Add\(1\) just before each go statement`
	go produce(&wg, ch)
	go consume(&wg, ch)
	wg.Wait()
}

// mirror counts one goroutine and starts two that each call Done.
func mirror(a, b []string) (ua, ub []string) {
	var wg sync.WaitGroup
	wg.Add(1) // want `wg.Add\(1\) counts 1 goroutines but 2 started after it call wg.Done: the counter goes negative and panics`
	go func() {
		defer wg.Done()
		for _, s := range a {
			ua = append(ua, strings.ToUpper(s))
		}
	}()
	go func() {
		defer wg.Done()
		for _, s := range b {
			ub = append(ub, strings.ToUpper(s))
		}
	}()
	wg.Wait()
	return ua, ub
}

// merge counts three forwarders, starts two, and closes out after Wait in
// a goroutine of its own.
func merge(a, b <-chan string) <-chan string {
	out := make(chan string)
	var wg sync.WaitGroup
	forward := func(in <-chan string) {
		defer wg.Done()
		for s := range in {
			out <- s
		}
	}
	wg.Add(3) // want `wg.Add\(3\) counts 3 goroutines but only 2 started`
	go forward(a)
	go forward(b)
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// ---- correct ----

// pipelineOK counts the two goroutines it starts.
func pipelineOK() {
	var wg sync.WaitGroup
	ch := make(chan int)
	wg.Add(2)
	go produce(&wg, ch)
	go consume(&wg, ch)
	wg.Wait()
}

// mergeOK: two forwarders, and a closer that only waits.
func mergeOK(a, b <-chan string) <-chan string {
	out := make(chan string)
	var wg sync.WaitGroup
	forward := func(in <-chan string) {
		defer wg.Done()
		for s := range in {
			out <- s
		}
	}
	wg.Add(2)
	go forward(a)
	go forward(b)
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// perItem adds len(items) and starts one goroutine per item.
func perItem(items []string) {
	var wg sync.WaitGroup
	wg.Add(len(items))
	for _, it := range items {
		go func() {
			defer wg.Done()
			log.Print(it)
		}()
	}
	wg.Wait()
}

// perGo adds one before each go statement in a loop.
func perGo(items []string) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			log.Print(it)
		}()
	}
	wg.Wait()
}

// withLogger starts a goroutine that is not counted next to the counted ones.
func withLogger(logs chan string) {
	var wg sync.WaitGroup
	ch := make(chan int)
	wg.Add(2)
	go produce(&wg, ch)
	go func() {
		for l := range logs {
			log.Print(l)
		}
	}()
	go consume(&wg, ch)
	wg.Wait()
}

// selfCounted: the spawner holds one count itself and releases it.
func selfCounted() {
	var wg sync.WaitGroup
	ch := make(chan int, 10)
	wg.Add(2)
	go produce(&wg, ch)
	for v := range ch {
		log.Print(v)
	}
	wg.Done()
	wg.Wait()
}

func startConsumers(wg *sync.WaitGroup, ch chan int) { // want startConsumers:"done\\(param0:unknown\\)"
	wg.Add(1)
	go consume(wg, ch)
}

// handedOn: a helper starts more goroutines on the same WaitGroup.
func handedOn() {
	var wg sync.WaitGroup
	ch := make(chan int)
	wg.Add(2)
	go produce(&wg, ch)
	go consume(&wg, ch)
	startConsumers(&wg, ch)
	wg.Wait()
}

// phases: one goroutine signals two stages on a WaitGroup counted twice.
func phases(load func(string)) {
	var ready sync.WaitGroup
	ready.Add(2)
	go func() {
		load("config")
		ready.Done()
		load("cache")
		ready.Done()
	}()
	ready.Wait()
}

// conditional: the second goroutine is started only sometimes.
func conditional(both bool) {
	var wg sync.WaitGroup
	ch := make(chan int)
	wg.Add(2)
	go produce(&wg, ch)
	if both {
		go consume(&wg, ch)
	}
	wg.Wait()
}

// Service counts in a field; the other count belongs to a caller of Stop.
type Service struct {
	wg   sync.WaitGroup
	jobs chan int
}

func (s *Service) loop() { // want loop:"done\\(recv.wg:once\\)"
	defer s.wg.Done()
	for range s.jobs {
	}
}

func (s *Service) Start() { // want Start:"done\\(recv.wg:unknown\\)"
	s.wg.Add(2)
	go s.loop()
}

func (s *Service) Stop() { // want Stop:"done\\(recv.wg:once\\)"
	close(s.jobs)
	s.wg.Done()
	s.wg.Wait()
}
