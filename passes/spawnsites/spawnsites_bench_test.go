package spawnsites_test

import (
	"testing"

	"github.com/golint-conc/golint-conc/internal/analysisbench"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

// BenchmarkSpawnsites times the pass alone on net/http.
func BenchmarkSpawnsites(b *testing.B) {
	pkg := analysisbench.Load(b, "net/http")[0]
	p, err := analysisbench.Prepare(spawnsites.Analyzer, pkg)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var sites int
	for b.Loop() {
		res, _, err := p.Run()
		if err != nil {
			b.Fatal(err)
		}
		sites = len(res.(*spawnsites.Result).Sites)
	}
	b.ReportMetric(float64(sites), "sites")
}
