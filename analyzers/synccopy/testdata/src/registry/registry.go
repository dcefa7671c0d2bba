// Package registry exports a type holding a lock, used from package app.
package registry

import "sync"

// Registry maps service names to addresses.
type Registry struct {
	mu    sync.RWMutex
	addrs map[string]string
}

func New() *Registry { return &Registry{addrs: make(map[string]string)} }

func (r *Registry) Lookup(name string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.addrs[name]
}

// Entry holds no lock.
type Entry struct{ Name, Addr string }

// Group holds registries by value and by pointer.
type Group struct {
	Primary Registry
	Backup  *Registry
}
