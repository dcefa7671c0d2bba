package report

import (
	"sync"
	"testing"
)

// Tests are analyzed by default: this copy is reported.
func TestTotals(t *testing.T) {
	var mu sync.Mutex
	guard := mu // e2e: synccopy
	_ = &guard
}
