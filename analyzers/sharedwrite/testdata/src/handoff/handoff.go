// Two different goroutines, or a goroutine and the function that started
// it, writing the same variable.
package handoff

import (
	"context"
	"errors"
	"sync"
	"time"
)

type Config struct {
	Users  []string
	Groups []string
}

func loadUsers() ([]string, error)  { return nil, nil }
func loadGroups() ([]string, error) { return nil, nil }

// ---- buggy ----

// Load keeps one error variable for two loaders.
func Load() (*Config, error) {
	var cfg Config
	var err error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		cfg.Users, err = loadUsers()
	}()
	go func() {
		defer wg.Done()
		cfg.Groups, err = loadGroups() // want `^goroutines started at lines 28 and 32 both write err without synchronization: data race \(lost updates\); guard it with a mutex, use sync/atomic, or send results on a channel$`
	}()
	wg.Wait()
	return &cfg, err
}

// Index fills one map from two goroutines.
func Index(users, groups []string) map[string]string {
	kind := make(map[string]string)
	done := make(chan bool)
	go func() {
		for _, u := range users {
			kind[u] = "user"
		}
		done <- true
	}()
	go func() {
		for _, g := range groups {
			kind[g] = "group" // want `goroutines started at lines 44 and 50 both write map kind without synchronization: data race \(concurrent map writes crash the program\)`
		}
		done <- true
	}()
	<-done
	<-done
	return kind
}

// Call times out, but the goroutine may still set err afterwards.
func Call(ctx context.Context, do func(context.Context) error) error {
	var err error
	done := make(chan struct{})
	go func() {
		err = do(ctx)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		err = errors.New("call timed out") // want `^err is written here while the goroutine started at line 65 may still write it: data race \(lost updates\); guard it with a mutex, use sync/atomic, or send results on a channel$`
	}
	return err
}

// Refresh resets the counter while the goroutine still counts.
func Refresh(items []string) int {
	n := 0
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range items {
			n++
		}
	}()
	n = 0 // want `n is written here while the goroutine started at line 82`
	wg.Wait()
	return n
}

// Twice starts one stored closure two times.
func Twice(tick func() int) int {
	var last int
	var wg sync.WaitGroup
	poll := func() {
		defer wg.Done()
		last = tick() // want `goroutines started at lines 102 and 103 both write last`
	}
	wg.Add(2)
	go poll()
	go poll()
	wg.Wait()
	return last
}

// ---- correct ----

// LoadSeparate gives each goroutine its own error variable.
func LoadSeparate() (*Config, error) {
	var cfg Config
	var errUsers, errGroups error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		cfg.Users, errUsers = loadUsers()
	}()
	go func() {
		defer wg.Done()
		cfg.Groups, errGroups = loadGroups()
	}()
	wg.Wait()
	return &cfg, errors.Join(errUsers, errGroups)
}

// Pair writes two constant slots.
func Pair() [2]error {
	var errs [2]error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		_, errs[0] = loadUsers()
	}()
	go func() {
		defer wg.Done()
		_, errs[1] = loadGroups()
	}()
	wg.Wait()
	return errs
}

// OneOrOther starts only one of the two goroutines.
func OneOrOther(fromCache bool) error {
	var err error
	done := make(chan struct{})
	if fromCache {
		go func() {
			defer close(done)
			_, err = loadUsers()
		}()
	} else {
		go func() {
			defer close(done)
			_, err = loadGroups()
		}()
	}
	<-done
	return err
}

// OneAfterAnother joins the first goroutine before starting the second.
func OneAfterAnother() ([]string, error) {
	var names []string
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		names, err = loadUsers()
	}()
	<-done
	if err != nil {
		return nil, err
	}
	done = make(chan struct{})
	go func() {
		defer close(done)
		var more []string
		more, err = loadGroups()
		names = append(names, more...)
	}()
	<-done
	return names, err
}

// SetupThenRun writes before the go statement and after the join.
func SetupThenRun(items []string) (int, error) {
	var err error
	n := 0
	errc := make(chan error, 1)
	go func() {
		for range items {
			n++
		}
		errc <- nil
	}()
	err = <-errc
	n *= 2
	return n, err
}

// Gated writes in the goroutine only after the spawner has finished its
// own writes and closed start.
func Gated(fill func() []string) []string {
	var names []string
	start := make(chan struct{})
	done := make(chan struct{})
	go func() {
		<-start
		names = append(names, "admin")
		close(done)
	}()
	names = fill()
	close(start)
	<-done
	return names
}

// Closer writes after its own Wait: the workers are done by then.
func Closer(parts []string, out chan<- int) {
	var total int
	var wg sync.WaitGroup
	for i := range parts {
		wg.Go(func() { out <- i })
	}
	go func() {
		wg.Wait()
		total = len(parts)
		close(out)
	}()
	_ = total
}

// Fields writes two different fields of one struct.
func Fields() *Config {
	var cfg Config
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		cfg.Users, _ = loadUsers()
	}()
	go func() {
		defer wg.Done()
		cfg.Groups, _ = loadGroups()
	}()
	wg.Wait()
	return &cfg
}

// Locked writes under the same mutex in the goroutine and the spawner.
func Locked(items []string) int {
	var mu sync.Mutex
	n := 0
	var wg sync.WaitGroup
	wg.Go(func() {
		for range items {
			mu.Lock()
			n++
			mu.Unlock()
		}
	})
	mu.Lock()
	n = 0
	mu.Unlock()
	wg.Wait()
	return n
}
