// Package protocol is a sharded session store whose helpers hand their
// lock to the caller on success. Every helper here returns with the
// lock taken on one path and released on the other; only its name or
// its documentation tells that this is the protocol and not a leak.
package protocol

import (
	"errors"
	"sync"
	"time"
)

var ErrClosed = errors.New("protocol: store closed")

type Session struct {
	ID      string
	Expires time.Time
}

type Store struct {
	mu     sync.RWMutex
	items  map[string]*Session
	dirty  []string
	closed bool
}

// Names that say it.

// getLocked finds key; on true the caller owns s.mu and releases it.
func (s *Store) getLocked(key string) (*Session, bool) {
	s.mu.Lock()
	sess, ok := s.items[key]
	if !ok {
		s.mu.Unlock()
		return nil, false
	}
	return sess, true
}

// lockingRenew extends a session and keeps the store pinned for the
// caller.
func (s *Store) lockingRenew(key string, d time.Duration) bool {
	s.mu.Lock()
	sess, ok := s.items[key]
	if !ok {
		s.mu.Unlock()
		return false
	}
	sess.Expires = sess.Expires.Add(d)
	return true
}

// takeLocks pins the store for a batch of keys that must all exist.
func (s *Store) takeLocks(keys []string) bool {
	s.mu.Lock()
	for _, k := range keys {
		if _, ok := s.items[k]; !ok {
			s.mu.Unlock()
			return false
		}
	}
	return true
}

// relockIfOpen takes the store back after a slow call, unless it was
// closed meanwhile.
func (s *Store) relockIfOpen() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	return nil
}

// rlockSession shares the store with other readers while the caller
// reads the session.
func (s *Store) rlockSession(key string) (*Session, bool) {
	s.mu.RLock()
	sess, ok := s.items[key]
	if !ok {
		s.mu.RUnlock()
		return nil, false
	}
	return sess, true
}

// lookupRlocked is rlockSession for callers that only test presence.
func (s *Store) lookupRlocked(key string) bool {
	s.mu.RLock()
	if _, ok := s.items[key]; !ok {
		s.mu.RUnlock()
		return false
	}
	return true
}

// flushOrUnlock reports whether there is dirty state to flush; if there
// is, the caller flushes and then releases s.mu.
func (s *Store) flushOrUnlock() bool {
	s.mu.Lock()
	if len(s.dirty) == 0 {
		s.mu.Unlock()
		return false
	}
	return true
}

// expiredOrUnlocked reports an expired session to the caller, who then
// owns s.mu.
func (s *Store) expiredOrUnlocked(key string, now time.Time) bool {
	s.mu.Lock()
	sess, ok := s.items[key]
	if !ok || now.Before(sess.Expires) {
		s.mu.Unlock()
		return false
	}
	return true
}

// runlockOnMiss gives the read side back only when the key is absent.
func (s *Store) runlockOnMiss(key string) bool {
	s.mu.RLock()
	if _, ok := s.items[key]; !ok {
		s.mu.RUnlock()
		return false
	}
	return true
}

// Documentation that says it.

// reserveSlot returns with s.mu held when the store is open.
func (s *Store) reserveSlot() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	return nil
}

// pin comes back still holding s.mu when the session exists.
func (s *Store) pin(key string) *Session {
	s.mu.Lock()
	sess, ok := s.items[key]
	if !ok {
		s.mu.Unlock()
		return nil
	}
	return sess
}

// begin starts a batch; the caller must unlock s.mu after the commit.
func (s *Store) begin() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.dirty = s.dirty[:0]
	return nil
}

// acquire comes back with s.mu locked when it reports true.
func (s *Store) acquire(key string) bool {
	s.mu.Lock()
	if _, ok := s.items[key]; !ok {
		s.mu.Unlock()
		return false
	}
	return true
}

// claim returns the session locked on success.
func (s *Store) claim(key string) (*Session, error) {
	s.mu.Lock()
	sess, ok := s.items[key]
	if !ok {
		s.mu.Unlock()
		return nil, errors.New("protocol: no session")
	}
	return sess, nil
}

// grab leaves s.mu locked for the caller when the session exists.
func (s *Store) grab(key string) bool {
	s.mu.Lock()
	if _, ok := s.items[key]; !ok {
		s.mu.Unlock()
		return false
	}
	return true
}

// swap replaces a session; on true, s.mu must be locked by the caller's
// side until it calls Release.
func (s *Store) swap(key string, sess *Session) bool {
	s.mu.Lock()
	if _, ok := s.items[key]; !ok {
		s.mu.Unlock()
		return false
	}
	s.items[key] = sess
	return true
}

// view returns the store rlocked when the session exists.
func (s *Store) view(key string) *Session {
	s.mu.RLock()
	sess, ok := s.items[key]
	if !ok {
		s.mu.RUnlock()
		return nil
	}
	return sess
}

// Look-alikes that leak.

// blockUntilOpen has "lock" inside a word only.
func (s *Store) blockUntilOpen() error {
	s.mu.Lock()
	if s.closed {
		return ErrClosed // want `return at line \d+ leaves s.mu locked`
	}
	s.mu.Unlock()
	return nil
}

// ClockIn has "lock" inside a word only.
func (s *Store) ClockIn(key string, now time.Time) {
	s.mu.Lock()
	sess, ok := s.items[key]
	if !ok {
		return // want `return at line \d+ leaves s.mu locked`
	}
	sess.Expires = now.Add(time.Hour)
	s.mu.Unlock()
}

// Get looks key up under the lock.
func (s *Store) Get(key string) *Session {
	s.mu.RLock()
	sess, ok := s.items[key]
	if !ok {
		return nil // want `return at line \d+ leaves s.mu read-locked`
	}
	s.mu.RUnlock()
	return sess
}

// Evict forgets to unlock when the session is missing.
func (s *Store) Evict(key string) bool {
	s.mu.Lock()
	if _, ok := s.items[key]; !ok {
		return false // want `return at line \d+ leaves s.mu locked`
	}
	delete(s.items, key)
	s.mu.Unlock()
	return true
}

// Sweep is safe while the janitor runs; sessions are locked per pass.
func (s *Store) Sweep(now time.Time) int {
	s.mu.Lock()
	if s.closed {
		return 0 // want `return at line \d+ leaves s.mu locked`
	}
	n := 0
	for k, sess := range s.items {
		if now.After(sess.Expires) {
			delete(s.items, k)
			n++
		}
	}
	s.mu.Unlock()
	return n
}
