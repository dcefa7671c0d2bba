// Package conns is a connection manager that serves each connection in
// its own goroutine and waits for them on shutdown.
package conns

import (
	"net"
	"sync"
)

type Manager struct {
	mu     sync.Mutex
	conns  map[net.Conn]bool
	closed bool
	wg     sync.WaitGroup
	quit   chan struct{}
}

func (m *Manager) Serve(l net.Listener) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		m.mu.Lock()
		m.conns[c] = true
		m.mu.Unlock()
		m.wg.Add(1)
		go m.handle(c)
	}
}

func (m *Manager) handle(c net.Conn) {
	defer m.wg.Done()
	buf := make([]byte, 512)
	for {
		if _, err := c.Read(buf); err != nil {
			break
		}
	}
	m.mu.Lock()
	delete(m.conns, c)
	m.mu.Unlock()
}

// Close waits for the handlers while holding the lock they need to
// deregister themselves.
func (m *Manager) Close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	for c := range m.conns {
		c.Close()
	}
	m.wg.Wait() // want `m.wg.Wait\(\) while holding m.mu: a goroutine it waits for \(handle, line 40\) locks m.mu before calling Done, so Wait never returns and m.mu is never unlocked; unlock m.mu before waiting`
}

// Shutdown is Close done right: close the connections under the lock,
// then wait without it.
func (m *Manager) Shutdown() {
	m.mu.Lock()
	m.closed = true
	for c := range m.conns {
		c.Close()
	}
	m.mu.Unlock()
	m.wg.Wait()
}

// A Pool runs batch jobs; its workers lock only after they are done.
type Pool struct {
	mu      sync.Mutex
	results []int
	wg      sync.WaitGroup
}

func (p *Pool) Run(jobs []int) []int {
	out := make([]int, len(jobs))
	for i, j := range jobs {
		p.wg.Add(1)
		go func() {
			out[i] = j * j
			p.wg.Done()
			p.mu.Lock()
			p.results = append(p.results, j)
			p.mu.Unlock()
		}()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.wg.Wait()
	return out
}

// Crawl fans out fetches that record what they saw under a local lock.
func Crawl(urls []string, fetch func(string) int) map[string]int {
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		seen = make(map[string]int)
	)
	for _, u := range urls {
		wg.Go(func() {
			n := fetch(u)
			mu.Lock()
			seen[u] = n
			mu.Unlock()
		})
	}
	mu.Lock()
	wg.Wait() // want `wg.Wait\(\) while holding mu: a goroutine it waits for \(goroutine in Crawl, line 104\)`
	mu.Unlock()
	return seen
}

// CrawlFixed waits first and reads the map after.
func CrawlFixed(urls []string, fetch func(string) int) map[string]int {
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		seen = make(map[string]int)
	)
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := fetch(u)
			mu.Lock()
			seen[u] = n
			mu.Unlock()
		}()
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	return seen
}

// A Stats collector reads under RLock in its workers; Report also only
// read-locks while waiting.
type Stats struct {
	mu     sync.RWMutex
	totals map[string]int
	wg     sync.WaitGroup
}

func (s *Stats) Report(names []string, emit func(string, int)) {
	for _, n := range names {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.mu.RLock()
			v := s.totals[n]
			s.mu.RUnlock()
			emit(n, v)
		}()
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	s.wg.Wait()
}

// Drain waits on another manager's group: its handlers lock their own
// mutex, not m.mu.
func (m *Manager) Drain(other *Manager) {
	m.mu.Lock()
	defer m.mu.Unlock()
	other.wg.Wait()
}
