package busyloop_test

import (
	"bytes"
	"os"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/golint-conc/golint-conc/analyzers/busyloop"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), busyloop.Analyzer, "pollers", "eventloop", "workers")
}

func TestFixes(t *testing.T) {
	results := analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), busyloop.Analyzer, "fixes")
	checkRawFixes(t, results)
}

// checkRawFixes applies the fixes without reformatting and compares the
// result with the golden files byte for byte: RunWithSuggestedFixes
// formats both sides, so it cannot see a deleted clause that leaves a
// blank line or a stray comment behind.
func checkRawFixes(t *testing.T, results []*analysistest.Result) {
	type edit struct{ start, end int }
	edits := make(map[string][]edit)
	for _, r := range results {
		for _, d := range r.Diagnostics {
			for _, fix := range d.SuggestedFixes {
				for _, e := range fix.TextEdits {
					if len(e.NewText) != 0 {
						t.Errorf("unexpected insertion %q", e.NewText)
					}
					start, end := r.Pass.Fset.Position(e.Pos), r.Pass.Fset.Position(e.End)
					edits[start.Filename] = append(edits[start.Filename], edit{start.Offset, end.Offset})
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
		slices.SortFunc(es, func(a, b edit) int { return b.start - a.start })
		for _, e := range es { // last first, so earlier offsets stay valid
			src = slices.Delete(src, e.start, e.end)
		}
		want, err := os.ReadFile(name + ".golden")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(src, want) {
			t.Errorf("%s: raw fixes differ from the golden file:\n%s", name, src)
		}
	}
}
