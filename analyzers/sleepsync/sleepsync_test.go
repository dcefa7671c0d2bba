package sleepsync_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/golint-conc/golint-conc/analyzers/sleepsync"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sleepsync.Analyzer, "demos", "servers", "pools", "workers", "usesworkers", "scheduler", "jobqueue", "httpapi", "usesapi", "ttlcache", "relayd", "cluster")
}
