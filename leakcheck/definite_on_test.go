//go:build goexperiment.goroutineleakprofile

package leakcheck

import (
	"os"
	"os/exec"
	"runtime/pprof"
	"strings"
	"testing"
	"time"
)

// unreachableSend leaks a goroutine on a channel nothing else can reach, so
// the garbage collector can prove it will never run again. It cannot be
// released, so TestDefiniteLeak runs it in a child process.
func unreachableSend() {
	results := make(chan int)
	go func() { // created: unreachableSend
		results <- 1 // blocks: unreachableSend
	}()
}

func TestDefiniteLeak(t *testing.T) {
	if os.Getenv("LEAKCHECK_DEFINITE_CHILD") == "" {
		exe, err := os.Executable()
		if err != nil {
			t.Skip(err)
		}
		cmd := exec.Command(exe, "-test.run=^TestDefiniteLeak$", "-test.v", "-test.count=1")
		cmd.Env = append(os.Environ(), "LEAKCHECK_DEFINITE_CHILD=1")
		if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "--- PASS: TestDefiniteLeak") {
			t.Errorf("child run failed: %v\n%s", err, out)
		}
		return
	}
	if pprof.Lookup("goroutineleak") == nil {
		t.Fatal("built with goroutineleakprofile, but the goroutineleak profile is missing")
	}
	f := &fakeT{}
	Check(f, Timeout(50*time.Millisecond))
	unreachableSend()
	release := receiveNeverSent() // reachable through release: not proven
	awaitState(t, "unreachableSend.func1", "chan send")
	awaitState(t, "receiveNeverSent.func1", "chan receive")
	got := f.finish()
	release()
	if !strings.Contains(got, "1 goroutine blocked in chan send for") ||
		!strings.Contains(got, "(definite leak: the GC proved they can never run again)\n    in github.com/golint-conc/golint-conc/leakcheck.unreachableSend.func1") {
		t.Errorf("unreachable send not marked definite:\n%s", got)
	}
	if !strings.Contains(got, "1 goroutine blocked in chan receive for") ||
		strings.Contains(got, "chan receive (definite") {
		t.Errorf("reachable receive wrongly marked definite:\n%s", got)
	}
}
