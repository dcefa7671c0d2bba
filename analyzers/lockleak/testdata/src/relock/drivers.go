package relock

import (
	"slices"
	"sort"
	"sync"
)

// The driver registry is package state, as in database/sql.
var (
	driversMu sync.RWMutex
	drivers   = make(map[string]func() error)
)

// Drivers returns the registered driver names, sorted.
func Drivers() []string {
	driversMu.RLock()
	defer driversMu.RUnlock()
	names := make([]string, 0, len(drivers))
	for n := range drivers {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Register checks for duplicates with Drivers while it holds the write
// lock.
func Register(name string, open func() error) {
	driversMu.Lock()
	defer driversMu.Unlock()
	if slices.Contains(Drivers(), name) { // want `call to Drivers while holding driversMu: it locks driversMu again \(line 17\), and sync.RWMutex is not reentrant`
		panic("relock: Register called twice for driver " + name)
	}
	drivers[name] = open
}

// MustRegister looks the name up directly under the lock.
func MustRegister(name string, open func() error) {
	driversMu.Lock()
	defer driversMu.Unlock()
	if _, dup := drivers[name]; dup {
		panic("relock: Register called twice for driver " + name)
	}
	drivers[name] = open
}
