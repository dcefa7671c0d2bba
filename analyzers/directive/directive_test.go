package directive_test

import (
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/golint-conc/golint-conc/analyzers"
	"github.com/golint-conc/golint-conc/analyzers/directive"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), directive.Analyzer, "server", "gen")
}

// TestAnalyzerNamesMatchAll keeps the directive's list of known names in
// step with the analyzers golint-conc really runs: a name missing from
// the list would make valid directives look misspelt.
func TestAnalyzerNamesMatchAll(t *testing.T) {
	want := []string{directive.Analyzer.Name}
	for _, a := range analyzers.All() {
		if a.Name != directive.Analyzer.Name {
			want = append(want, a.Name)
		}
	}
	slices.Sort(want)
	got := slices.Sorted(slices.Values(directive.AnalyzerNames()))
	if !slices.Equal(got, want) {
		t.Errorf("directive knows analyzers %q, analyzers.All() has %q", got, want)
	}
}
