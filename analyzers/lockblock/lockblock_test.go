package lockblock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/golint-conc/golint-conc/analyzers/lockblock"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockblock.Analyzer, "bus", "broker", "conns", "cache", "jobs", "heartbeat")
}
