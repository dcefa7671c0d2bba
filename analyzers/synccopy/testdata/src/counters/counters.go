// Package counters holds request counters guarded by mutexes, the way a
// metrics package of an HTTP service would.
package counters

import (
	"iter"
	"sort"
	"sync"
)

// Counter counts events under a mutex.
type Counter struct {
	mu sync.Mutex
	n  int64
}

func newCounter() Counter { return Counter{} }

// Inc works on a copy: the caller's counter never changes.
func (c Counter) Inc() { // want `Inc has a value receiver that copies c.mu \(sync.Mutex\): use a pointer receiver`
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

// Add is the correct shape.
func (c *Counter) Add(d int64) {
	c.mu.Lock()
	c.n += d
	c.mu.Unlock()
}

// Value also uses a pointer receiver.
func (c *Counter) Value() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// Stats nests the lock one level down.
type Stats struct {
	Name     string
	requests Counter
}

func (s Stats) Requests() int64 { // want `Requests has a value receiver that copies s.requests.mu \(sync.Mutex\)`
	return s.requests.Value()
}

func (s *Stats) Hit() { s.requests.Add(1) }

// Label has no lock: a value receiver is fine.
type Label struct {
	Key, Value string
}

func (l Label) String() string { return l.Key + "=" + l.Value }

// Sharded spreads load over an array of counters held by value.
type Sharded struct {
	shards [8]Counter
}

func (s *Sharded) Shard(key int) *Counter { return &s.shards[key%len(s.shards)] }

// Total copies every shard.
func (s *Sharded) Total() int64 {
	var total int64
	for _, shard := range s.shards { // want `range value shard copies shard.mu \(sync.Mutex\): range over indices`
		total += shard.Value()
	}
	return total
}

// Sum ranges over indices and copies nothing.
func (s *Sharded) Sum() int64 {
	var total int64
	for i := range s.shards {
		total += s.shards[i].Value()
	}
	return total
}

// Count is silent: len of an array uses only its type.
func (s *Sharded) Count() int { return len(s.shards) }

// Registry keeps named counters.
type Registry struct {
	mu       sync.RWMutex
	counters map[string]*Counter
	byValue  map[string]Counter
	ordered  []Counter
	pointers []*Counter
}

// Snapshot copies each counter out of the slice.
func (r *Registry) Snapshot() []int64 {
	var out []int64
	for _, c := range r.ordered { // want `range value c copies c.mu \(sync.Mutex\): range over indices or use \[\]\*Counter`
		out = append(out, c.Value())
	}
	return out
}

// Values ranges over pointers and copies nothing.
func (r *Registry) Values() []int64 {
	var out []int64
	for _, c := range r.pointers {
		out = append(out, c.Value())
	}
	for i := range r.ordered {
		out = append(out, r.ordered[i].Value())
	}
	for name := range r.byValue {
		out = append(out, int64(len(name)))
	}
	return out
}

// Names copies the map values to read their names.
func (r *Registry) Names() []string {
	var names []string
	for name, c := range r.byValue { // want `range value c copies c.mu \(sync.Mutex\): store pointers \(map\[string\]\*Counter\)`
		if c.Value() > 0 {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// Get returns a copy of the counter.
func (r *Registry) Get(name string) Counter {
	r.mu.RLock()
	defer r.mu.RUnlock()
	c := r.counters[name]
	return *c // want `returning \*c copies c.mu \(sync.Mutex\): return a pointer \(c\)`
}

// Lookup returns the shared counter.
func (r *Registry) Lookup(name string) *Counter {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.counters[name]
}

// Fresh returns zero values, which is fine.
func Fresh() (Counter, Stats) {
	return Counter{}, Stats{Name: "fresh"}
}

// Made returns a call result, which is fine.
func Made() Counter { return newCounter() }

// Reset overwrites a counter with a zero value: no lock in use is copied.
func (r *Registry) Reset(name string) {
	c := r.counters[name]
	*c = Counter{}
}

// Clone copies the counter and its lock, possibly while it is held.
func (r *Registry) Clone(from, to string) {
	src := r.counters[from]
	dst := *src                           // want `dst := \*src copies src.mu \(sync.Mutex\): use a pointer \(src\)`
	r.byValue[to] = dst                   // want `r.byValue\[to\] = dst copies dst.mu \(sync.Mutex\): use a pointer \(&dst\)`
	var backup = dst                      // want `var backup = dst copies dst.mu \(sync.Mutex\)`
	r.ordered = append(r.ordered, backup) // want `passing backup by value copies backup.mu \(sync.Mutex\): pass a pointer \(&backup\)`
}

// Alias shares the counter.
func (r *Registry) Alias(from, to string) {
	src := r.counters[from]
	r.counters[to] = src
	fresh := new(Counter)
	r.pointers = append(r.pointers, fresh, src)
	zero := Counter{}
	r.ordered = append(r.ordered, Counter{})
	_ = zero.n
}

// Export copies all counters at once.
func (r *Registry) Export() []Counter {
	out := make([]Counter, len(r.ordered))
	copy(out, r.ordered)                        // want `copy duplicates Counter.mu \(sync.Mutex\) in each element of r.ordered: use a slice of pointers \(\[\]\*Counter\)`
	return append([]Counter(nil), r.ordered...) // want `append duplicates Counter.mu \(sync.Mutex\) in each element of r.ordered`
}

// ExportPointers copies pointers, which share the counters.
func (r *Registry) ExportPointers() []*Counter {
	out := make([]*Counter, len(r.pointers))
	copy(out, r.pointers)
	return append([]*Counter(nil), r.pointers...)
}

// Top builds a literal out of a copy.
func (r *Registry) Top(name string) []Counter {
	c := r.counters[name]
	return []Counter{*c} // want `composite literal element \*c copies c.mu \(sync.Mutex\): store a pointer \(c\)`
}

// TopPointers builds a literal out of pointers.
func (r *Registry) TopPointers(name string) []*Counter {
	c := r.counters[name]
	return []*Counter{c, &Counter{}}
}

// Ignore discards values: nothing is stored, nothing is reported.
func (r *Registry) Ignore(name string) {
	c := r.counters[name]
	_ = *c
	var _ = *c
	_, ok := r.byValue[name]
	_ = ok
}

// All yields copies of the counters.
func (r *Registry) All() iter.Seq[Counter] {
	return func(yield func(Counter) bool) {
		for i := range r.ordered {
			if !yield(r.ordered[i]) { // want `passing r.ordered\[i\] by value copies r.ordered\[i\].mu \(sync.Mutex\): pass a pointer \(&r.ordered\[i\]\)`
				return
			}
		}
	}
}

// Busy ranges over the copies.
func (r *Registry) Busy() int {
	n := 0
	for c := range r.All() { // want `range value c copies c.mu \(sync.Mutex\): yield pointers`
		if c.n > 0 {
			n++
		}
	}
	return n
}

// Each yields pointers.
func (r *Registry) Each() iter.Seq2[int, *Counter] {
	return func(yield func(int, *Counter) bool) {
		for i := range r.ordered {
			if !yield(i, &r.ordered[i]) {
				return
			}
		}
	}
}

// Active ranges over pointers.
func (r *Registry) Active() int {
	n := 0
	for _, c := range r.Each() {
		if c.Value() > 0 {
			n++
		}
	}
	return n
}
