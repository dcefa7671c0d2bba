// Package named holds goroutines that run named functions and methods.
package named

import (
	"context"
	"log"
	"sync"
	"time"
)

type Task struct{ Name string }

func run(t Task) error { return nil }

// --- buggy ---

// worker counts itself on the WaitGroup it is handed.
func worker(wg *sync.WaitGroup, tasks <-chan Task) { // want worker:"adds\\(param0\\)"
	wg.Add(1)
	defer wg.Done()
	for t := range tasks {
		if err := run(t); err != nil {
			log.Print(err)
		}
	}
}

func startWorkers(n int, tasks <-chan Task) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		go worker(&wg, tasks) // want `worker calls wg.Add inside the goroutine it starts, racing with Wait; call Add before the go statement`
	}
	wg.Wait()
}

type Scheduler struct {
	cfg   *Config
	wg    sync.WaitGroup
	tasks chan Task
	tick  time.Duration
}

type Config struct {
	Retries int
	wg      sync.WaitGroup
}

// loop Adds on a field of its receiver.
func (s *Scheduler) loop(ctx context.Context) { // want loop:"adds\\(recv.wg\\)"
	s.wg.Add(1)
	defer s.wg.Done()
	t := time.NewTicker(s.tick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.flush()
		}
	}
}

func (s *Scheduler) flush() {}

func (s *Scheduler) Start(ctx context.Context) {
	go s.loop(ctx) // want `s.loop calls s.wg.Add inside the goroutine it starts, racing with Wait; call Add before the go statement`
}

func (s *Scheduler) Stop() { s.wg.Wait() }

// retry Adds on a field of a parameter, after some setup.
func retry(id int, cfg *Config, t Task) { // want retry:"adds\\(param1.wg\\)"
	if cfg.Retries == 0 {
		return
	}
	cfg.wg.Add(1)
	for i := 0; i < cfg.Retries; i++ {
		if run(t) == nil {
			break
		}
	}
	cfg.wg.Done()
}

func retryAll(cfg *Config, tasks []Task) {
	for i, t := range tasks {
		go retry(i, cfg, t) // want `retry calls cfg.wg.Add inside the goroutine`
	}
	cfg.wg.Wait()
}

// methodValue starts the loop through a method value.
func (s *Scheduler) methodValue(ctx context.Context) {
	start := s.loop
	go start(ctx) // want `s.loop calls s.wg.Add inside the goroutine it starts`
}

// methodExpr starts it through a method expression.
func methodExpr(ctx context.Context, s *Scheduler) {
	go (*Scheduler).loop(s, ctx) // want `\(\*Scheduler\).loop calls s.wg.Add inside the goroutine it starts`
}

var pending sync.WaitGroup

// drain Adds on a package-level WaitGroup.
func drain(tasks <-chan Task) { // want drain:"adds\\(pending\\)"
	pending.Add(1)
	defer pending.Done()
	for t := range tasks {
		run(t)
	}
}

func startDrain(tasks <-chan Task) {
	go drain(tasks) // want `drain calls pending.Add inside the goroutine it starts`
}

// Cache is generic: the fact is on the generic method.
type Cache[K comparable, V any] struct {
	wg   sync.WaitGroup
	data map[K]V
}

func (c *Cache[K, V]) refresh(load func() map[K]V) { // want refresh:"adds\\(recv.wg\\)"
	c.wg.Add(1)
	defer c.wg.Done()
	_ = load()
}

func (c *Cache[K, V]) Warm(load func() map[K]V) {
	go c.refresh(load) // want `c.refresh calls c.wg.Add inside the goroutine`
}

// --- correct ---

// countedWorker leaves the Add to its spawner.
func countedWorker(wg *sync.WaitGroup, tasks <-chan Task) {
	defer wg.Done()
	for t := range tasks {
		run(t)
	}
}

func startCounted(n int, tasks <-chan Task) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go countedWorker(&wg, tasks)
	}
	wg.Wait()
}

// runSync calls worker synchronously: Add and Done happen in the caller's
// own goroutine, before its Wait.
func runSync(tasks chan Task) {
	var wg sync.WaitGroup
	close(tasks)
	worker(&wg, tasks)
	wg.Wait()
}

// startCountedLoop counts the loop before starting it; loop's own Add is
// then only nested inside a count that is already above zero.
func (s *Scheduler) startCountedLoop(ctx context.Context) {
	s.wg.Add(1)
	go s.loop(ctx)
}

// otherGroup: fetch Adds to done but Dones wg.
func fetch(wg, done *sync.WaitGroup, url string) {
	defer wg.Done()
	done.Add(1)
	log.Print(url)
}

func fetchAll(urls []string) {
	var wg, done sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go fetch(&wg, &done, u)
	}
	wg.Wait()
}

// spawnChildren Adds for each child it starts.
func (s *Scheduler) spawnChildren(ctx context.Context, tasks []Task) {
	defer s.wg.Done()
	for _, t := range tasks {
		s.wg.Add(1)
		go s.runOne(t)
	}
}

func (s *Scheduler) runOne(t Task) {
	defer s.wg.Done()
	run(t)
}

func (s *Scheduler) StartAll(ctx context.Context, tasks []Task) {
	s.wg.Add(1)
	go s.spawnChildren(ctx, tasks)
}

// delegate Adds and hands the WaitGroup to a helper that starts the
// goroutine Done-ing it.
func (s *Scheduler) delegate(t Task) {
	defer s.wg.Done()
	s.wg.Add(1)
	s.startOne(t)
}

func (s *Scheduler) startOne(t Task) {
	go s.runOne(t)
}

func (s *Scheduler) StartDelegate(t Task) {
	s.wg.Add(1)
	go s.delegate(t)
}

// handOff passes the WaitGroup itself to a function that does the spawning.
func handOff(wg *sync.WaitGroup, tasks []Task) {
	defer wg.Done()
	for _, t := range tasks {
		wg.Add(1)
		launch(wg, t)
	}
}

func launch(wg *sync.WaitGroup, t Task) {
	go func() {
		defer wg.Done()
		run(t)
	}()
}

func startHandOff(tasks []Task) {
	var wg sync.WaitGroup
	wg.Add(1)
	go handOff(&wg, tasks)
	wg.Wait()
}

// bulk counts a batch of named workers up front.
func bulk(tasks <-chan Task) {
	var wg sync.WaitGroup
	const n = 4
	wg.Add(n)
	for i := 0; i < n; i++ {
		go countedWorker(&wg, tasks)
	}
	wg.Wait()
}

// schedule reaches the go statement through another function.
func (s *Scheduler) schedule(t Task) {
	defer s.wg.Done()
	s.wg.Add(1)
	s.enqueue(t)
}

func (s *Scheduler) enqueue(t Task) {
	s.startOne(t)
}

func (s *Scheduler) StartSchedule(t Task) {
	s.wg.Add(1)
	go s.schedule(t)
}
