package chanops_test

import (
	"testing"

	"github.com/golint-conc/golint-conc/internal/analysisbench"
	"github.com/golint-conc/golint-conc/passes/chanops"
)

// BenchmarkChanops times the pass alone (its requirements run once,
// before the timer) on net/http, the standard library package that makes
// the most channels and starts the most goroutines.
func BenchmarkChanops(b *testing.B) {
	for _, path := range []string{"net/http", "os/exec"} {
		b.Run(path, func(b *testing.B) {
			pkg := analysisbench.Load(b, path)[0]
			p, err := analysisbench.Prepare(chanops.Analyzer, pkg)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			var chans int
			for b.Loop() {
				res, _, err := p.Run()
				if err != nil {
					b.Fatal(err)
				}
				chans = len(res.(*chanops.Result).Chans)
			}
			b.ReportMetric(float64(chans), "chans")
		})
	}
}
