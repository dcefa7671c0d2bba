package main_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/golint-conc/golint-conc/analyzers"
)

// These tests build the real binary and run it the way users do: on
// package patterns, with -json, and as go vet's -vettool.

func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "golint-conc")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// run executes name with args in dir and returns its output and exit code.
func run(t *testing.T, dir, name string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("%s: %v", name, err)
	}
	return out.String(), errb.String(), code
}

// finding is one diagnostic: where it is and which analyzer made it.
type finding struct {
	file     string // relative to the fixture module
	line     int
	analyzer string
}

func (f finding) String() string { return fmt.Sprintf("%s:%d: %s", f.file, f.line, f.analyzer) }

var marker = regexp.MustCompile(`// e2e: (\w+)`)

// expectedFindings reads the "// e2e: NAME" markers in the module at dir.
func expectedFindings(t *testing.T, dir string) []finding {
	t.Helper()
	var want []finding
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		for i, line := range strings.Split(string(data), "\n") {
			if m := marker.FindStringSubmatch(line); m != nil {
				want = append(want, finding{filepath.ToSlash(rel), i + 1, m[1]})
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatal("fixture has no e2e markers")
	}
	return sortFindings(want)
}

// onByDefault keeps the findings of the analyzers that run by default:
// what a run without -all reports.
func onByDefault(fs []finding) []finding {
	on := make(map[string]bool)
	for _, a := range analyzers.All() {
		on[a.Name] = analyzers.Default(a)
	}
	var keep []finding
	for _, f := range fs {
		if on[f.analyzer] {
			keep = append(keep, f)
		}
	}
	return keep
}

func sortFindings(fs []finding) []finding {
	slices.SortFunc(fs, func(a, b finding) int { return strings.Compare(a.String(), b.String()) })
	return slices.Compact(fs)
}

// textFinding matches "path/file.go:LINE:COL: message"; the analyzer is
// recovered from the message through the analyzer documented in the
// marker, so the text output is checked by position only.
var textFinding = regexp.MustCompile(`(?m)^(\S+\.go):(\d+):\d+: (.+)$`)

func TestStandaloneText(t *testing.T) {
	bin := buildBinary(t)
	dir, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "e2e"))
	want := onByDefault(expectedFindings(t, dir))

	_, stderr, code := run(t, dir, bin, "./...")
	if code != 3 {
		t.Fatalf("exit code %d, want 3 (findings)\n%s", code, stderr)
	}
	var gotLines []string
	for _, m := range textFinding.FindAllStringSubmatch(stderr, -1) {
		rel, err := filepath.Rel(dir, m[1])
		if err != nil {
			t.Fatal(err)
		}
		gotLines = append(gotLines, fmt.Sprintf("%s:%s", filepath.ToSlash(rel), m[2]))
	}
	var wantLines []string
	for _, f := range want {
		wantLines = append(wantLines, fmt.Sprintf("%s:%d", f.file, f.line))
	}
	// Both sides sort as text, so that line 102 before line 29 is no surprise.
	slices.Sort(gotLines)
	slices.Sort(wantLines)
	if !slices.Equal(gotLines, wantLines) {
		t.Errorf("reported lines:\n%s\nwant:\n%s\nfull output:\n%s",
			strings.Join(gotLines, "\n"), strings.Join(wantLines, "\n"), stderr)
	}
}

func TestStandaloneCleanExitsZero(t *testing.T) {
	bin := buildBinary(t)
	dir := filepath.Join("..", "..", "testdata", "e2e")
	stdout, stderr, code := run(t, dir, bin, "./clean")
	if code != 0 || stdout != "" || stderr != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want 0 and no output", code, stdout, stderr)
	}
}

// jsonTree is the -json output: package → analyzer → diagnostics.
type jsonTree map[string]map[string]json.RawMessage

func jsonFindings(t *testing.T, dir, out string) []finding {
	t.Helper()
	var tree jsonTree
	if err := json.Unmarshal([]byte(out), &tree); err != nil {
		t.Fatalf("-json output is not JSON: %v\n%s", err, out)
	}
	var got []finding
	for _, byAnalyzer := range tree {
		for name, raw := range byAnalyzer {
			var diags []struct {
				Posn    string `json:"posn"`
				Message string `json:"message"`
			}
			if err := json.Unmarshal(raw, &diags); err != nil {
				t.Fatalf("analyzer %s: %s", name, raw)
			}
			for _, d := range diags {
				parts := strings.Split(d.Posn, ":")
				rel, _ := filepath.Rel(dir, parts[0])
				var line int
				fmt.Sscan(parts[1], &line)
				got = append(got, finding{filepath.ToSlash(rel), line, name})
			}
		}
	}
	return sortFindings(got)
}

