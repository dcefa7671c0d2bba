// Package literal holds goroutines written as function literals.
package literal

import (
	"context"
	"errors"
	"log"
	"net"
	"sync"
	"time"
)

type Job struct {
	ID      int
	Payload []byte
}

func (j Job) Validate() error {
	if len(j.Payload) == 0 {
		return errors.New("empty payload")
	}
	return nil
}

func process(j Job) {}

// --- buggy ---

// processAll counts each worker from inside the worker.
func processAll(jobs []Job) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		go func() {
			wg.Add(1) // want `WaitGroup.Add called inside the goroutine it counts: it races with Wait; call wg.Add before the go statement`
			defer wg.Done()
			process(j)
		}()
	}
	wg.Wait()
}

// validateAll Adds only after a check, not as the first statement.
func validateAll(jobs []Job) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		go func(j Job) {
			if err := j.Validate(); err != nil {
				log.Printf("job %d: %v", j.ID, err)
				return
			}
			wg.Add(1) // want `call wg.Add before the go statement`
			process(j)
			wg.Done()
		}(j)
	}
	wg.Wait()
}

type Server struct {
	ln    net.Listener
	conns sync.WaitGroup
	quit  chan struct{}
}

func (s *Server) handle(c net.Conn) { c.Close() }

// Serve counts each connection handler from inside the handler, so
// Shutdown's Wait can return while handlers are still starting.
func (s *Server) Serve() error {
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return err
		}
		go func() {
			s.conns.Add(1) // want `call s.conns.Add before the go statement`
			defer s.conns.Done()
			s.handle(conn)
		}()
	}
}

func (s *Server) Shutdown() {
	close(s.quit)
	s.ln.Close()
	s.conns.Wait()
}

// fanOut passes the WaitGroup to the literal as a parameter.
func fanOut(ctx context.Context, urls []string, fetch func(context.Context, string)) {
	var wg sync.WaitGroup
	for _, u := range urls {
		go func(wg *sync.WaitGroup, u string) {
			wg.Add(1) // want `call wg.Add before the go statement`
			defer wg.Done()
			fetch(ctx, u)
		}(&wg, u)
	}
	wg.Wait()
}

// startTickers stores the worker in a variable before starting it.
func startTickers(n int, tick func()) *sync.WaitGroup {
	wg := new(sync.WaitGroup)
	ticker := func() {
		wg.Add(1) // want `call wg.Add before the go statement`
		defer wg.Done()
		for range time.Tick(time.Second) {
			tick()
		}
	}
	for i := 0; i < n; i++ {
		go ticker()
	}
	return wg
}

// monitor starts an unrelated helper goroutine after its Add: the helper
// does not Done the WaitGroup, so the Add still counts monitor itself.
func monitor(ctx context.Context, wg *sync.WaitGroup, probe func() error) {
	go func() {
		wg.Add(1) // want `call wg.Add before the go statement`
		defer wg.Done()
		go heartbeat(ctx)
		for probe() == nil {
		}
	}()
}

func heartbeat(ctx context.Context) { <-ctx.Done() }

// reaperFirst counts the reaper just before starting it; the handlers
// started later are not covered by that Add and count themselves.
func (s *Server) reaperFirst(reap func()) {
	s.conns.Add(1)
	go func() {
		defer s.conns.Done()
		reap()
	}()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		go func() {
			s.conns.Add(1) // want `call s.conns.Add before the go statement`
			defer s.conns.Done()
			s.handle(conn)
		}()
	}
}

// deferredLiteral Dones from a deferred literal that also recovers.
func deferredLiteral(tasks []func()) {
	var wg sync.WaitGroup
	for _, t := range tasks {
		go func() {
			wg.Add(1) // want `call wg.Add before the go statement`
			defer func() {
				if r := recover(); r != nil {
					log.Print(r)
				}
				wg.Done()
			}()
			t()
		}()
	}
	wg.Wait()
}

// --- correct ---

// workerPool Adds before each go statement.
func workerPool(jobs <-chan Job, n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				process(j)
			}
		}()
	}
	wg.Wait()
}

// bulkAdd counts every goroutine at once.
func bulkAdd(jobs []Job) {
	var wg sync.WaitGroup
	wg.Add(len(jobs))
	for _, j := range jobs {
		go func() {
			defer wg.Done()
			process(j)
		}()
	}
	wg.Wait()
}

