// Package handlers is an HTTP session service: a package-level session
// table and a store type, both guarded by mutexes, used from handlers.
package handlers

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

type Session struct {
	User string
	Seen time.Time
}

var (
	mu       sync.Mutex
	sessions = map[string]*Session{}
)

func login(w http.ResponseWriter, r *http.Request) {
	mu.Lock()
	user := r.FormValue("user")
	if user == "" {
		http.Error(w, "missing user", http.StatusBadRequest)
		return // want `return at line \d+ leaves mu locked`
	}
	sessions[user] = &Session{User: user, Seen: time.Now()}
	mu.Unlock()
	fmt.Fprintln(w, "ok")
}

// logout unlocks through unlockSessions, a package-level helper.
func logout(w http.ResponseWriter, r *http.Request) {
	mu.Lock()
	user := r.FormValue("user")
	if _, ok := sessions[user]; !ok {
		unlockSessions()
		http.NotFound(w, r)
		return
	}
	delete(sessions, user)
	unlockSessions()
}

func unlockSessions() { mu.Unlock() }

type Store struct {
	mu       sync.RWMutex
	sessions map[string]*Session
}

func (s *Store) Touch(id string) {
	s.mu.Lock()
	sess, ok := s.sessions[id]
	if !ok {
		s.mu.Unlock()
		return
	}
	sess.Seen = time.Now()
} // want `end of function at line \d+ leaves s.mu locked`

// Register installs the store's handlers; each is checked on its own.
func Register(mux *http.ServeMux, s *Store) {
	mux.HandleFunc("/logout", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		if _, ok := s.sessions[r.FormValue("id")]; !ok {
			http.NotFound(w, r)
			return // want `leaves s.mu locked`
		}
		delete(s.sessions, r.FormValue("id"))
		s.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	})

	mux.HandleFunc("/sessions", func(w http.ResponseWriter, r *http.Request) {
		s.mu.RLock()
		defer s.mu.RUnlock()
		if err := json.NewEncoder(w).Encode(s.sessions); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
	})

	// lockSession is a lock helper by its variable's name: it returns
	// holding s.mu when it finds the session.
	lockSession := func(id string) (*Session, bool) {
		s.mu.Lock()
		sess, ok := s.sessions[id]
		if !ok {
			s.mu.Unlock()
			return nil, false
		}
		return sess, true
	}
	mux.HandleFunc("/touch", func(w http.ResponseWriter, r *http.Request) {
		sess, ok := lockSession(r.FormValue("id"))
		if !ok {
			http.NotFound(w, r)
			return
		}
		sess.Seen = time.Now()
		s.mu.Unlock()
	})
}

// Count reads under the read lock and unlocks through a helper that
// takes the store as a parameter.
func Count(s *Store, user string) int {
	s.mu.RLock()
	if user == "" {
		n := len(s.sessions)
		doneReading(s)
		return n
	}
	n := 0
	for _, sess := range s.sessions {
		if sess.User == user {
			n++
		}
	}
	doneReading(s)
	return n
}

func doneReading(s *Store) { s.mu.RUnlock() }

// Expire holds the lock around a loop without defer.
func (s *Store) Expire(before time.Time) {
	s.mu.Lock()
	for id, sess := range s.sessions {
		if sess.Seen.Before(before) {
			delete(s.sessions, id)
		}
	}
	s.mu.Unlock()
}
