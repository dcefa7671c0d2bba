package closedchan_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/golint-conc/golint-conc/analyzers/closedchan"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), closedchan.Analyzer, "seeds", "shutdown", "pipeline", "loops", "spawned", "exclusive", "stoptest")
}
