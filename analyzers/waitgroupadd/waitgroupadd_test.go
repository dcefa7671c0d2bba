package waitgroupadd_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/golint-conc/golint-conc/analyzers/waitgroupadd"
)

func TestLiteral(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), waitgroupadd.Analyzer, "literal")
}

func TestNamed(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), waitgroupadd.Analyzer, "named")
}

func TestFactsAcrossPackages(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), waitgroupadd.Analyzer, "jobs", "service")
}

func TestGoMethods(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), waitgroupadd.Analyzer, "gogroup")
}

func TestSuggestedFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), waitgroupadd.Analyzer, "fix")
}
