package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// testAnalyzers returns fresh analyzers, one of them with options, so that
// tests never share flag state.
func testAnalyzers() []*analysis.Analyzer {
	run := func(*analysis.Pass) (any, error) { return nil, nil }
	withOpts := &analysis.Analyzer{Name: "tickerleak", Doc: "tickers", Run: run}
	withOpts.Flags.Int("max", 3, "a number")
	withOpts.Flags.Bool("tests", true, "a switch")
	return []*analysis.Analyzer{
		{Name: "chanleak", Doc: "leaks", Run: run},
		withOpts,
		{Name: "sleepsync", Doc: "sleeps", Run: run},
	}
}

func selectedNames(as []*analysis.Analyzer) []string {
	var ns []string
	for _, a := range as {
		ns = append(ns, a.Name)
	}
	return ns
}

func TestApplySelects(t *testing.T) {
	for _, tc := range []struct {
		yaml string
		want []string
	}{
		{"", []string{"chanleak", "tickerleak", "sleepsync"}},
		{"disable: [sleepsync]", []string{"chanleak", "tickerleak"}},
		{"enable: [sleepsync, chanleak]", []string{"chanleak", "sleepsync"}},
		{`{"disable": ["chanleak"]}`, []string{"tickerleak", "sleepsync"}}, // JSON, as the plugin passes it
	} {
		c, err := Decode("test", []byte(tc.yaml))
		if err != nil {
			t.Fatalf("%q: %v", tc.yaml, err)
		}
		got, err := c.Apply(testAnalyzers())
		if err != nil {
			t.Fatalf("%q: %v", tc.yaml, err)
		}
		if !slices.Equal(selectedNames(got), tc.want) {
			t.Errorf("%q selected %v, want %v", tc.yaml, selectedNames(got), tc.want)
		}
	}
}

func TestApplySetsFlags(t *testing.T) {
	c, err := Decode("test", []byte("settings:\n  tickerleak:\n    max: 7\n    tests: false\n"))
	if err != nil {
		t.Fatal(err)
	}
	as := testAnalyzers()
	if _, err := c.Apply(as); err != nil {
		t.Fatal(err)
	}
	if got := as[1].Flags.Lookup("max").Value.String(); got != "7" {
		t.Errorf("max = %s, want 7", got)
	}
	if got := as[1].Flags.Lookup("tests").Value.String(); got != "false" {
		t.Errorf("tests = %s, want false", got)
	}
}

func TestErrorsNameTheProblem(t *testing.T) {
	for _, tc := range []struct {
		yaml, want string
	}{
		{"disbale: [sleepsync]", `field disbale not found`},
		{"disable: [sleepsnyc]", `unknown analyzer "sleepsnyc"`},
		{"enable: [chanleak]\ndisable: [sleepsync]", "not both"},
		{"settings:\n  chanleak: {max: 1}", `chanleak has no option "max" (it has no options)`},
		{"settings:\n  tickerleak: {maxx: 1}", `tickerleak has no option "maxx" (its options: max, tests)`},
		{"settings:\n  tickerleak: {max: many}", `tickerleak.max: parse error`},
		{"settings:\n  tickerlaek: {max: 1}", `settings for unknown analyzer "tickerlaek"`},
		{"enable: [", "did not find expected node content"},
	} {
		c, err := Decode("test", []byte(tc.yaml))
		if err == nil {
			_, err = c.Apply(testAnalyzers())
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one containing %q", tc.yaml, err, tc.want)
		}
	}
}

func TestDisablingEverythingIsAnError(t *testing.T) {
	c, err := Decode("test", []byte("disable: [chanleak, tickerleak, sleepsync]"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Apply(testAnalyzers()); err == nil {
		t.Error("no error when every analyzer is disabled")
	}
}

func TestFindWalksUp(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b", "c")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(root, "a", ".golint-conc.yml")
	if err := os.WriteFile(want, []byte("disable: [sleepsync]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Find(deep)
	if err != nil || got != want {
		t.Fatalf("Find = %q, %v; want %q", got, err, want)
	}
	c, err := Load(got)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Disable, []string{"sleepsync"}) {
		t.Errorf("loaded %+v", c)
	}
	// Errors from a file name it.
	if err := os.WriteFile(want, []byte("disable: [nosuch]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err = Load(want)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Apply(testAnalyzers()); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v does not name the file %s", err, want)
	}
}

func TestNilConfigSelectsAll(t *testing.T) {
	var c *Config
	got, err := c.Apply(testAnalyzers())
	if err != nil || len(got) != 3 {
		t.Errorf("nil config: %v, %v", selectedNames(got), err)
	}
}
