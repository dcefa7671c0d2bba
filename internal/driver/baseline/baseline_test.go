package baseline_test

import (
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golint-conc/golint-conc/internal/driver/baseline"
	"github.com/golint-conc/golint-conc/internal/driver/finding"
)

func at(file string, line int, analyzer, message string) finding.Finding {
	return finding.Finding{Analyzer: analyzer, Pos: token.Position{Filename: file, Line: line, Column: 2}, Message: message}
}

func TestRoundTrip(t *testing.T) {
	root := t.TempDir()
	server := filepath.Join(root, "server", "server.go")
	jobs := filepath.Join(root, "jobs", "jobs.go")
	old := []finding.Finding{
		at(server, 29, "lockleak", "return at line 29 leaves r.mu locked (locked at line 27, unlocked on other paths)"),
		at(jobs, 52, "sleepsync", "time.Sleep used to wait for the goroutine started at line 50"),
		at(jobs, 60, "loopcapture", "goroutine captures current"),
		at(jobs, 70, "loopcapture", "goroutine captures current"),
	}
	path := filepath.Join(root, "baseline.json")
	if err := baseline.Write(path, root, old); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	for _, want := range []string{`"file": "server/server.go"`, `line N leaves r.mu locked (locked at line N,`, `"count": 2`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("baseline lacks %s:\n%s", want, data)
		}
	}
	if strings.Contains(string(data), "29") || strings.Contains(string(data), root) {
		t.Errorf("baseline holds line numbers or absolute paths:\n%s", data)
	}

	b, err := baseline.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	// Code was inserted above every finding: lines (and the lines the
	// messages mention) moved. One loopcapture more appeared, and a new
	// finding of another analyzer in the same file.
	now := []finding.Finding{
		at(server, 35, "lockleak", "return at line 35 leaves r.mu locked (locked at line 33, unlocked on other paths)"),
		at(jobs, 58, "sleepsync", "time.Sleep used to wait for the goroutine started at line 56"),
		at(jobs, 66, "loopcapture", "goroutine captures current"),
		at(jobs, 76, "loopcapture", "goroutine captures current"),
		at(jobs, 90, "loopcapture", "goroutine captures current"),
		at(server, 40, "wgdone", "goroutine returns at line 41 without calling wg.Done"),
	}
	got := b.Filter(root, now)
	if len(got) != 2 || got[0].Pos.Line != 90 || got[1].Analyzer != "wgdone" {
		t.Errorf("new findings: %v", got)
	}

	// Writing the baseline again after the move changes nothing.
	again := baseline.New(root, now[:4]).Marshal()
	if string(again) != string(data) {
		t.Errorf("baseline changed although only lines moved:\n%s\nwas:\n%s", again, data)
	}
}

func TestBadBaselines(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"not json":       "line 1: lockleak",
		"other json":     `{"issues": []}`,
		"wrong version":  `{"version": 2, "findings": []}`,
		"missing count":  `{"version": 1, "findings": [{"analyzer": "a", "file": "x.go", "message": "m"}]}`,
		"trailing value": `{"version": 1, "findings": []} {}`,
	} {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "_"))
		os.WriteFile(path, []byte(content), 0o666)
		if _, err := baseline.Read(path); err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: error %v, want one naming the file", name, err)
		}
	}
	if _, err := baseline.Read(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("a missing baseline must be an error")
	}
	if b, err := baseline.Decode([]byte(`{"version": 1, "findings": []}`)); err != nil || len(b.Findings) != 0 {
		t.Errorf("empty baseline: %v, %v", b, err)
	}
}
