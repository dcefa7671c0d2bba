package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golint-conc/golint-conc/internal/testmod"
)

// copyTree copies the directory tree at src to a new temporary directory
// and returns it, so that a test may edit or fix the copy.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestVetToolFix applies a suggested fix through go vet -fix: first as a
// diff, then in place, after which the package builds and is clean.
func TestVetToolFix(t *testing.T) {
	bin := buildBinary(t)
	dir := copyTree(t, filepath.Join("..", "..", "testdata", "e2e"))
	vettool := "-vettool=" + bin

	stdout, stderr, code := run(t, dir, "go", "vet", vettool, "-waitgroupadd", "-fix", "-diff", "./jobs")
	if code != 1 || !strings.Contains(stdout, "+\t\twg.Add(1)") || !strings.Contains(stdout, "-\t\t\twg.Add(1)") {
		t.Fatalf("go vet -fix -diff: exit %d, want 1 and a diff moving wg.Add\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}

	if _, stderr, code := run(t, dir, "go", "vet", vettool, "-waitgroupadd", "-fix", "./jobs"); code != 0 {
		t.Fatalf("go vet -fix: exit %d\n%s", code, stderr)
	}
	fixed, err := os.ReadFile(filepath.Join(dir, "jobs", "jobs.go"))
	if err != nil {
		t.Fatal(err)
	}
	addAt := strings.Index(string(fixed), "wg.Add(1)")
	goAt := strings.Index(string(fixed), "go func() {")
	if addAt < 0 || goAt < 0 || addAt > goAt {
		t.Errorf("after go vet -fix, wg.Add(1) is not before the go statement:\n%s", fixed)
	}
	if _, stderr, code := run(t, dir, "go", "build", "./jobs"); code != 0 {
		t.Errorf("fixed package does not build:\n%s", stderr)
	}
	if _, stderr, code := run(t, dir, "go", "vet", vettool, "-waitgroupadd", "./jobs"); code != 0 {
		t.Errorf("fixed package still reported: exit %d\n%s", code, stderr)
	}
}

// TestVetToolConfig checks that go vet honours .golint-conc.yml, and that
// editing it invalidates go vet's cached results: the file is part of the
// tool's ID.
func TestVetToolConfig(t *testing.T) {
	bin := buildBinary(t)
	dir := copyTree(t, filepath.Join("..", "..", "testdata", "e2e"))
	configFile := filepath.Join(dir, ".golint-conc.yml")
	const sleepMsg = "time.Sleep used to wait"
	vet := func() (string, int) {
		_, stderr, code := run(t, dir, "go", "vet", "-vettool="+bin, "./...")
		return stderr, code
	}

	write := func(content string) {
		if err := os.WriteFile(configFile, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("disable: [sleepsync]\n")
	out, code := vet()
	if code != 1 || strings.Contains(out, sleepMsg) || !strings.Contains(out, "wg.Add") {
		t.Fatalf("with sleepsync disabled: exit %d\n%s", code, out)
	}

	write("enable: [sleepsync]\n")
	out, code = vet()
	if code != 1 || !strings.Contains(out, sleepMsg) || strings.Contains(out, "wg.Add") {
		t.Fatalf("with only sleepsync enabled (cached results must not be reused): exit %d\n%s", code, out)
	}

	// Excluded files are left out of the report, for all analyzers or one.
	write("exclude:\n  all: [\"suppressed/**\"]\n  sleepsync: [\"jobs/*.go\"]\n")
	out, code = vet()
	if code != 1 || strings.Contains(out, "suppressed.go") || strings.Contains(out, "jobs.go:52") || !strings.Contains(out, "jobs.go:32") {
		t.Fatalf("with exclusions: exit %d, want suppressed/ and jobs' sleepsync finding gone, jobs' waitgroupadd kept\n%s", code, out)
	}

	write("disable: [sleepsnyc]\n")
	out, code = vet()
	if code == 0 || !strings.Contains(out, `unknown analyzer "sleepsnyc"`) || !strings.Contains(out, ".golint-conc.yml") {
		t.Fatalf("misspelt analyzer: exit %d, want an error naming it and the file\n%s", code, out)
	}
}

// TestBuildTagsAndCache checks that a file behind a build tag is analyzed
// only when the tag is set, under go vet and standalone, and that go vet
// replays a cached result with the same findings.
func TestBuildTagsAndCache(t *testing.T) {
	bin := buildBinary(t)
	dir := testmod.Write(t, map[string]string{
		"go.mod": "module example.com/tagged\n\ngo 1.24\n",
		"warm.go": `package tagged

func fill(key string) { _ = key }
`,
		"warm_integration.go": `//go:build integration

package tagged

import "time"

func Warm(keys []string) {
	for _, k := range keys {
		go fill(k)
	}
	time.Sleep(50 * time.Millisecond)
}
`,
	})
	const finding = "warm_integration.go:11:2: time.Sleep used to wait"
	// sleepsync by name: the test is about tags and the cache, not about
	// whether sleepsync is on by default.

	if _, stderr, code := run(t, dir, "go", "vet", "-vettool="+bin, "-sleepsync", "./..."); code != 0 {
		t.Errorf("without the tag: exit %d\n%s", code, stderr)
	}
	var outputs []string
	for range 2 { // the second run is served from go vet's cache
		_, stderr, code := run(t, dir, "go", "vet", "-tags=integration", "-vettool="+bin, "-sleepsync", "./...")
		if code != 1 || !strings.Contains(stderr, finding) {
			t.Fatalf("go vet -tags=integration: exit %d\n%s", code, stderr)
		}
		outputs = append(outputs, stderr)
	}
	if outputs[0] != outputs[1] {
		t.Errorf("cached go vet run differs:\n%s\nfirst run:\n%s", outputs[1], outputs[0])
	}

	if _, stderr, code := run(t, dir, bin, "-sleepsync", "./..."); code != 0 {
		t.Errorf("standalone without the tag: exit %d\n%s", code, stderr)
	}
	if _, stderr, code := run(t, dir, bin, "-sleepsync", "-tags=integration", "./..."); code != 3 || !strings.Contains(stderr, finding) {
		t.Errorf("standalone -tags=integration: exit %d\n%s", code, stderr)
	}
}
