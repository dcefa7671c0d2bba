package tickerleak_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/golint-conc/golint-conc/analyzers/tickerleak"
)

// go122 and go123 hold the same code at go1.22 and go1.23 (set by their
// //go:build lines): before Go 1.23 unstopped tickers and timers are
// reported, from Go 1.23 only goroutines a ticker drives for ever.
func TestBeforeGo123(t *testing.T) {
	results := analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), tickerleak.Analyzer, "go122")
	checkRawFixes(t, results)
	analysistest.Run(t, analysistest.TestData(), tickerleak.Analyzer, "seedmain", "flushd")
}

func TestGo123(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), tickerleak.Analyzer, "go123")
}

// TestSameCode checks that the two version fixtures differ only in their
// build line, package name and want comments.
func TestSameCode(t *testing.T) {
	dir := filepath.Join(analysistest.TestData(), "src")
	strip := regexp.MustCompile("(?m)^//go:build .*\n|^package \\w+\n| // want .*")
	files, err := filepath.Glob(filepath.Join(dir, "go122", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, old := range files {
		post := filepath.Join(dir, "go123", filepath.Base(old))
		a, err := os.ReadFile(old)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(post)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(strip.ReplaceAll(a, nil), strip.ReplaceAll(b, nil)) {
			t.Errorf("%s and %s differ in code", old, post)
		}
	}
}

// checkRawFixes applies the fixes to the fixtures without reformatting and
// compares the result with the golden files byte for byte:
// RunWithSuggestedFixes formats both sides, so it would not notice a
// defer inserted with the wrong indentation.
func checkRawFixes(t *testing.T, results []*analysistest.Result) {
	type edit struct {
		offset int
		text   []byte
	}
	edits := make(map[string][]edit)
	seen := make(map[string]bool) // the package and its test variant share files
	for _, r := range results {
		for _, d := range r.Diagnostics {
			for _, fix := range d.SuggestedFixes {
				for _, e := range fix.TextEdits {
					pos := r.Pass.Fset.Position(e.Pos)
					if key := fmt.Sprint(pos, string(e.NewText)); !seen[key] {
						seen[key] = true
						edits[pos.Filename] = append(edits[pos.Filename], edit{pos.Offset, e.NewText})
					}
				}
			}
		}
	}
	if len(edits) == 0 {
		t.Fatal("no suggested fixes")
	}
	for name, es := range edits {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		slices.SortFunc(es, func(a, b edit) int { return b.offset - a.offset })
		for _, e := range es { // last first, so earlier offsets stay valid
			src = slices.Concat(src[:e.offset], e.text, src[e.offset:])
		}
		want, err := os.ReadFile(name + ".golden")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(src, want) {
			t.Errorf("%s: fixes applied without formatting differ from the golden file", filepath.Base(name))
		}
	}
}
