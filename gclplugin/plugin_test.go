package gclplugin

import (
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/golint-conc/golint-conc/analyzers"
)

// build runs the plugin the way golangci-lint does: New with the raw
// settings, then BuildAnalyzers.
func build(t *testing.T, conf any) ([]string, error) {
	t.Helper()
	p, err := New(conf)
	if err != nil {
		return nil, err
	}
	as, err := p.BuildAnalyzers()
	return analyzerNames(as), err
}

func analyzerNames(as []*analysis.Analyzer) []string {
	var names []string
	for _, a := range as {
		names = append(names, a.Name)
	}
	return names
}

func TestRegistered(t *testing.T) {
	ctor, err := register.GetPlugin("golint-conc")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ctor(nil); err != nil {
		t.Fatal(err)
	}
}

func TestDefaultsRunTheDefaultSet(t *testing.T) {
	all := defaultNames()
	// nil: no settings key; empty map: "settings: {}".
	for _, conf := range []any{nil, map[string]any{}} {
		got, err := build(t, conf)
		if err != nil {
			t.Fatalf("%#v: %v", conf, err)
		}
		if !slices.Equal(got, all) {
			t.Errorf("%#v selected %v, want the default set %v", conf, got, all)
		}
	}
}

func TestDisableRemoves(t *testing.T) {
	// golangci-lint hands lists over as []any.
	got, err := build(t, map[string]any{"disable": []any{"sleepsync", "busyloop"}})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(got, "sleepsync") || slices.Contains(got, "busyloop") {
		t.Errorf("disabled analyzers still selected: %v", got)
	}
	want := len(defaultNames())
	for _, name := range []string{"sleepsync", "busyloop"} {
		if slices.Contains(defaultNames(), name) {
			want--
		}
	}
	if len(got) != want {
		t.Errorf("got %d analyzers %v, want %d", len(got), got, want)
	}
}

func TestEnableSelects(t *testing.T) {
	got, err := build(t, map[string]any{"enable": []any{"wgdone", "chanleak"}})
	if err != nil {
		t.Fatal(err)
	}
	// The order is that of analyzers.All, not of the list.
	if want := []string{"chanleak", "wgdone"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestErrorsNameTheProblem(t *testing.T) {
	for _, tc := range []struct {
		name string
		conf any
		want []string // substrings of the error
	}{
		{"misspelt key", map[string]any{"disbale": []any{"sleepsync"}}, []string{`unknown key "disbale" in settings`, "enable, disable, settings, exclude"}},
		{"unknown analyzer", map[string]any{"disable": []any{"sleeepsync"}}, []string{"sleeepsync"}},
		{"unknown analyzer in enable", map[string]any{"enable": []any{"nosuch"}}, []string{"nosuch"}},
		{"settings for unknown analyzer", map[string]any{"settings": map[string]any{"nosuch": map[string]any{"x": 1}}}, []string{"nosuch"}},
		{"unknown option", map[string]any{"settings": map[string]any{"wgdone": map[string]any{"depth": 3}}}, []string{"wgdone", "depth"}},
		{"disabling the only enabled", map[string]any{"enable": []any{"wgdone"}, "disable": []any{"wgdone"}}, []string{"every analyzer"}},
		{"wrong type", map[string]any{"disable": "sleepsync"}, []string{"sleepsync", "[]string"}},
		{"not a mapping", []any{"sleepsync"}, []string{"settings must be a mapping", "sleepsync"}},
		{"every analyzer disabled", map[string]any{"disable": allNames()}, []string{"every analyzer"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := build(t, tc.conf)
			if err == nil {
				t.Fatalf("no error; selected %v", got)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func defaultNames() []string {
	var names []string
	for _, a := range analyzers.All() {
		if analyzers.Default(a) {
			names = append(names, a.Name)
		}
	}
	return names
}

func TestEnableAll(t *testing.T) {
	got, err := build(t, map[string]any{"enable": []any{"all"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := analyzerNames(analyzers.All()); !slices.Equal(got, want) {
		t.Errorf("enable: [all] selected %v, want %v", got, want)
	}
}

func allNames() []any {
	var names []any
	for _, a := range analyzers.All() {
		names = append(names, a.Name)
	}
	return names
}

func TestLoadModeIsTypesInfo(t *testing.T) {
	p, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
	}
}
