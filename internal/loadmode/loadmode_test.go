package loadmode

import (
	"reflect"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

type fact struct{}

func (*fact) AFact() {}

func TestForFollowsRequires(t *testing.T) {
	run := func(*analysis.Pass) (any, error) { return nil, nil }
	withFacts := &analysis.Analyzer{Name: "withfacts", Run: run, FactTypes: []analysis.Fact{new(fact)}}
	plain := &analysis.Analyzer{Name: "plain", Run: run}
	needsFacts := &analysis.Analyzer{Name: "needsfacts", Run: run, Requires: []*analysis.Analyzer{plain, withFacts}}

	if got := For([]*analysis.Analyzer{plain}); got != packages.LoadSyntax|packages.NeedModule {
		t.Errorf("For(plain) = %v, want LoadSyntax|NeedModule", got)
	}
	if got := For([]*analysis.Analyzer{plain, needsFacts}); got != Metadata {
		t.Errorf("For(plain, needsfacts) = %v, want Metadata", got)
	}

	var order []string
	Walk([]*analysis.Analyzer{needsFacts, plain}, func(a *analysis.Analyzer) bool {
		order = append(order, a.Name)
		return true
	})
	if want := []string{"needsfacts", "plain", "withfacts"}; !reflect.DeepEqual(order, want) {
		t.Errorf("Walk visited %v, want each once: %v", order, want)
	}
}
