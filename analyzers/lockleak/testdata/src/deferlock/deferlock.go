// Package deferlock is a service registry whose methods defer the wrong
// mutex method.
package deferlock

import (
	"errors"
	"sync"
)

type Service interface{ Name() string }

type Registry struct {
	mu       sync.RWMutex
	services map[string]Service
	hooks    []func(Service)
}

func (r *Registry) Register(s Service) error {
	r.mu.Lock()
	defer r.mu.Lock() // want `defer r.mu.Lock\(\) while r.mu is locked \(locked at line 19\): the deferred Lock deadlocks when the function returns; defer r.mu.Unlock\(\) was meant`
	if _, dup := r.services[s.Name()]; dup {
		return errors.New("registry: duplicate " + s.Name())
	}
	r.services[s.Name()] = s
	return nil
}

func (r *Registry) Lookup(name string) (Service, bool) {
	r.mu.RLock()
	defer r.mu.RLock() // want `defer r.mu.RLock\(\) while r.mu is read-locked .*defer r.mu.RUnlock\(\) was meant`
	s, ok := r.services[name]
	return s, ok
}

func (r *Registry) Unregister(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.services, name)
}

// notify runs the hooks without the lock its caller holds, and takes
// it back on the way out.
func (r *Registry) notify(s Service) {
	r.mu.Unlock()
	defer r.mu.Lock()
	for _, h := range r.hooks {
		h(s)
	}
}

// Replace holds the lock again only when it was released for the hooks.
func (r *Registry) Replace(s Service) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.services[s.Name()] = s
	r.notify(s)
}

// Names defers a Lock on a path where the lock may not be held: unsure,
// so not reported.
func (r *Registry) Names(locked bool) []string {
	if !locked {
		r.mu.RLock()
	}
	defer r.mu.RLock()
	var names []string
	for n := range r.services {
		names = append(names, n)
	}
	r.mu.RUnlock()
	return names
}

// A counter embeds its mutex.
type counter struct {
	sync.Mutex
	n map[string]int
}

func (c *counter) Inc(name string) int {
	c.Lock()
	defer c.Lock() // want `defer c.Lock\(\) while c is locked`
	c.n[name]++
	return c.n[name]
}

// Handler wraps fn so that calls are serialised.
func Handler(fn func(string) error) func(string) error {
	var mu sync.Mutex
	return func(arg string) error {
		mu.Lock()
		defer mu.Lock() // want `defer mu.Lock\(\) while mu is locked`
		return fn(arg)
	}
}

// Serial is Handler done right.
func Serial(fn func(string) error) func(string) error {
	var mu sync.Mutex
	return func(arg string) error {
		mu.Lock()
		defer mu.Unlock()
		return fn(arg)
	}
}
