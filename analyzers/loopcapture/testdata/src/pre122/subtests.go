//go:build go1.21

// Goroutines started inside subtests, callbacks and benchmark harnesses:
// a literal passed to a call that runs it before returning is part of the
// iteration, one that may run later is not.
package pre122

import (
	"errors"
	"fmt"
	"sync"
	"testing"
)

type skiplist struct {
	mu   sync.Mutex
	keys []int
}

func (l *skiplist) add(key int, unique bool) error { return nil }

// TestConcurrentInsert joins its inserters in the subtest, which t.Run
// runs before it returns: the loop waits for the goroutines.
func TestConcurrentInsert(t *testing.T) {
	for _, unique := range []bool{false, true} {
		t.Run(fmt.Sprintf("unique=%t", unique), func(t *testing.T) {
			const n = 100
			l := &skiplist{}
			start := make([]sync.WaitGroup, n)
			end := make([]sync.WaitGroup, n)
			for i := 0; i < n; i++ {
				start[i].Add(1)
				end[i].Add(2)
			}
			for w := 0; w < 2; w++ {
				go func(w int) {
					for i := 0; i < n; i++ {
						start[i].Wait()
						if err := l.add(i, unique); err != nil {
							t.Errorf("inserter %d: %v", w, err)
						}
						end[i].Done()
					}
				}(w)
			}
			for i := 0; i < n; i++ {
				start[i].Done()
				end[i].Wait()
			}
		})
	}
}

// TestParallelInsert is the same test with parallel subtests: t.Run
// returns at once and the subtests run after the loop has moved on.
func TestParallelInsert(t *testing.T) {
	for _, unique := range []bool{false, true} {
		t.Run(fmt.Sprintf("unique=%t", unique), func(t *testing.T) {
			t.Parallel()
			l := &skiplist{}
			var wg sync.WaitGroup
			for w := 0; w < 2; w++ {
				wg.Add(1)
				go func(w int) { // want `^goroutine captures loop variable unique,`
					defer wg.Done()
					if err := l.add(w, unique); err != nil {
						t.Errorf("inserter %d: %v", w, err)
					}
				}(w)
			}
			wg.Wait()
		})
	}
}

type config struct {
	shards int
	mode   string
}

func (c config) with(mode string) config { c.mode = mode; return c }

func checkShard(c config, shard int) error { return nil }

// TestShardModes runs each mode's shard checks in a subtest and waits for
// them there.
func TestShardModes(t *testing.T, base config, modes []string) {
	var cfg config
	for _, mode := range modes {
		cfg = base.with(mode)
		t.Run(mode, func(t *testing.T) {
			var wg sync.WaitGroup
			for s := 0; s < cfg.shards; s++ {
				wg.Add(1)
				go func(s int) {
					defer wg.Done()
					if err := checkShard(cfg, s); err != nil {
						t.Error(err)
					}
				}(s)
			}
			wg.Wait()
		})
	}
}

// TestShardModesParallel makes the subtests parallel: they read cfg
// while the loop assigns the next mode's.
func TestShardModesParallel(t *testing.T, base config, modes []string) {
	var cfg config
	for _, mode := range modes {
		cfg = base.with(mode)
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			var wg sync.WaitGroup
			for s := 0; s < 4; s++ {
				wg.Add(1)
				go func(s int) { // want `^goroutine reads cfg, which the loop overwrites each iteration`
					defer wg.Done()
					if err := checkShard(cfg, s); err != nil {
						t.Error(err)
					}
				}(s)
			}
			wg.Wait()
		})
	}
}

type shard struct {
	once sync.Once
	rows []string
}

func (s *shard) load() {}

// WarmShards loads each shard once, in a goroutine that Do waits for.
func WarmShards(shards []*shard) {
	for _, s := range shards {
		s.once.Do(func() {
			done := make(chan struct{})
			go func() {
				defer close(done)
				s.load()
			}()
			<-done
		})
	}
}

