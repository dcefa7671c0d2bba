package chanleak_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/golint-conc/golint-conc/analyzers/chanleak"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), chanleak.Analyzer, "fanout", "seeds", "seedmain", "workers", "named", "loops", "selfblock", "signals", "nilchans", "firstwins", "sequenced")
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), chanleak.Analyzer, "handlers")
}
