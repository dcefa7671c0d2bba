package lockleak_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/golint-conc/golint-conc/analyzers/lockleak"
)

func TestCache(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockleak.Analyzer, "cache")
}

func TestPool(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockleak.Analyzer, "pool")
}

func TestRateLimit(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockleak.Analyzer, "ratelimit")
}

func TestHandlers(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockleak.Analyzer, "handlers")
}

func TestDeferLock(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), lockleak.Analyzer, "deferlock")
}

func TestGeneric(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockleak.Analyzer, "lru")
}

func TestRelock(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockleak.Analyzer, "relock")
}

// TestProtocol pins each lock word and documentation pattern of
// lockHelper: every helper there leaks but for its name or its doc.
func TestProtocol(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockleak.Analyzer, "protocol")
}

func TestStartNotify(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockleak.Analyzer, "startnotify")
}

func TestGroupConsumer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockleak.Analyzer, "groupconsumer")
}

func TestConnPool(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockleak.Analyzer, "connpool")
}

// TestKVDB pins the release elsewhere: transactions hold the database's
// locks until Tx.close and removeTx release them.
func TestKVDB(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockleak.Analyzer, "kvdb")
}

// TestLeasePool pins the release elsewhere for a lock of a parameter:
// Conn.Release ends what Pool.Get began.
func TestLeasePool(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockleak.Analyzer, "leasepool")
}