// retry calls attempt until it succeeds, before it returns.
func retry(times int, attempt func() error) error {
	var err error
	for i := 0; i < times; i++ {
		if err = attempt(); err == nil {
			return nil
		}
	}
	return err
}

// Replicate pushes each segment to every replica under retry, which runs
// the attempt before it returns.
func Replicate(segments []string, replicas []string, push func(seg, replica string) error) error {
	for _, seg := range segments {
		err := retry(3, func() error {
			var wg sync.WaitGroup
			errs := make([]error, len(replicas))
			for i, r := range replicas {
				wg.Add(1)
				go func(i int, r string) {
					defer wg.Done()
					errs[i] = push(seg, r)
				}(i, r)
			}
			wg.Wait()
			return errors.Join(errs...)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

type hooks struct {
	mu      sync.Mutex
	onClose []func()
}

// add keeps f to run when the server closes.
func (h *hooks) add(f func()) {
	h.mu.Lock()
	h.onClose = append(h.onClose, f)
	h.mu.Unlock()
}

func notify(addr string) {}

// NotifyPeersOnClose registers a hook per peer; the hooks run long after
// the loop, so waiting inside them does not help.
func NotifyPeersOnClose(h *hooks, peers []string) {
	for _, addr := range peers {
		h.add(func() {
			var wg sync.WaitGroup
			wg.Add(1)
			go func() { // want `^goroutine captures loop variable addr,`
				defer wg.Done()
				notify(addr)
			}()
			wg.Wait()
		})
	}
}

// benchClient connects as name, reports on ready once subscribed, and
// then serves until the benchmark ends.
func benchClient(name string, ready chan<- int, start <-chan int) {
	ready <- 1
	<-start
}

// StartClients starts the clients one at a time: each iteration waits
// until its client has subscribed, after it has read c.
func StartClients(clients int) {
	var wg sync.WaitGroup
	ready := make(chan int)
	start := make(chan int)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			benchClient(fmt.Sprintf("client-%d", c), ready, start)
			wg.Done()
		}()
		<-ready
	}
	close(start)
	wg.Wait()
}

// StartNamedClients assigns the name before the loop's goroutine reads it
// and waits for the client's ready signal before the next assignment.
func StartNamedClients(prefix string, clients int) {
	var wg sync.WaitGroup
	ready := make(chan int)
	start := make(chan int)
	var name string
	for c := 0; c < clients; c++ {
		name = fmt.Sprintf("%s-%d", prefix, c)
		wg.Add(1)
		go func() {
			defer wg.Done()
			benchClient(name, ready, start)
		}()
		<-ready
	}
	close(start)
	wg.Wait()
}

// StartListeners signals ready itself, once it has read the address.
func StartListeners(addrs []string, serve func(string) error) {
	ready := make(chan struct{})
	for _, addr := range addrs {
		go func() {
			l := "listen " + addr
			ready <- struct{}{}
			_ = serve(l)
		}()
		<-ready
	}
}

// StartListenersEarly signals ready before it reads the address: the
// receive lets the loop move on while the goroutine still needs it.
func StartListenersEarly(addrs []string, serve func(string) error) {
	ready := make(chan struct{})
	for _, addr := range addrs {
		go func() { // want `^goroutine captures loop variable addr,`
			ready <- struct{}{}
			_ = serve(addr)
		}()
		<-ready
	}
}

// StartNamedListenersEarly does the same with a variable assigned in the
// loop body, shared in every Go version.
func StartNamedListenersEarly(prefix string, ports []int, serve func(string) error) {
	ready := make(chan struct{})
	var addr string
	for _, port := range ports {
		addr = fmt.Sprintf("%s:%d", prefix, port)
		go func() { // want `^goroutine reads addr, which the loop overwrites each iteration`
			ready <- struct{}{}
			_ = serve(addr)
		}()
		<-ready
	}
}
