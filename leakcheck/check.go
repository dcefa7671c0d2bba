package leakcheck

import (
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/golint-conc/golint-conc/leakcheck/internal/stack"
)

// Check makes t fail if goroutines that t started are still alive when t
// ends. Call it first thing in the test:
//
//	func TestServer(t *testing.T) {
//		leakcheck.Check(t)
//		...
//	}
//
// It records the goroutines alive now and registers the check with
// t.Cleanup, so it runs after the test and its subtests, and after cleanups
// registered later (which commonly stop the servers a test started). It
// answers only for goroutines descended from the goroutine that calls it,
// so it is safe in parallel tests: each test answers for its own.
//
// Check must be called from the test's own goroutine. Do not defer it: a
// deferred call would take its snapshot at the end; use VerifyNone there.
func Check(t testing.TB, opts ...Option) {
	t.Helper()
	s := newScope(stack.SelfID(), stack.Current(), newConfig(opts))
	s.begin()
	t.Cleanup(func() {
		defer s.end()
		if leaks := s.find(); len(leaks) > 0 {
			t.Errorf("%s", report(leaks))
		}
		if s.unattributed > 0 {
			t.Logf("leakcheck: %d goroutine(s) whose creator has exited could not be attributed "+
				"to one of the tests running in parallel; run with GODEBUG=tracebackancestors=100 to attribute them", s.unattributed)
		}
	})
}

// VerifyNone checks now, at the end of a test, for goroutines descended from
// the calling goroutine: `defer leakcheck.VerifyNone(t)`. Without a snapshot
// it cannot tell this test's goroutines from ones left by earlier tests whose
// creator has exited, so prefer Check; VerifyNone is for code that wants a
// check at a precise point.
func VerifyNone(t testing.TB, opts ...Option) {
	t.Helper()
	s := newScope(stack.SelfID(), nil, newConfig(opts))
	s.begin()
	defer s.end()
	if leaks := s.find(); len(leaks) > 0 {
		t.Errorf("%s", report(leaks))
	}
}

// Find returns the goroutines alive now, other than the caller's and those
// ignored by default or by opts, after retrying for the timeout. It is the
// whole-process check that Main makes.
func Find(opts ...Option) []Leak {
	s := newScope(0, nil, newConfig(opts))
	s.known[stack.SelfID()] = true
	return s.find()
}

// A Snapshot is the set of goroutines alive at one moment; its Find reports
// only goroutines started after it. Use it around code that is not a test.
type Snapshot struct{ s *scope }

// Take records the goroutines alive now.
func Take(opts ...Option) Snapshot {
	return Snapshot{newScope(0, stack.Current(), newConfig(opts))}
}

// Find returns the goroutines started since the snapshot that are still
// alive after retrying for the timeout.
func (s Snapshot) Find() []Leak { return s.s.find() }

// Main runs the tests of a TestMain and then fails the binary if goroutines
// are left over that were not alive when Main began:
//
//	func TestMain(m *testing.M) { leakcheck.Main(m) }
//
// It does not return.
func Main(m *testing.M, opts ...Option) {
	os.Exit(runMain(m, os.Stderr, opts))
}

type runner interface{ Run() int }

func runMain(m runner, w io.Writer, opts []Option) int {
	snap := Take(opts...)
	code := m.Run()
	if code != 0 {
		return code
	}
	if leaks := snap.Find(); len(leaks) > 0 {
		fmt.Fprintln(w, report(leaks))
		return 1
	}
	return 0
}
