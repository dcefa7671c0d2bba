package ctxdone_test

import (
	"bytes"
	"os"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/golint-conc/golint-conc/analyzers/ctxdone"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ctxdone.Analyzer, "pipeline", "servers", "workers", "drain", "process", "process2", "watcher", "hooks", "signals", "firsterr")
}

func TestFixes(t *testing.T) {
	results := analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), ctxdone.Analyzer, "fixes")
	checkRawFixes(t, results)
}

// checkRawFixes applies the fixes without reformatting and compares the
// result with the golden files byte for byte: RunWithSuggestedFixes
// formats both sides, so it cannot see a case inserted with the wrong
// indentation.
func checkRawFixes(t *testing.T, results []*analysistest.Result) {
	type edit struct {
		offset int
		text   []byte
	}
	edits := make(map[string][]edit)
	for _, r := range results {
		for _, d := range r.Diagnostics {
			for _, fix := range d.SuggestedFixes {
				for _, e := range fix.TextEdits {
					pos := r.Pass.Fset.Position(e.Pos)
					edits[pos.Filename] = append(edits[pos.Filename], edit{pos.Offset, e.NewText})
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
			t.Errorf("%s: raw fixes differ from the golden file:\n%s", name, src)
		}
	}
}
