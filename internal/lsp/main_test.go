package lsp

import (
	"testing"

	"go.uber.org/goleak"
)

// Serve promises that no analysis runs after it returns; every test closes
// the server's input, which ends its reading goroutine too.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
