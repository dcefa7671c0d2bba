package leakcheck

import (
	"testing"
	"time"

	"github.com/golint-conc/golint-conc/leakcheck/internal/stack"
)

// BenchTimeout is how long Bench waits for a run's goroutines to finish.
// A benchmark is run several times with growing b.N, and a leak per
// operation leaves thousands of goroutines that will never finish: waiting
// the full DefaultTimeout on every run would slow benchmarks down for
// nothing. Timeout overrides it.
const BenchTimeout = 200 * time.Millisecond

// Bench makes a benchmark fail when it leaves goroutines behind in numbers
// that grow with b.N: a leak per operation, which a single check in a test
// easily misses and which slowly kills a long-running program. Call it first
// in the benchmark:
//
//	func BenchmarkFetch(b *testing.B) {
//		leakcheck.Bench(b)
//		for b.Loop() { ... }
//	}
//
// After each run of the benchmark function it counts the goroutines that run
// started and left alive; a constant few (a pool warmed up once) pass, at
// least one for every two operations fails with the grouped report.
func Bench(b *testing.B, opts ...Option) {
	b.Helper()
	benchCheck(b, func() int { return b.N }, append([]Option{Timeout(BenchTimeout)}, opts...))
}

// minScaling is the fewest leaked goroutines Bench calls growth: below it a
// run is too short to tell a per-operation leak from a few helpers.
const minScaling = 10

func benchCheck(tb testing.TB, n func() int, opts []Option) {
	s := newScope(stack.SelfID(), stack.Current(), newConfig(opts))
	s.begin()
	tb.Cleanup(func() {
		defer s.end()
		leaks := s.find()
		left := 0
		for _, l := range leaks {
			left += len(l.IDs)
		}
		if ops := n(); left >= minScaling && 2*left >= ops {
			tb.Errorf("leakcheck: %d operations left %d goroutines alive (%.2f per operation): a leak per operation\n%s",
				ops, left, float64(left)/float64(ops), report(leaks))
		}
	})
}

// Report formats leaks as Check reports them.
func Report(leaks []Leak) string {
	if len(leaks) == 0 {
		return "leakcheck: no leaked goroutines"
	}
	return report(leaks)
}
