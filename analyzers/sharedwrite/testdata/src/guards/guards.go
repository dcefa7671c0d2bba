// Locks and joins the analyzer knows only by name: a spin lock taken
// with lock(&l), a table's WriteLock, TryLock in an if, and a Wait on a
// latch that is not a sync.WaitGroup.
package guards

import (
	"runtime"
	"sync"
	"sync/atomic"
)

type spinLock struct{ state atomic.Int32 }

func lock(l *spinLock) {
	for !l.state.CompareAndSwap(0, 1) {
		runtime.Gosched()
	}
}

func unlock(l *spinLock) { l.state.Store(0) }

// CountWords adds each line's count under the spin lock.
func CountWords(lines []string) int {
	var sl spinLock
	total := 0
	var wg sync.WaitGroup
	for _, line := range lines {
		wg.Go(func() {
			lock(&sl)
			total += len(line)
			unlock(&sl)
		})
	}
	wg.Wait()
	return total
}

// CountWordsDeferred holds the spin lock until the goroutine returns.
func CountWordsDeferred(lines []string) (int, string) {
	var sl spinLock
	total := 0
	longest := ""
	var wg sync.WaitGroup
	for _, line := range lines {
		wg.Go(func() {
			lock(&sl)
			defer unlock(&sl)
			total += len(line)
			if len(line) > len(longest) {
				longest = line
			}
		})
	}
	wg.Wait()
	return total, longest
}

// CountWordsLate records the last line after releasing the spin lock.
func CountWordsLate(lines []string) (int, string) {
	var sl spinLock
	total := 0
	last := ""
	var wg sync.WaitGroup
	for _, line := range lines {
		wg.Go(func() {
			lock(&sl)
			total += len(line)
			unlock(&sl)
			last = line // want `goroutines started in the loop at line \d+ all write last without synchronization`
		})
	}
	wg.Wait()
	return total, last
}

// A Table is locked for writing by its own methods.
type Table struct {
	mu   sync.RWMutex
	rows map[string]int
}

func (t *Table) WriteLock()   { t.mu.Lock() }
func (t *Table) WriteUnlock() { t.mu.Unlock() }

// Load fills the shared index under the table's write lock.
func Load(t *Table, keys []string) map[string]int {
	index := make(map[string]int)
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Go(func() {
			t.WriteLock()
			index[k] = i
			t.WriteUnlock()
		})
	}
	wg.Wait()
	return index
}

// LoadCounted counts the loaded keys after the write lock is released.
func LoadCounted(t *Table, keys []string) (map[string]int, int) {
	index := make(map[string]int)
	loaded := 0
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Go(func() {
			t.WriteLock()
			index[k] = i
			t.WriteUnlock()
			loaded++ // want `goroutines started in the loop at line \d+ all write loaded without synchronization`
		})
	}
	wg.Wait()
	return index, loaded
}

// Refresh lets one goroutine at a time replace the token: the others
// find the mutex taken and count themselves as skipped, under a lock.
func Refresh(n int, fetch func() string) (string, int) {
	var refresh, stats sync.Mutex
	token := ""
	skipped := 0
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			if refresh.TryLock() {
				token = fetch()
				refresh.Unlock()
			} else {
				stats.Lock()
				skipped++
				stats.Unlock()
			}
		})
	}
	wg.Wait()
	return token, skipped
}

// RefreshRacy counts the skipped refreshes without a lock.
func RefreshRacy(n int, fetch func() string) (string, int) {
	var refresh sync.Mutex
	token := ""
	skipped := 0
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			if refresh.TryLock() {
				token = fetch()
				refresh.Unlock()
			} else {
				skipped++ // want `goroutines started in the loop at line \d+ all write skipped without synchronization`
			}
		})
	}
	wg.Wait()
	return token, skipped
}

// A latch opens once its count reaches zero; Wait blocks until then.
type latch struct {
	wg sync.WaitGroup
}

func newLatch(n int) *latch {
	l := &latch{}
	l.wg.Add(n)
	return l
}

func (l *latch) CountDown() { l.wg.Done() }
func (l *latch) Wait()      { l.wg.Wait() }

// Migrate's worker records a failure; the reporter waits on the latch
// for the worker before it writes the final status.
func Migrate(step func() error) string {
	status := ""
	l := newLatch(1)
	go func() {
		defer l.CountDown()
		if err := step(); err != nil {
			status = "failed: " + err.Error()
		}
	}()
	reported := make(chan struct{})
	go func() {
		l.Wait()
		if status == "" {
			status = "done"
		}
		close(reported)
	}()
	<-reported
	return status
}

// MigrateEarly's reporter writes a provisional status before waiting.
func MigrateEarly(step func() error) string {
	status := ""
	l := newLatch(1)
	go func() {
		defer l.CountDown()
		if err := step(); err != nil {
			status = "failed: " + err.Error()
		}
	}()
	reported := make(chan struct{})
	go func() {
		status = "running" // want `goroutines started at lines \d+ and \d+ both write status without synchronization`
		l.Wait()
		close(reported)
	}()
	<-reported
	return status
}
