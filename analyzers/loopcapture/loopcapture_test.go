package loopcapture_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/golint-conc/golint-conc/analyzers/loopcapture"
)

// pre122 and post122 hold the same code, at go1.21 and go1.22 (set by
// their //go:build lines): loop variables are reported only in the
// first, the shapes shared in every version in both.
func TestBeforeGo122(t *testing.T) {
	results := analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), loopcapture.Analyzer, "pre122")
	checkRawFixes(t, results)
}

func TestGo122(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), loopcapture.Analyzer, "post122")
}

// checkRawFixes applies the fixes without reformatting and compares the
// result with the golden files byte for byte: RunWithSuggestedFixes
// formats both sides, so it cannot see a copy inserted with the wrong
// indentation.
func checkRawFixes(t *testing.T, results []*analysistest.Result) {
	edits := make(map[string][]analysis.TextEdit)
	var offset func(analysis.TextEdit) int
	for _, r := range results {
		fset := r.Pass.Fset
		offset = func(e analysis.TextEdit) int { return fset.Position(e.Pos).Offset }
		for _, d := range r.Diagnostics {
			for _, fix := range d.SuggestedFixes {
				for _, e := range fix.TextEdits {
					name := fset.File(e.Pos).Name()
					edits[name] = append(edits[name], e)
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
		slices.SortFunc(es, func(a, b analysis.TextEdit) int { return offset(b) - offset(a) })
		for _, e := range es { // last first, so earlier offsets stay valid
			at := offset(e)
			src = slices.Concat(src[:at], e.NewText, src[at:])
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

// TestSameCode checks that the two version fixtures differ only in their
// build line, package name and want comments.
func TestSameCode(t *testing.T) {
	dir := filepath.Join(analysistest.TestData(), "src")
	strip := regexp.MustCompile(`(?m)^//go:build .*\n|^package \w+\n| // want .*`)
	files, err := filepath.Glob(filepath.Join(dir, "pre122", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, pre := range files {
		post := filepath.Join(dir, "post122", filepath.Base(pre))
		a, err := os.ReadFile(pre)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(post)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(strip.ReplaceAll(a, nil), strip.ReplaceAll(b, nil)) {
			t.Errorf("%s and %s differ in code", pre, post)
		}
	}
}
