package relock

import (
	"errors"
	"sync"
)

// UtilityVM tracks the disks hot-added to a VM: the shape of
// moby#36114, where hotAddVHDs called hotRemoveVHDsAtStart while
// holding the lock that it takes too.
type UtilityVM struct {
	sync.Mutex
	attached map[string]int
}

func (svm *UtilityVM) hotAddVHDs(paths ...string) error {
	svm.Lock()
	defer svm.Unlock()
	for i, p := range paths {
		if p == "" {
			svm.hotRemoveVHDsAtStart(paths[:i]...) // want `call to svm.hotRemoveVHDsAtStart while holding svm.Mutex: it locks svm.Mutex again \(line 31\), and sync.Mutex is not reentrant, so this deadlocks; call an unlocked variant \(e.g. hotRemoveVHDsAtStartLocked\) or release the lock first`
			return errors.New("relock: empty path")
		}
		svm.attached[p]++
	}
	return nil
}

// hotRemoveVHDsAtStart undoes a partial hotAddVHDs.
func (svm *UtilityVM) hotRemoveVHDsAtStart(paths ...string) {
	svm.Lock()
	defer svm.Unlock()
	svm.hotRemoveVHDsLocked(paths...)
}

// hotRemoveVHDsLocked detaches the disks; the caller holds svm.
func (svm *UtilityVM) hotRemoveVHDsLocked(paths ...string) {
	for _, p := range paths {
		delete(svm.attached, p)
	}
}

// hotAddVHDsFixed calls the variant that expects the lock held.
func (svm *UtilityVM) hotAddVHDsFixed(paths ...string) error {
	svm.Lock()
	defer svm.Unlock()
	for i, p := range paths {
		if p == "" {
			svm.hotRemoveVHDsLocked(paths[:i]...)
			return errors.New("relock: empty path")
		}
		svm.attached[p]++
	}
	return nil
}

// Loader is a read-through cache.
type Loader struct {
	mu   sync.Mutex
	m    map[string][]byte
	load func(string) ([]byte, error)
}

func (c *Loader) Get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[key]
	return v, ok
}

// GetOrLoad calls Get while it holds the lock Get takes.
func (c *Loader) GetOrLoad(key string) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.Get(key); ok { // want `call to c.Get while holding c.mu: it locks c.mu again \(line 65\), and sync.Mutex is not reentrant, so this deadlocks; call an unlocked variant \(e.g. GetLocked\) or release the lock first`
		return v, nil
	}
	v, err := c.load(key)
	if err != nil {
		return nil, err
	}
	c.m[key] = v
	return v, nil
}

// getLocked is the variant of Get for callers that hold c.mu.
func (c *Loader) getLocked(key string) ([]byte, bool) {
	v, ok := c.m[key]
	return v, ok
}

// peek reads an entry; c.mu must be held.
func (c *Loader) peek(key string) []byte {
	return c.m[key]
}

// GetOrLoadFixed uses the variants that expect the lock held.
func (c *Loader) GetOrLoadFixed(key string) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v := c.peek(key); v != nil {
		return v, nil
	}
	if v, ok := c.getLocked(key); ok {
		return v, nil
	}
	v, err := c.load(key)
	if err != nil {
		return nil, err
	}
	c.m[key] = v
	return v, nil
}

// Warm unlocks before it calls Get.
func (c *Loader) Warm(keys []string) int {
	c.mu.Lock()
	n := len(c.m)
	c.mu.Unlock()
	for _, k := range keys {
		if _, ok := c.Get(k); ok {
			n++
		}
	}
	return n
}

// CopyFrom reads another cache while it holds its own lock: a different
// instance.
func (c *Loader) CopyFrom(other *Loader, keys []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range keys {
		if v, ok := other.Get(k); ok {
			c.m[k] = v
		}
	}
}

// Refresh reloads in the background and persists on the way out: the
// goroutine and the deferred call run without the lock held.
func (c *Loader) Refresh(key string) {
	defer c.Get(key)
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, key)
	go c.Get(key)
}

// Metrics is a service whose public methods call each other.
type Metrics struct {
	mu     sync.RWMutex
	counts map[string]int
	total  int
}

func (m *Metrics) Total() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.total
}

func (m *Metrics) Count(name string) int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.counts[name]
}

// Record calls Total, which read-locks m.mu, while it holds the write
// lock.
func (m *Metrics) Record(name string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.counts[name]++
	m.total++
	return m.Total() // want `call to m.Total while holding m.mu: it locks m.mu again \(line 158\), and sync.RWMutex is not reentrant`
}

// Share calls Count under its own read lock: recursive read locking is
// left alone.
func (m *Metrics) Share(name string) float64 {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.total == 0 {
		return 0
	}
	return float64(m.Count(name)) / float64(m.total)
}

// Reset calls reset, which locks only when asked to: not taken on every
// path, so not reported.
func (m *Metrics) Reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.reset(false)
}

func (m *Metrics) reset(lock bool) {
	if lock {
		m.mu.Lock()
		defer m.mu.Unlock()
	}
	m.counts = make(map[string]int)
	m.total = 0
}

// Snapshot calls summary, which reaches Total through a helper: the
// lock is taken two calls down.
func (m *Metrics) Snapshot() map[string]int {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]int, len(m.counts)+1)
	out["total"] = m.summary() // want `call to m.summary while holding m.mu: it locks m.mu again \(line 158\)`
	for k, v := range m.counts {
		out[k] = v
	}
	return out
}

func (m *Metrics) summary() int {
	return m.Total()
}

// Inventory keeps stock counts; its helpers take the store as a
// parameter.
type Inventory struct {
	mu    sync.Mutex
	stock map[string]int
}

func adjust(inv *Inventory, sku string, n int) {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	inv.stock[sku] += n
}

// Move calls adjust on the inventory whose lock it holds.
func Move(from, to *Inventory, sku string, n int) {
	from.mu.Lock()
	defer from.mu.Unlock()
	if from.stock[sku] < n {
		return
	}
	adjust(from, sku, -n) // want `call to adjust while holding from.mu: it locks from.mu again \(line 232\)`
	adjust(to, sku, n)
}

// Restock releases the lock before it calls adjust.
func Restock(inv *Inventory, sku string, n int) {
	inv.mu.Lock()
	low := inv.stock[sku] < 10
	inv.mu.Unlock()
	if low {
		adjust(inv, sku, n)
	}
}

// waitStock is called with inv.mu held and waits without it.
func (inv *Inventory) waitStock(sku string, ready <-chan struct{}) {
	inv.mu.Unlock()
	<-ready
	inv.mu.Lock()
}

// Reserve calls waitStock with the lock held, as waitStock expects.
func (inv *Inventory) Reserve(sku string, ready <-chan struct{}) bool {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	if inv.stock[sku] == 0 {
		inv.waitStock(sku, ready)
	}
	inv.stock[sku]--
	return true
}

// Flush locks in a helper declared in another file.
func (inv *Inventory) Flush(w func(string, int)) {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	inv.Audit() // want `call to inv.Audit while holding inv.mu: it locks inv.mu again \(audit.go:9\)`
	for k, v := range inv.stock {
		w(k, v)
	}
}

// Stocker is implemented by Inventory; calls through it are not
// followed.
type Stocker interface{ Audit() int }

func (inv *Inventory) Check(s Stocker) int {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	return s.Audit()
}
