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
		got, err := c.Apply(testAnalyzers(), nil)
		if err != nil {
			t.Fatalf("%q: %v", tc.yaml, err)
		}
		if !slices.Equal(selectedNames(got), tc.want) {
			t.Errorf("%q selected %v, want %v", tc.yaml, selectedNames(got), tc.want)
		}
	}
}

// TestApplyDefaultSet checks the keywords and the default set: sleepsync
// is off by default here, as an analyzer below the precision bar is.
func TestApplyDefaultSet(t *testing.T) {
	notSleepsync := func(a *analysis.Analyzer) bool { return a.Name != "sleepsync" }
	for _, tc := range []struct {
		yaml string
		want []string
	}{
		{"", []string{"chanleak", "tickerleak"}},
		{"disable: [chanleak]", []string{"tickerleak"}},
		{"enable: [all]", []string{"chanleak", "tickerleak", "sleepsync"}},
		{"enable: [all]\ndisable: [tickerleak]", []string{"chanleak", "sleepsync"}},
		{"enable: [default, sleepsync]", []string{"chanleak", "tickerleak", "sleepsync"}},
		{"enable: [default]", []string{"chanleak", "tickerleak"}},
		{"enable: [sleepsync]", []string{"sleepsync"}},
	} {
		c, err := Decode("test", []byte(tc.yaml))
		if err != nil {
			t.Fatalf("%q: %v", tc.yaml, err)
		}
		got, err := c.Apply(testAnalyzers(), notSleepsync)
		if err != nil {
			t.Fatalf("%q: %v", tc.yaml, err)
		}
		if !slices.Equal(selectedNames(got), tc.want) {
			t.Errorf("%q selected %v, want %v", tc.yaml, selectedNames(got), tc.want)
		}
	}
	var none *Config
	if got, _ := none.Apply(testAnalyzers(), notSleepsync); !slices.Equal(selectedNames(got), []string{"chanleak", "tickerleak"}) {
		t.Errorf("without a file: %v, want the default set", selectedNames(got))
	}
}

// TestChooseEverything checks -all: every analyzer, whatever the file
// enables or disables.
func TestChooseEverything(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ".golint-conc.yml")
	if err := os.WriteFile(path, []byte("enable: [chanleak]\nexclude:\n  all: [\"gen.go\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	notSleepsync := func(a *analysis.Analyzer) bool { return a.Name != "sleepsync" }
	got, err := Choose(path, testAnalyzers(), notSleepsync, true)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"chanleak", "tickerleak", "sleepsync"}; !slices.Equal(selectedNames(got), want) {
		t.Errorf("-all selected %v, want %v", selectedNames(got), want)
	}
	if got, _ := Choose("", testAnalyzers(), notSleepsync, false); !slices.Equal(selectedNames(got), []string{"chanleak", "tickerleak"}) {
		t.Errorf("no file, no -all: %v, want the default set", selectedNames(got))
	}
}

func TestApplySetsFlags(t *testing.T) {
	c, err := Decode("test", []byte("settings:\n  tickerleak:\n    max: 7\n    tests: false\n"))
	if err != nil {
		t.Fatal(err)
	}
	as := testAnalyzers()
	if _, err := c.Apply(as, nil); err != nil {
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
		{"enable: [chanleak, everything]", `unknown analyzer "everything" (known: all, default, chanleak`},
		{"settings:\n  chanleak: {max: 1}", `chanleak has no option "max" (it has no options)`},
		{"settings:\n  tickerleak: {maxx: 1}", `tickerleak has no option "maxx" (its options: max, tests)`},
		{"settings:\n  tickerleak: {max: many}", `tickerleak.max: parse error`},
		{"settings:\n  tickerlaek: {max: 1}", `settings for unknown analyzer "tickerlaek"`},
		{"enable: [", "did not find expected node content"},
	} {
		c, err := Decode("test", []byte(tc.yaml))
		if err == nil {
			_, err = c.Apply(testAnalyzers(), nil)
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
	if _, err := c.Apply(testAnalyzers(), nil); err == nil {
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
	if _, err := c.Apply(testAnalyzers(), nil); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v does not name the file %s", err, want)
	}
}

func TestNilConfigSelectsAll(t *testing.T) {
	var c *Config
	got, err := c.Apply(testAnalyzers(), nil)
	if err != nil || len(got) != 3 {
		t.Errorf("nil config: %v, %v", selectedNames(got), err)
	}
}

func TestExcludedPaths(t *testing.T) {
	dir := filepath.FromSlash("/repo")
	for _, tc := range []struct {
		file    string
		pattern string
		want    bool
	}{
		{"/repo/jobs/jobs_test.go", "*_test.go", true},
		{"/repo/jobs/jobs.go", "*_test.go", false},
		{"/repo/api/v1/api.pb.go", "**/*.pb.go", true},
		{"/repo/api.pb.go", "**/*.pb.go", true}, // ** matches no directory too
		{"/repo/internal/legacy/a/b.go", "internal/legacy/**", true},
		{"/repo/internal/legacyx/b.go", "internal/legacy/**", false},
		{"/repo/internal/legacy/b.go", "internal/*/b.go", true},
		{"/repo/jobs/jobs.go", "jobs", false}, // a directory name alone matches no file
		{"/elsewhere/jobs/jobs_test.go", "*_test.go", false},
	} {
		if got := excluded(dir, filepath.FromSlash(tc.file), []string{tc.pattern}); got != tc.want {
			t.Errorf("excluded(%s, %q) = %v, want %v", tc.file, tc.pattern, got, tc.want)
		}
	}
}

func TestExcludeValidation(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"exclude: {all: [\"[\"]}", "bad pattern"},
		{"exclude: {all: [\"/abs/*.go\"]}", "relative path"},
		{"exclude: {sleepsnyc: [\"*.go\"]}", `exclude for unknown analyzer "sleepsnyc"`},
	} {
		c, err := Decode("test", []byte(tc.yaml))
		if err == nil {
			_, err = c.Apply(testAnalyzers(), nil)
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one containing %q", tc.yaml, err, tc.want)
		}
	}
	// Only the analyzers named (or all) are wrapped.
	c, err := Decode("test", []byte("exclude: {sleepsync: [\"*_test.go\"]}"))
	if err != nil {
		t.Fatal(err)
	}
	as := testAnalyzers()
	got, err := c.Apply(as, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got[0] != as[0] || got[2] == as[2] || got[2].Name != "sleepsync" {
		t.Errorf("exclude wrapped the wrong analyzers")
	}
}
