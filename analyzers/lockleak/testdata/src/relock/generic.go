package relock

import "sync"

// Set is a generic set safe for concurrent use.
type Set[T comparable] struct {
	mu sync.Mutex
	m  map[T]struct{}
}

func (s *Set[T]) Has(v T) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.m[v]
	return ok
}

// AddNew calls Has while it holds the lock Has takes.
func (s *Set[T]) AddNew(v T) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Has(v) { // want `call to s.Has while holding s.mu: it locks s.mu again \(line 12\)`
		return false
	}
	s.m[v] = struct{}{}
	return true
}

// hasLocked reports whether v is in the set; the caller holds s.mu.
func (s *Set[T]) hasLocked(v T) bool {
	_, ok := s.m[v]
	return ok
}

// Add uses the variant that expects the lock held.
func (s *Set[T]) Add(v T) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hasLocked(v) {
		return false
	}
	s.m[v] = struct{}{}
	return true
}

// Union locks the other set, a different instance, inside its own lock.
func (s *Set[T]) Union(other *Set[T]) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for v := range other.m {
		if !other.Has(v) {
			continue
		}
		s.m[v] = struct{}{}
	}
}
