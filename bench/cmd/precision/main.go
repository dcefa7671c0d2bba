// Command precision runs golint-conc, every analyzer on, over the modules
// of the precision corpus and compares the findings with the verdicts of
// the triage file.
//
//	go run ./cmd/precision -bin golint-conc [-only SUBSTR] [-reuse]
//
// The corpus (bench/precision/modules.txt) is popular concurrency-heavy
// modules that nobody on the project tuned the analyzers to, pinned by
// version. Each is taken from the module proxy, copied to a writable
// directory and checked from its own root with its tests, as its
// developers would run the linter. The triage file
// (bench/precision/triage.tsv) holds a verdict for every finding:
//
//	module	file:line	analyzer	TP|RISKY|FP	reason
//
// The report gives the precision of each analyzer ((TP+RISKY)/findings),
// the findings that have no verdict yet (as triage lines to fill in), and
// the verdicts whose finding is gone; a true positive that disappears is a
// regression. The exit status is 1 when any finding lacks a verdict or
// any verdict lost its finding, so that the triage file stays complete.
package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/golint-conc/golint-conc/bench/internal/vetjson"
	"github.com/golint-conc/golint-conc/internal/precision"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("precision: ")
	bin := flag.String("bin", "golint-conc", "the golint-conc `binary` to run")
	modulesFile := flag.String("modules", "precision/modules.txt", "the corpus: one `file` of \"module version\" lines")
	triageFile := flag.String("triage", "precision/triage.tsv", "the triage `file`")
	work := flag.String("work", filepath.Join(os.TempDir(), "golint-conc-precision"), "`directory` for the module copies and outputs")
	only := flag.String("only", "", "check only the modules whose path contains this `string`")
	reuse := flag.Bool("reuse", false, "read the findings of the last run instead of running golint-conc")
	prune := flag.Bool("prune", false, "rewrite the triage file without the FP verdicts whose finding is gone (fixed false positives); lost TP and RISKY verdicts stay for a human to read")
	flag.Parse()

	modules, err := readModules(*modulesFile)
	if err != nil {
		log.Fatal(err)
	}
	data, err := os.ReadFile(*triageFile)
	if err != nil {
		log.Fatal(err)
	}
	verdicts, err := precision.Parse(data)
	if err != nil {
		log.Fatalf("%s: %v", *triageFile, err)
	}

	var found []precision.Finding
	checked := make(map[string]bool)
	failed := false
	for _, m := range modules {
		if !strings.Contains(m.path, *only) {
			continue
		}
		checked[m.path] = true
		fs, err := m.findings(*bin, *work, *reuse)
		if err != nil {
			log.Printf("%s: %v", m.path, err)
			failed = true
			continue
		}
		found = append(found, fs...)
	}
	var kept []precision.Verdict
	for _, v := range verdicts {
		if checked[v.Module] {
			kept = append(kept, v)
		}
	}
	report := precision.Compare(found, kept)
	if *prune {
		if report.Vanished, err = pruneFixed(*triageFile, data, report.Vanished); err != nil {
			log.Fatal(err)
		}
	}
	report.Write(os.Stdout)
	if failed || len(report.Untriaged) > 0 || len(report.Vanished) > 0 {
		os.Exit(1)
	}
}

// pruneFixed rewrites the triage file without the lines of the vanished
// FP verdicts and returns the vanished verdicts that remain.
func pruneFixed(file string, data []byte, vanished []precision.Verdict) ([]precision.Verdict, error) {
	drop := make(map[int]bool)
	var keep []precision.Verdict
	for _, v := range vanished {
		if v.Verdict == precision.FP {
			drop[v.Line] = true
		} else {
			keep = append(keep, v)
		}
	}
	lines := strings.SplitAfter(string(data), "\n")
	var out strings.Builder
	for i, line := range lines {
		if !drop[i+1] {
			out.WriteString(line)
		}
	}
	if len(drop) > 0 {
		fmt.Fprintf(os.Stderr, "precision: dropped %d fixed false positives from %s\n", len(drop), file)
	}
	for i := range keep { // the lines they are on now
		for line := range drop {
			if line < keep[i].Line {
				keep[i].Line--
			}
		}
	}
	return keep, os.WriteFile(file, []byte(out.String()), 0o644)
}

type module struct{ path, version string }

