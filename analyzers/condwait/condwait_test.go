package condwait_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/golint-conc/golint-conc/analyzers/condwait"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), condwait.Analyzer, "queue", "barrier", "pubsub", "locking", "pipe")
}

func TestSuggestedFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), condwait.Analyzer, "fix")
}
