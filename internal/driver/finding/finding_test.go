package finding_test

import (
	"fmt"
	"go/token"
	"path/filepath"
	"testing"

	"github.com/golint-conc/golint-conc/internal/driver/finding"
)

func at(pkg, file string, line, col int, analyzer, message string) finding.Finding {
	return finding.Finding{Package: pkg, Analyzer: analyzer, Message: message,
		Pos: token.Position{Filename: file, Line: line, Column: col}}
}

func TestDedupKeepsFirstAndSortOrders(t *testing.T) {
	fs := finding.Dedup([]finding.Finding{
		at("p", "/m/b.go", 3, 1, "wgdone", "m"),
		at("p", "/m/a.go", 10, 2, "lockleak", "m"),
		at("p", "/m/a.go", 10, 2, "closedchan", "m"),
		at("p [p.test]", "/m/b.go", 3, 1, "wgdone", "m"),     // same finding, test variant
		at("p [p.test]", "/m/b.go", 3, 1, "wgdone", "other"), // different message
		at("p", "/m/a.go", 9, 5, "lockleak", "m"),
	})
	finding.Sort(fs)
	want := []string{"a.go:9 lockleak p", "a.go:10 closedchan p", "a.go:10 lockleak p", "b.go:3 wgdone p", "b.go:3 wgdone p [p.test]"}
	if len(fs) != len(want) {
		t.Fatalf("got %d findings, want %d: %v", len(fs), len(want), fs)
	}
	for i, f := range fs {
		if got := fmt.Sprintf("%s:%d %s %s", filepath.Base(f.Pos.Filename), f.Pos.Line, f.Analyzer, f.Package); got != want[i] {
			t.Errorf("finding %d: %s, want %s", i, got, want[i])
		}
	}
}

func TestRelPath(t *testing.T) {
	root := filepath.FromSlash("/src/proj")
	for _, tc := range []struct {
		file string
		want string
		ok   bool
	}{
		{"/src/proj/a/b.go", "a/b.go", true},
		{"/src/proj2/b.go", "/src/proj2/b.go", false},
		{"/elsewhere/c.go", "/elsewhere/c.go", false},
	} {
		got, ok := finding.RelPath(root, filepath.FromSlash(tc.file))
		if got != tc.want || ok != tc.ok {
			t.Errorf("RelPath(%s) = %s, %v; want %s, %v", tc.file, got, ok, tc.want, tc.ok)
		}
	}
}
