package handlergo_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/golint-conc/golint-conc/analyzers/handlergo"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), handlergo.Analyzer, "handlers", "jobs", "api")
}

// receipts (go1.21) gets the context.WithoutCancel fix where the file
// imports context.
func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), handlergo.Analyzer, "receipts")
}

// legacy is a module at go 1.20 (a //go:build line cannot set a file
// below go1.21), where context.WithoutCancel does not exist: it gets
// neither the fix nor the advice (a fix would need a legacy.go.golden).
func TestBeforeGo121(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, filepath.Join(analysistest.TestData(), "legacy"), handlergo.Analyzer, "./...")
}
