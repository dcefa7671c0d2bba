// Package app uses the registry of another package.
package app

import (
	"net/http"

	"registry"
)

type Server struct {
	reg     *registry.Registry
	entries []registry.Entry
}

// Fork copies the imported registry and its lock.
func (s *Server) Fork() registry.Registry {
	local := *s.reg // want `local := \*s.reg copies s.reg.mu \(sync.RWMutex\): use a pointer \(s.reg\)`
	return local    // want `returning local copies local.mu \(sync.RWMutex\): return a pointer \(&local\)`
}

// Share keeps the pointer.
func (s *Server) Share() *registry.Registry { return s.reg }

// Primary copies a registry out of a group.
func Primary(g *registry.Group) string {
	p := g.Primary // want `p := g.Primary copies g.Primary.mu \(sync.RWMutex\): use a pointer \(&g.Primary\)`
	b := g.Backup
	return p.Lookup("db") + b.Lookup("db")
}

// Entries copies values without locks.
func (s *Server) Entries() []registry.Entry {
	var out []registry.Entry
	for _, e := range s.entries {
		out = append(out, e)
	}
	return out
}

// Serve copies an http.Server, which holds a mutex.
func Serve(srv *http.Server) error {
	clone := *srv // want `clone := \*srv copies srv.inShutdown \(atomic.Bool\): use a pointer \(srv\)`
	return clone.ListenAndServe()
}

// ServePtr shares it.
func ServePtr(srv *http.Server) error {
	return srv.ListenAndServe()
}
