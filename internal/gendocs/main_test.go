package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/golint-conc/golint-conc/analyzers"
)

// TestGeneratedDocsUpToDate keeps docs/ and the README table in step with
// the analyzers' doc.go files.
func TestGeneratedDocsUpToDate(t *testing.T) {
	root := filepath.Join("..", "..")
	files, err := generate(root, analyzers.All())
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Errorf("%v (run: go generate ./analyzers)", err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is out of date: run go generate ./analyzers", name)
		}
	}
}

// TestEveryAnalyzerHasAPage guards against docs/ pages left behind by a
// removed or renamed analyzer.
func TestEveryAnalyzerHasAPage(t *testing.T) {
	names := make(map[string]bool)
	for _, a := range analyzers.All() {
		names[a.Name+".md"] = true
	}
	pages, _ := filepath.Glob(filepath.Join("..", "..", "docs", "*.md"))
	for _, p := range pages {
		base := filepath.Base(p)
		if !names[base] && !nonAnalyzerPages[base] {
			t.Errorf("docs/%s documents no analyzer in analyzers.All", base)
		}
	}
}

// nonAnalyzerPages are docs/ pages that are not generated.
var nonAnalyzerPages = map[string]bool{
	"performance.md":   true,
	"findings.md":      true,
	"editors.md":       true,
	"golangci-lint.md": true,
	"integrations.md":  true,
}
