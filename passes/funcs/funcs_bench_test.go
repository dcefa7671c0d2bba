package funcs_test

import (
	"testing"

	"github.com/golint-conc/golint-conc/internal/analysisbench"
	"github.com/golint-conc/golint-conc/passes/funcs"
)

// BenchmarkFuncs times the pass alone on net/http.
func BenchmarkFuncs(b *testing.B) {
	pkg := analysisbench.Load(b, "net/http")[0]
	p, err := analysisbench.Prepare(funcs.Analyzer, pkg)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var n int
	for b.Loop() {
		res, _, err := p.Run()
		if err != nil {
			b.Fatal(err)
		}
		n = len(res.(*funcs.Result).Funcs)
	}
	b.ReportMetric(float64(n), "funcs")
}
