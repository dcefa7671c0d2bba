package analyzers_test

import (
	"testing"

	"github.com/golint-conc/golint-conc/analyzers"
	"github.com/golint-conc/golint-conc/internal/analysisbench"
)

// BenchmarkAnalyzers times each analyzer's own Run on net/http, with the
// shared passes it requires computed once beforehand, so a regression in
// one analyzer shows under its own name.
func BenchmarkAnalyzers(b *testing.B) {
	pkg := analysisbench.Load(b, "net/http")[0]
	for _, a := range analyzers.All() {
		b.Run(a.Name, func(b *testing.B) {
			p, err := analysisbench.Prepare(a, pkg)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := p.Run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