// Crawler is the recursive pattern of golang/go#18022: each counted
// goroutine Adds for the children it is about to start.
type Crawler struct {
	wg    sync.WaitGroup
	mu    sync.Mutex
	seen  map[string]bool
	fetch func(string) []string
}

func (c *Crawler) Crawl(root string) {
	c.wg.Add(1)
	go c.visit(root)
	c.wg.Wait()
}

func (c *Crawler) visit(url string) {
	defer c.wg.Done()
	for _, link := range c.fetch(url) {
		c.mu.Lock()
		fresh := !c.seen[link]
		c.seen[link] = true
		c.mu.Unlock()
		if fresh {
			c.wg.Add(1)
			go c.visit(link)
		}
	}
}

// crawlLiteral is the same pattern with a literal.
func crawlLiteral(root string, fetch func(string) []string) {
	var wg sync.WaitGroup
	var visit func(string)
	visit = func(url string) {
		defer wg.Done()
		for _, link := range fetch(url) {
			wg.Add(1)
			go visit(link)
		}
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		links := fetch(root)
		wg.Add(len(links))
		for _, l := range links {
			go visit(l)
		}
	}()
	wg.Wait()
}

// spawnHelper Adds in the spawner, then starts the goroutine.
func spawnHelper(wg *sync.WaitGroup, f func()) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		f()
	}()
}

// twoGroups: the goroutine Adds to results, which is not the WaitGroup it
// calls Done on.
func twoGroups(jobs []Job, record func(Job)) {
	var workers, results sync.WaitGroup
	for _, j := range jobs {
		workers.Add(1)
		go func() {
			defer workers.Done()
			process(j)
			results.Add(1)
			go func() {
				defer results.Done()
				record(j)
			}()
		}()
	}
	workers.Wait()
	results.Wait()
}

// addAfterDone: the worker is counted by its spawner and signals Done
// before Adding for a follow-up goroutine.
func addAfterDone(jobs []Job, retry chan<- Job) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			process(j)
			wg.Done()
			if j.ID < 0 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					retry <- j
				}()
			}
		}()
	}
	wg.Wait()
}

// inFlight: a counted worker also counts each item in flight on the same
// WaitGroup; its own deferred Done keeps the counter above zero.
func inFlight(jobs <-chan Job) *sync.WaitGroup {
	wg := new(sync.WaitGroup)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for j := range jobs {
			wg.Add(1)
			process(j)
			wg.Done()
		}
	}()
	return wg
}

// localGroup: the WaitGroup belongs to the goroutine, which Waits on it.
func localGroup(batches [][]Job, done chan<- int) {
	for i, batch := range batches {
		go func() {
			var wg sync.WaitGroup
			for _, j := range batch {
				wg.Add(1)
				go func() {
					defer wg.Done()
					process(j)
				}()
			}
			wg.Wait()
			done <- i
		}()
	}
}

// afterFunc hands the count to a timer callback, which runs in a
// goroutine of its own.
func afterFunc(wg *sync.WaitGroup, d time.Duration, jobs []Job) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, j := range jobs {
			wg.Add(1)
			time.AfterFunc(d, func() {
				defer wg.Done()
				process(j)
			})
		}
	}()
}

// dispatcher Adds before starting each handler, then Dones itself.
func (s *Server) dispatcher(conns <-chan net.Conn) {
	s.conns.Add(1)
	go func() {
		defer s.conns.Done()
		for c := range conns {
			s.conns.Add(1)
			go s.handleCounted(c)
		}
	}()
}

func (s *Server) handleCounted(c net.Conn) {
	defer s.conns.Done()
	s.handle(c)
}

// negativeAdd uses Add(-1) as Done after counting before the go statement.
func negativeAdd(jobs []Job) {
	var wg sync.WaitGroup
	wg.Add(len(jobs))
	for _, j := range jobs {
		go func() {
			process(j)
			wg.Add(-1)
		}()
	}
	wg.Wait()
}

// Poller is counted by Start, the caller of poll's spawner; inside, it
// also brackets each batch with Add and Done on the same WaitGroup. The
// deferred Done is poll's own, so the counter is above zero throughout.
type Poller struct {
	wg      sync.WaitGroup
	batches chan []Job
}

func (p *Poller) Start() {
	p.wg.Add(1)
	p.spawn()
}

func (p *Poller) spawn() {
	go func() {
		defer p.wg.Done()
		for b := range p.batches {
			p.wg.Add(1)
			for _, j := range b {
				process(j)
			}
			p.wg.Done()
		}
	}()
}
