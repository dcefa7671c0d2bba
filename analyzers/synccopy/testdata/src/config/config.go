// Package config loads settings once, caches lookups in a sync.Map and
// counts reloads with typed atomics.
package config

import (
	"os"
	"sync"
	"sync/atomic"
)

type Settings struct {
	Addr    string
	Workers int
}

// Loader loads settings on first use.
type Loader struct {
	once     sync.Once
	settings Settings
	err      error
}

// Get on a copy runs the load again every time.
func (l Loader) Get() (Settings, error) { // want `Get has a value receiver that copies l.once \(sync.Once\): use a pointer receiver`
	l.once.Do(func() { l.settings.Addr = os.Getenv("ADDR") })
	return l.settings, l.err
}

// Load is the correct shape.
func (l *Loader) Load() (Settings, error) {
	l.once.Do(func() { l.settings.Addr = os.Getenv("ADDR") })
	return l.settings, l.err
}

// Settings has no lock: copying it is the point.
func (l *Loader) Snapshot() Settings {
	s := l.settings
	return s
}

var defaultLoader Loader

// Default copies the package-level loader.
func Default() Loader {
	return defaultLoader // want `returning defaultLoader copies defaultLoader.once \(sync.Once\): return a pointer \(&defaultLoader\)`
}

// DefaultPtr shares it.
func DefaultPtr() *Loader { return &defaultLoader }

// Cache memoises lookups.
type Cache struct {
	entries sync.Map
	hits    atomic.Int64
	misses  atomic.Uint64
}

func (c *Cache) Lookup(key string) (string, bool) {
	if v, ok := c.entries.Load(key); ok {
		c.hits.Add(1)
		return v.(string), true
	}
	c.misses.Add(1)
	return "", false
}

// Stats copies the cache to read its counters.
func Stats(c Cache) (int64, uint64) { // want `Stats takes c by value, which copies c.entries \(sync.Map\) on every call: use a pointer \(\*Cache\)`
	return c.hits.Load(), c.misses.Load()
}

// StatsOf reads through a pointer.
func StatsOf(c *Cache) (int64, uint64) {
	return c.hits.Load(), c.misses.Load()
}

// Counters holds only atomics.
type Counters struct {
	Reloads atomic.Int32
	Healthy atomic.Bool
	Last    atomic.Uintptr
	Version atomic.Uint32
}

// Report copies the counters into a new variable.
func Report(c *Counters) int32 {
	snap := *c // want `snap := \*c copies c.Reloads \(atomic.Int32\): use a pointer \(c\)`
	return snap.Reloads.Load()
}

// ReportValues loads each counter: nothing is copied.
func ReportValues(c *Counters) (int32, bool, uint32) {
	return c.Reloads.Load(), c.Healthy.Load(), c.Version.Load()
}

// Current holds the live settings behind an atomic pointer and the
// previous ones in an atomic.Value.
type Current struct {
	live atomic.Pointer[Settings]
	prev atomic.Value
}

func (c *Current) Swap(s *Settings) {
	if old := c.live.Swap(s); old != nil {
		c.prev.Store(*old)
	}
}

// Mirror copies both atomics.
func (c *Current) Mirror(into *Current) {
	into.live = c.live // want `into.live = c.live copies its atomic.Pointer\[Settings\]: use a pointer \(&c.live\)`
	into.prev = c.prev // want `into.prev = c.prev copies its atomic.Value: use a pointer \(&c.prev\)`
}

// MirrorValues copies what the atomics hold, which is fine.
func (c *Current) MirrorValues(into *Current) {
	into.live.Store(c.live.Load())
	if v := c.prev.Load(); v != nil {
		into.prev.Store(v)
	}
	settings := *c.live.Load() // a call result: may be fresh, not reported
	_ = settings
}

// Handle holds its lock behind a pointer: copies share it.
type Handle struct {
	mu   *sync.Mutex
	once *sync.Once
	name string
}

func (h Handle) Name() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.name
}

func NewHandles(n int) []Handle {
	shared := Handle{mu: new(sync.Mutex), once: new(sync.Once)}
	hs := make([]Handle, 0, n)
	for range n {
		h := shared
		hs = append(hs, h)
	}
	for _, h := range hs {
		_ = h.Name()
	}
	return hs
}

// Entry is cached by value in a sync.Map, lock and all.
type Entry struct {
	mu    sync.Mutex
	value string
}

// Put stores a copy of the entry.
func (c *Cache) Put(key string, e *Entry) {
	c.entries.Store(key, *e) // want `passing \*e by value copies e.mu \(sync.Mutex\): pass a pointer \(e\)`
}

// PutPtr stores the pointer.
func (c *Cache) PutPtr(key string, e *Entry) {
	c.entries.Store(key, e)
}

// Entry copies the entry out of the interface.
func (c *Cache) Entry(key string) string {
	v, ok := c.entries.Load(key)
	if !ok {
		return ""
	}
	e := v.(Entry) // want `e := v.\(Entry\) copies v.\(Entry\).mu \(sync.Mutex\): use a pointer`
	return e.value
}

// EntryPtr asserts the pointer.
func (c *Cache) EntryPtr(key string) string {
	v, ok := c.entries.Load(key)
	if !ok {
		return ""
	}
	e := v.(*Entry)
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.value
}