func readModules(file string) ([]module, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var ms []module
	for i, line := range strings.Split(string(data), "\n") {
		line, _, _ = strings.Cut(line, "#")
		fields := strings.Fields(line)
		switch len(fields) {
		case 0:
			continue
		case 2:
			ms = append(ms, module{fields[0], fields[1]})
		default:
			return nil, fmt.Errorf("%s:%d: want \"module version\"", file, i+1)
		}
	}
	return ms, nil
}

// dir returns the module's writable copy under work, making it from the
// module cache (which is read-only) if it is not there yet.
func (m module) dir(work string) (string, error) {
	dir := filepath.Join(work, "src", strings.ReplaceAll(m.path, "/", "_")+"@"+m.version)
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
		return dir, nil
	}
	out, err := exec.Command("go", "mod", "download", "-json", m.path+"@"+m.version).Output()
	if err != nil {
		return "", fmt.Errorf("go mod download: %v", err)
	}
	var dl struct{ Dir, Error string }
	if err := json.Unmarshal(out, &dl); err != nil || dl.Error != "" {
		return "", fmt.Errorf("go mod download: %v%s", err, dl.Error)
	}
	tmp := dir + ".tmp"
	os.RemoveAll(tmp)
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", err
	}
	if err := os.CopyFS(tmp, os.DirFS(dl.Dir)); err != nil {
		return "", err
	}
	return dir, os.Rename(tmp, dir)
}

// findings runs golint-conc with every analyzer on the module, tests
// included, and returns its findings with paths relative to the module.
func (m module) findings(bin, work string, reuse bool) ([]precision.Finding, error) {
	dir, err := m.dir(work)
	if err != nil {
		return nil, err
	}
	outFile := filepath.Join(work, "out", filepath.Base(dir)+".json")
	if !reuse {
		if err := os.MkdirAll(filepath.Dir(outFile), 0o755); err != nil {
			return nil, err
		}
		var stdout, stderr bytes.Buffer
		cmd := exec.Command(bin, "-all", "-json", "./...")
		cmd.Dir = dir
		// The module's go.sum may lack the sums of test-only dependencies.
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		runErr := cmd.Run()
		if stderr.Len() > 0 {
			// Type errors in a few files (build-tag combinations, cgo)
			// do not stop the run; they are shown so nobody mistakes a
			// package that was not checked for a clean one.
			fmt.Fprintf(os.Stderr, "%s: %s", m.path, tail(stderr.String(), 20))
		}
		if runErr != nil && stdout.Len() == 0 {
			return nil, fmt.Errorf("%s: %v", bin, runErr)
		}
		if err := os.WriteFile(outFile, stdout.Bytes(), 0o644); err != nil {
			return nil, err
		}
	}
	out, err := os.Open(outFile)
	if err != nil {
		return nil, err
	}
	defer out.Close()
	return m.read(out, dir)
}

func (m module) read(r io.Reader, dir string) ([]precision.Finding, error) {
	diags, errs, err := vetjson.Read(r, nil)
	if err != nil {
		return nil, err
	}
	// One line per module: a package that does not type-check fails
	// every analyzer on it, and its type errors were shown already.
	var failed []string
	for _, e := range errs {
		failed = append(failed, e.Package)
	}
	slices.Sort(failed)
	if failed = slices.Compact(failed); len(failed) > 0 {
		fmt.Fprintf(os.Stderr, "%s: not analysed, %d packages: %s\n", m.path, len(failed), strings.Join(failed, ", "))
	}
	var fs []precision.Finding
	for _, d := range diags {
		file, line, ok := splitPosn(d.Posn)
		if !ok {
			return nil, fmt.Errorf("bad position %q", d.Posn)
		}
		if rel, err := filepath.Rel(dir, file); err == nil && filepath.IsLocal(rel) {
			file = filepath.ToSlash(rel)
		}
		fs = append(fs, precision.Finding{
			Key:     precision.Key{Module: m.path, Position: file + ":" + line, Analyzer: d.Analyzer},
			Message: d.Message,
		})
	}
	// Sorted, so that the findings without a verdict come out in order;
	// Compare keeps one finding per key.
	slices.SortFunc(fs, func(a, b precision.Finding) int { return cmp.Compare(a.Key.String(), b.Key.String()) })
	return fs, nil
}

// splitPosn splits "file:line:col" into the file and the line.
func splitPosn(posn string) (file, line string, ok bool) {
	rest, _, ok := cutLast(posn, ":") // the column
	if !ok {
		return "", "", false
	}
	return cutLast(rest, ":")
}

func cutLast(s, sep string) (before, after string, ok bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.SplitAfter(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{fmt.Sprintf("[%d lines cut]\n", len(lines)-n)}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "") + "\n"
}
