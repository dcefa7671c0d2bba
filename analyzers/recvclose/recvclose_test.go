package recvclose_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/golint-conc/golint-conc/analyzers/recvclose"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), recvclose.Analyzer, "pools", "pipelines", "consumers", "queue", "requests")
}
