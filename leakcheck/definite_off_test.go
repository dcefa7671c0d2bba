//go:build !goexperiment.goroutineleakprofile

package leakcheck

import (
	"runtime/pprof"
	"strings"
	"testing"
	"time"
)

func TestNoDefiniteWithoutExperiment(t *testing.T) {
	if pprof.Lookup("goroutineleak") != nil {
		t.Fatal("goroutineleak profile present without the experiment")
	}
	f := &fakeT{}
	Check(f, Timeout(50*time.Millisecond))
	release := abandonedSend()
	awaitState(t, "abandonedSend.func1", "chan send")
	got := f.finish()
	release()
	if !strings.Contains(got, "blocked in chan send") || strings.Contains(got, "definite") {
		t.Errorf("report:\n%s", got)
	}
}
