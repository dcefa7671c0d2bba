package leakcheck

import (
	"fmt"
	"testing"

	"go.uber.org/goleak"
)

// BenchmarkCheck measures one check that finds nothing, with N goroutines
// parked since before the snapshot, beside goleak.Find on the same
// workload (its IgnoreCurrent is goleak's snapshot).
func BenchmarkCheck(b *testing.B) {
	for _, n := range []int{10, 1000, 100000} {
		stop := make(chan struct{})
		for range n {
			go func() { <-stop }()
		}
		b.Run(fmt.Sprintf("leakcheck/%d", n), func(b *testing.B) {
			snap := Take(Timeout(0))
			for b.Loop() {
				if leaks := snap.Find(); len(leaks) > 0 {
					b.Fatal(report(leaks))
				}
			}
		})
		b.Run(fmt.Sprintf("goleak/%d", n), func(b *testing.B) {
			ignore := goleak.IgnoreCurrent()
			for b.Loop() {
				if err := goleak.Find(ignore); err != nil {
					b.Fatal(err)
				}
			}
		})
		close(stop)
	}
}
