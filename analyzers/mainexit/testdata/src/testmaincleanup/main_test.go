// TestMain cleans up in a goroutine and exits under it.
package testmaincleanup

import (
	"fmt"
	"os"
	"testing"
)

func removeFixtures(dir string) {
	if err := os.RemoveAll(dir); err != nil {
		fmt.Fprintln(os.Stderr, "cleanup:", err)
	}
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "store")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	go removeFixtures(dir) // want `TestMain calls os.Exit at line 24 without waiting for this goroutine`
	os.Exit(code)
}

func TestStore(t *testing.T) {
	s := Store{dir: t.TempDir()}
	if s.dir == "" {
		t.Fatal("no dir")
	}
}
