package wgdone_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/golint-conc/golint-conc/analyzers/wgdone"
)

func TestLiterals(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), wgdone.Analyzer, "workers")
}

func TestNamedAcrossPackages(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), wgdone.Analyzer, "pool", "named")
}

func TestAddCounts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), wgdone.Analyzer, "counts")
}

func TestSuggestedFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), wgdone.Analyzer, "fix")
}

func TestPackageWaitGroup(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), wgdone.Analyzer, "seeds")
}
