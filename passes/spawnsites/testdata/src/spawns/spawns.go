package spawns

import (
	"net/http"
	"sync"
)

type server struct {
	wg   sync.WaitGroup
	jobs chan int
}

func (s *server) run(id int) {}

func worker(wg *sync.WaitGroup, jobs <-chan int) { defer wg.Done() }

func literals(jobs chan int) {
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() { // want `func literal via=0 callee=- args=0 captures=wg,jobs,i loops=1`
			defer wg.Done()
			for j := range jobs {
				_ = j + i
			}
		}()
	}
	go func(n int) { _ = n }(len(jobs)) // want `func literal via=0 callee=- args=1 captures= loops=0`
	wg.Wait()
}

func named(s *server, jobs chan int) {
	var wg sync.WaitGroup
	wg.Add(2)
	go worker(&wg, jobs) // want `static call via=0 callee=worker args=2 captures= loops=0`
	go s.run(1)          // want `static call via=0 callee=s.run args=1 captures= loops=0`
	m := s.run
	go m(2) // want `method value via=0 callee=s.run args=1 captures= loops=0`
	wg.Wait()
}

func stored(jobs chan int) {
	drain := func() {
		for range jobs {
		}
	}
	go drain() // want `stored closure via=0 callee=- args=0 captures=jobs loops=0`

	var f func()
	f = func() {}
	f = func() { close(jobs) }
	go f() // want `dynamic call via=0 callee=- args=0 captures= loops=0`
}

func dynamic(fn func(), h http.Handler, srv interface{ Serve() error }) {
	go fn()        // want `dynamic call via=0 callee=- args=0 captures= loops=0`
	go srv.Serve() // want `dynamic call via=0 callee=- args=0 captures= loops=0`
}

func waitGroupGo(urls []string, s *server) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Go(func() { _ = u }) // want `func literal via=1 callee=- args=0 captures=u loops=1`
	}
	wg.Go(s.wg.Wait) // want `static call via=1 callee=s.wg.Wait args=0 captures= loops=0`
	wg.Wait()
}
