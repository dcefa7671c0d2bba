// Package testmod writes small Go modules for tests that load packages
// with the go command.
package testmod

import (
	"os"
	"path/filepath"
	"testing"
)

// Write writes files, named by slash-separated paths relative to the
// module root, into a new temporary directory and returns it. Without a
// go.mod among files, the module is example.com/m at go 1.24.
func Write(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["go.mod"]; !ok {
		write(t, dir, "go.mod", "module example.com/m\n\ngo 1.24\n")
	}
	for name, content := range files {
		write(t, dir, name, content)
	}
	return dir
}

// Offline makes the go command work on such a module without the network
// for the rest of the test: no proxy, no workspace, go.mod updated as
// needed. Like t.Setenv, it cannot be used in parallel tests.
func Offline(t testing.TB) {
	t.Setenv("GOFLAGS", "-mod=mod")
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOWORK", "off")
}

func write(t testing.TB, dir, name, content string) {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
