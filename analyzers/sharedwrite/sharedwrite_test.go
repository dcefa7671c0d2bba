package sharedwrite_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/golint-conc/golint-conc/analyzers/sharedwrite"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sharedwrite.Analyzer, "workers", "handoff", "protocols", "guards")
}

// pre122 and post122 hold the same code at go1.21 and go1.22 (set by
// their //go:build lines): indexing with a captured loop variable is a
// per-goroutine slot only from Go 1.22.
func TestLoopVarVersions(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sharedwrite.Analyzer, "pre122", "post122")
}
