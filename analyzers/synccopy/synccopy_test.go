package synccopy_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/golint-conc/golint-conc/analyzers/synccopy"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), synccopy.Analyzer,
		"counters", "workers", "config", "generic", "nocopy", "registry", "app", "loopvar", "broken")
}
