package leakcheck

import (
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// parallelOrphans runs a leaky and a clean parallel test side by side; the
// leaky one leaks through an intermediate goroutine that exits, so only the
// ancestry the runtime keeps with GODEBUG=tracebackancestors can tie the leak
// to it. It returns both reports and the leaky test's logs.
func parallelOrphans(t *testing.T) (leaky, clean, logs string) {
	var mu sync.Mutex
	var arrived atomic.Int32
	allIn := make(chan struct{})
	t.Run("group", func(t *testing.T) {
		for _, name := range []string{"leaky", "clean"} {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				f := &fakeT{}
				Check(f, Timeout(200*time.Millisecond))
				release := func() {}
				if name == "leaky" {
					handoff := make(chan func())
					go func() { handoff <- receiveNeverSent() }()
					release = <-handoff
				}
				if arrived.Add(1) == 2 {
					close(allIn)
				}
				select {
				case <-allIn:
				case <-time.After(time.Second):
				}
				got := f.finish()
				release()
				mu.Lock()
				defer mu.Unlock()
				if name == "leaky" {
					leaky, logs = got, strings.Join(f.logs, "\n")
				} else {
					clean = got
				}
			})
		}
	})
	return leaky, clean, logs
}

// Without ancestry the orphan cannot be pinned on either parallel test: no
// sibling is wrongly blamed, and the leaky one says why it stayed silent.
func TestParallelOrphan(t *testing.T) {
	leaky, clean, logs := parallelOrphans(t)
	if clean != "" {
		t.Errorf("clean sibling blamed:\n%s", clean)
	}
	if strings.Contains(os.Getenv("GODEBUG"), "tracebackancestors") {
		if !strings.Contains(leaky, "blocked in chan receive") {
			t.Errorf("with tracebackancestors the leaky test is not blamed:\n%s", leaky)
		}
		return
	}
	if leaky != "" && !strings.Contains(leaky, "blocked in chan receive") {
		t.Errorf("unexpected report:\n%s", leaky)
	}
	if leaky == "" && !strings.Contains(logs, "tracebackancestors") {
		t.Errorf("orphan neither reported nor explained; logs: %q", logs)
	}
}

// The runtime reads GODEBUG at start-up, so the test binary runs itself.
func TestParallelOrphanWithAncestry(t *testing.T) {
	if strings.Contains(os.Getenv("GODEBUG"), "tracebackancestors") {
		t.Skip("already the child")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestParallelOrphan$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), "GODEBUG=tracebackancestors=100")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestParallelOrphan") {
		t.Errorf("child run failed: %v\n%s", err, out)
	}
}