func TestStandaloneJSON(t *testing.T) {
	bin := buildBinary(t)
	dir, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "e2e"))
	stdout, stderr, code := run(t, dir, bin, "-json", "-all", "./...")
	if code != 0 {
		t.Fatalf("exit code %d, want 0 with -json\n%s", code, stderr)
	}
	if got, want := jsonFindings(t, dir, stdout), expectedFindings(t, dir); !slices.Equal(got, want) {
		t.Errorf("-json findings:\n%v\nwant:\n%v", got, want)
	}
}

func TestEnableFlagSelectsAnalyzer(t *testing.T) {
	bin := buildBinary(t)
	dir, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "e2e"))
	stdout, _, _ := run(t, dir, bin, "-json", "-synccopy", "./...")
	for _, f := range jsonFindings(t, dir, stdout) {
		if f.analyzer != "synccopy" {
			t.Errorf("-synccopy ran another analyzer: %v", f)
		}
	}
	stdout, _, _ = run(t, dir, bin, "-json", "-synccopy=false", "./...")
	for _, f := range jsonFindings(t, dir, stdout) {
		if f.analyzer == "synccopy" {
			t.Errorf("-synccopy=false still ran synccopy: %v", f)
		}
	}
}

func TestVetTool(t *testing.T) {
	bin := buildBinary(t)
	dir, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "e2e"))
	all := expectedFindings(t, dir)
	offByDefault := slices.DeleteFunc(slices.Clone(all), func(f finding) bool { return slices.Contains(onByDefault(all), f) })
	if len(offByDefault) == 0 {
		t.Fatal("every e2e finding is of an analyzer on by default: nothing tests that go vet leaves the others out")
	}
	for _, tc := range []struct {
		name  string
		flags []string
		want  []finding
	}{
		{"default set", nil, onByDefault(all)},
		{"-all", []string{"-all"}, all},
		// An analyzer off by default runs when named.
		{"-" + offByDefault[0].analyzer, []string{"-" + offByDefault[0].analyzer}, onlyOf(all, offByDefault[0].analyzer)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append(append([]string{"vet", "-vettool=" + bin}, tc.flags...), "./...")
			_, stderr, code := run(t, dir, "go", args...)
			if code != 1 {
				t.Fatalf("go vet exit code %d, want 1\n%s", code, stderr)
			}
			var got []finding
			for _, m := range regexp.MustCompile(`(?m)^(?:\./)?(\S+\.go):(\d+):\d+: `).FindAllStringSubmatch(stderr, -1) {
				var line int
				fmt.Sscan(m[2], &line)
				got = append(got, finding{filepath.ToSlash(m[1]), line, ""})
			}
			var want []finding
			for _, f := range tc.want {
				want = append(want, finding{f.file, f.line, ""})
			}
			if got = sortFindings(got); !slices.Equal(got, sortFindings(want)) {
				t.Errorf("go vet -vettool findings:\n%v\nwant:\n%v\noutput:\n%s", got, want, stderr)
			}
		})
	}
}

func onlyOf(fs []finding, analyzer string) []finding {
	return slices.DeleteFunc(slices.Clone(fs), func(f finding) bool { return f.analyzer != analyzer })
}

func TestHelpPrintsAnalyzerDoc(t *testing.T) {
	bin := buildBinary(t)
	stdout, _, code := run(t, ".", bin, "help", "waitgroupadd")
	if code != 0 || !strings.Contains(stdout, "waitgroupadd: ") || !strings.Contains(stdout, "Go versions") {
		t.Errorf("help waitgroupadd: exit %d, output:\n%s", code, stdout)
	}
}

func TestTypeErrorsAreReportedNotPanicked(t *testing.T) {
	bin := buildBinary(t)
	dir := filepath.Join("..", "..", "testdata", "broken")
	_, stderr, code := run(t, dir, bin, "./...")
	if code != 1 {
		t.Errorf("exit code %d, want 1 for a package with type errors", code)
	}
	if !strings.Contains(stderr, "undefined: undefinedWorker") || strings.Contains(stderr, "panic") {
		t.Errorf("want a clear type error and no panic, got:\n%s", stderr)
	}
}
