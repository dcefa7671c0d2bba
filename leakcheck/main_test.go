package leakcheck

import (
	"os"
	"testing"
	"time"
)

// The package checks itself: every leak its tests make on purpose must be
// released by the end of the run. The child process of TestDefiniteLeak
// leaks for good, on purpose, and is not checked.
func TestMain(m *testing.M) {
	if os.Getenv("LEAKCHECK_DEFINITE_CHILD") != "" {
		os.Exit(m.Run())
	}
	Main(m)
}

// Check on a real *testing.T, in a parallel test, with a goroutine that
// outlives the test function by a little.
func TestCheckRealT(t *testing.T) {
	Check(t)
	t.Parallel()
	done := make(chan struct{})
	go func() {
		time.Sleep(20 * time.Millisecond)
		close(done)
	}()
}
