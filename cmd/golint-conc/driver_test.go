package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// These tests run the binary's own driver (not go vet) in its output
// formats, with a baseline, a configuration file and -fix. One binary is
// built and shared, since every run over testdata/e2e takes seconds.

func TestDriverFormatsAndBaseline(t *testing.T) {
	bin := buildBinary(t)
	dir, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "e2e"))
	want := expectedFindings(t, dir)

	t.Run("sarif", func(t *testing.T) {
		stdout, stderr, code := run(t, dir, bin, "-format=sarif", "-all", "./...")
		if code != 0 {
			t.Fatalf("exit %d, want 0\n%s", code, stderr)
		}
		if got := sarifFindings(t, stdout); !slices.Equal(got, want) {
			t.Errorf("SARIF findings:\n%v\nwant:\n%v", got, want)
		}
	})

	t.Run("github", func(t *testing.T) {
		stdout, stderr, code := run(t, dir, bin, "-format=github", "-all", "./...")
		if code != 3 {
			t.Fatalf("exit %d, want 3\n%s", code, stderr)
		}
		annotation := regexp.MustCompile(`^::warning file=([^,]+),line=(\d+),col=\d+(?:,endLine=\d+,endColumn=\d+)?,title=golint-conc \((\w+)\)::\S`)
		var got []finding
		for _, line := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
			m := annotation.FindStringSubmatch(line)
			if m == nil {
				t.Errorf("not an annotation: %q", line)
				continue
			}
			n, _ := strconv.Atoi(m[2])
			got = append(got, finding{fromRepoRoot(t, m[1]), n, m[3]})
		}
		if got = sortFindings(got); !slices.Equal(got, want) {
			t.Errorf("annotations:\n%v\nwant:\n%v", got, want)
		}
	})

	t.Run("baseline", func(t *testing.T) {
		baseline := filepath.Join(t.TempDir(), "golint-conc-baseline.json")
		_, stderr, code := run(t, dir, bin, "-write-baseline", baseline, "./...")
		if code != 0 {
			t.Fatalf("-write-baseline: exit %d\n%s", code, stderr)
		}
		data, err := os.ReadFile(baseline)
		if err != nil || !strings.Contains(string(data), `"file": "testdata/e2e/jobs/jobs.go"`) {
			t.Fatalf("baseline file (%v):\n%s", err, data)
		}
		stdout, stderr, code := run(t, dir, bin, "-baseline", baseline, "./...")
		if code != 0 || stdout != "" || stderr != "" {
			t.Errorf("-baseline: exit %d, stdout %q, stderr %q; want 0 and no output", code, stdout, stderr)
		}
	})

	t.Run("config", func(t *testing.T) {
		config := filepath.Join(t.TempDir(), ".golint-conc.yml")
		os.WriteFile(config, []byte("disable: [synccopy]\n"), 0o666)
		// Two packages with synccopy findings and others keep the run short.
		stdout, stderr, code := run(t, dir, bin, "-config", config, "-json", "./jobs", "./report")
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		var wantRest []finding
		for _, f := range onByDefault(want) {
			inPackages := strings.HasPrefix(f.file, "jobs/") || strings.HasPrefix(f.file, "report/")
			if inPackages && f.analyzer != "synccopy" {
				wantRest = append(wantRest, f)
			}
		}
		if got := jsonFindings(t, dir, stdout); !slices.Equal(got, wantRest) {
			t.Errorf("with synccopy disabled:\n%v\nwant:\n%v", got, wantRest)
		}
	})
}

// sarifFindings checks the parts of a SARIF log that code scanning needs
// and returns its results as findings.
func sarifFindings(t *testing.T, out string) []finding {
	t.Helper()
	var log struct {
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string
					Rules []struct{ ID string }
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI, URIBaseID string }
						Region           struct{ StartLine int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil || log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("not a SARIF 2.1.0 log with one run (%v):\n%s", err, out)
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "golint-conc" {
		t.Errorf("driver name %q", run.Tool.Driver.Name)
	}
	var got []finding
	for _, r := range run.Results {
		if r.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %s has ruleIndex %d", r.RuleID, r.RuleIndex)
		}
		loc := r.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URIBaseID != "%SRCROOT%" || filepath.IsAbs(loc.ArtifactLocation.URI) {
			t.Errorf("location %+v is not relative to %%SRCROOT%%", loc.ArtifactLocation)
		}
		got = append(got, finding{fromRepoRoot(t, loc.ArtifactLocation.URI), loc.Region.StartLine, r.RuleID})
	}
	return sortFindings(got)
}

// fromRepoRoot turns a path relative to the repository, as SARIF and
// annotations give them, into one relative to the e2e fixture module.
func fromRepoRoot(t *testing.T, path string) string {
	t.Helper()
	rel, ok := strings.CutPrefix(path, "testdata/e2e/")
	if !ok {
		t.Errorf("path %q is not relative to the repository root", path)
	}
	return rel
}

// TestFixOnCopy applies the suggested fixes to a copy of one fixture
// package, selected through a .golint-conc.yml found in the copy, and
// checks that the result still builds and is clean.
func TestFixOnCopy(t *testing.T) {
	bin := buildBinary(t)
	src := filepath.Join("..", "..", "testdata", "e2e")
	dir := t.TempDir()
	for _, name := range []string{"go.mod", "jobs/jobs.go"} {
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o777)
		os.WriteFile(filepath.Join(dir, name), data, 0o666)
	}
	os.WriteFile(filepath.Join(dir, ".golint-conc.yml"), []byte("enable: [waitgroupadd]\n"), 0o666)

	stdout, stderr, code := run(t, dir, bin, "-diff", "./...")
	if code != 3 || !strings.Contains(stdout, "+++ b/jobs/jobs.go") || !strings.Contains(stdout, "-\t\t\twg.Add(1) // e2e: waitgroupadd") {
		t.Fatalf("-diff: exit %d\n%s\n%s", code, stdout, stderr)
	}
	stdout, stderr, code = run(t, dir, bin, "-fix", "./...")
	if code != 0 || stdout != "" || !strings.Contains(stderr, "applied 1 fix in jobs/jobs.go") {
		t.Fatalf("-fix: exit %d, stdout %q\n%s", code, stdout, stderr)
	}
	fixed, _ := os.ReadFile(filepath.Join(dir, "jobs", "jobs.go"))
	if !strings.Contains(string(fixed), "\t\twg.Add(1)\n\t\tgo func() {") {
		t.Errorf("wg.Add was not moved before the go statement:\n%s", fixed)
	}
	if _, stderr, code := run(t, dir, "go", "build", "./..."); code != 0 {
		t.Errorf("fixed package does not build:\n%s", stderr)
	}
	if _, stderr, code := run(t, dir, bin, "./..."); code != 0 {
		t.Errorf("after -fix, waitgroupadd still reports (exit %d):\n%s", code, stderr)
	}
}
