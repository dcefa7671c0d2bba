package driver_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/golint-conc/golint-conc/internal/driver"
	"github.com/golint-conc/golint-conc/internal/testmod"
)

// newAnalyzers returns fresh test analyzers (their flags are state):
// "badfunc" reports functions whose name starts with Bad, "mainfunc"
// reports func main, and "failing" fails when its -failing.fail flag is set.
func newAnalyzers() []*analysis.Analyzer {
	badfunc := &analysis.Analyzer{Name: "badfunc", Doc: "badfunc: report functions named Bad\n\nLonger text.\n\n# Go versions\n\nAll."}
	limit := badfunc.Flags.Int("limit", 1, "a number shown in the message")
	badfunc.Run = func(pass *analysis.Pass) (any, error) {
		eachFunc(pass, func(fn *ast.FuncDecl) {
			if strings.HasPrefix(fn.Name.Name, "Bad") {
				pass.Report(analysis.Diagnostic{
					Pos:     fn.Name.Pos(),
					End:     fn.Name.End(),
					Message: fmt.Sprintf("bad function %s (limit %d)", fn.Name.Name, *limit),
					SuggestedFixes: []analysis.SuggestedFix{{
						Message:   "Rename to Fine",
						TextEdits: []analysis.TextEdit{{Pos: fn.Name.Pos(), End: fn.Name.Pos() + 3, NewText: []byte("Fine")}},
					}},
				})
			}
		})
		return nil, nil
	}
	mainfunc := &analysis.Analyzer{Name: "mainfunc", Doc: "report func main"}
	mainfunc.Run = func(pass *analysis.Pass) (any, error) {
		eachFunc(pass, func(fn *ast.FuncDecl) {
			if fn.Name.Name == "main" {
				pass.ReportRangef(fn.Name, "func main")
			}
		})
		return nil, nil
	}
	failing := &analysis.Analyzer{Name: "failing", Doc: "fail on request"}
	fail := failing.Flags.Bool("fail", false, "fail")
	failing.Run = func(pass *analysis.Pass) (any, error) {
		if *fail {
			return nil, errors.New("asked to fail")
		}
		return nil, nil
	}
	return []*analysis.Analyzer{badfunc, failing, mainfunc}
}

func eachFunc(pass *analysis.Pass, f func(*ast.FuncDecl)) {
	for _, file := range pass.Files {
		for _, d := range file.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok {
				f(fn)
			}
		}
	}
}

// module writes a small module: package app with two Bad functions (one in
// a test file, so the package's test variant repeats the other) and a
// main package.
func module(t *testing.T) string {
	t.Helper()
	testmod.Offline(t)
	return testmod.Write(t, map[string]string{
		"app/app.go":      "package app\n\nfunc Good() {}\n\nfunc BadOne() {}\n",
		"app/app_test.go": "package app\n\nimport \"testing\"\n\nfunc BadTwo(t *testing.T) {}\n",
		"cmd/main.go":     "package main\n\nfunc main() {}\n",
	})
}

type result struct {
	stdout, stderr string
	code           int
}

func runIn(dir string, analyzers []*analysis.Analyzer, args ...string) result {
	var stdout, stderr bytes.Buffer
	p := driver.Program{Version: "v9.9.9", Analyzers: analyzers, Dir: dir, Stdout: &stdout, Stderr: &stderr}
	code := p.Main(args)
	return result{stdout.String(), stderr.String(), code}
}

var textLine = regexp.MustCompile(`(?m)^(\S+):(\d+):(\d+): (.*)$`)

// messages returns "file:line: message" for each text finding, with file
// relative to dir.
func messages(dir, out string) []string {
	var got []string
	for _, m := range textLine.FindAllStringSubmatch(out, -1) {
		rel, _ := filepath.Rel(dir, m[1])
		got = append(got, fmt.Sprintf("%s:%s: %s", filepath.ToSlash(rel), m[2], m[4]))
	}
	return got
}

func TestTextDedupsTestVariantAndSorts(t *testing.T) {
	dir := module(t)
	r := runIn(dir, newAnalyzers(), "./...")
	want := []string{
		"app/app.go:5: bad function BadOne (limit 1) (badfunc)",
		"app/app_test.go:5: bad function BadTwo (limit 1) (badfunc)",
		"cmd/main.go:3: func main (mainfunc)",
	}
	if r.code != 3 || strings.Join(messages(dir, r.stderr), "\n") != strings.Join(want, "\n") {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 3 and:\n%s", r.code, r.stderr, strings.Join(want, "\n"))
	}
	if !filepath.IsAbs(textLine.FindStringSubmatch(r.stderr)[1]) {
		t.Errorf("text output must use absolute paths:\n%s", r.stderr)
	}

	// Without test files, BadTwo is gone.
	r = runIn(dir, newAnalyzers(), "-test=false", "./...")
	if strings.Contains(r.stderr, "BadTwo") || !strings.Contains(r.stderr, "BadOne") {
		t.Errorf("-test=false:\n%s", r.stderr)
	}
}

func TestContextLines(t *testing.T) {
	dir := module(t)
	r := runIn(dir, newAnalyzers(), "-c=1", "-mainfunc", "./cmd")
	if !strings.Contains(r.stderr, "func main (mainfunc)\n2\t\n3\tfunc main() {}\n") {
		t.Errorf("-c=1 output:\n%s", r.stderr)
	}
}

func TestSelectionConfigAndFlags(t *testing.T) {
	dir := module(t)
	for _, tc := range []struct {
		name   string
		config string
		args   []string
		want   string // analyzers that reported, from badfunc and mainfunc
	}{
		{"all", "", nil, "badfunc mainfunc"},
		{"enable flag", "", []string{"-mainfunc"}, "mainfunc"},
		{"disable flag", "", []string{"-mainfunc=false"}, "badfunc"},
		{"config disables", "disable: [mainfunc]\n", nil, "badfunc"},
		{"config enables", "enable: [mainfunc]\n", nil, "mainfunc"},
		{"flag re-enables what config disables", "disable: [mainfunc]\n", []string{"-mainfunc", "-badfunc"}, "badfunc mainfunc"},
		{"flag disables on top of config", "enable: [badfunc, mainfunc]\n", []string{"-badfunc=false"}, "mainfunc"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			os.Remove(filepath.Join(dir, ".golint-conc.yml"))
			if tc.config != "" {
				os.WriteFile(filepath.Join(dir, ".golint-conc.yml"), []byte(tc.config), 0o666)
			}
			r := runIn(dir, newAnalyzers(), append(tc.args, "./...")...)
			var got []string
			if strings.Contains(r.stderr, "bad function") {
				got = append(got, "badfunc")
			}
			if strings.Contains(r.stderr, "func main") {
				got = append(got, "mainfunc")
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("reported by %v, want %s\n%s", got, tc.want, r.stderr)
			}
		})
	}
}

func TestCommandLineSettingsWinOverConfig(t *testing.T) {
	dir := module(t)
	cfg := filepath.Join(t.TempDir(), "conf.yml")
	os.WriteFile(cfg, []byte("settings:\n  badfunc: {limit: 5}\n"), 0o666)

	r := runIn(dir, newAnalyzers(), "-config", cfg, "./app")
	if !strings.Contains(r.stderr, "(limit 5)") {
		t.Errorf("config setting not applied:\n%s", r.stderr)
	}
	r = runIn(dir, newAnalyzers(), "-config", cfg, "-badfunc.limit=7", "./app")
	if !strings.Contains(r.stderr, "(limit 7)") {
		t.Errorf("command line must win over the config:\n%s", r.stderr)
	}
	r = runIn(dir, newAnalyzers(), "-badfunc.limit=many", "./app")
	if r.code != 2 || !strings.Contains(r.stderr, "-badfunc.limit") {
		t.Errorf("bad flag value: exit %d\n%s", r.code, r.stderr)
	}
}

func TestErrors(t *testing.T) {
	dir := module(t)
	r := runIn(dir, newAnalyzers(), "-failing.fail", "./app")
	if r.code != 1 || !strings.Contains(r.stderr, "golint-conc: failing on example.com/m/app: asked to fail") {
		t.Errorf("analysis failure: exit %d\n%s", r.code, r.stderr)
	}
	// Errors win over findings, in JSON too, which lists the error.
	r = runIn(dir, newAnalyzers(), "-json", "-failing.fail", "./app")
	if r.code != 1 || !strings.Contains(r.stdout, `"error": "asked to fail"`) {
		t.Errorf("-json with a failure: exit %d\n%s", r.code, r.stdout)
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-config", filepath.Join(dir, "missing.yml"), "./..."}, 1, "missing.yml"},
		{[]string{"-baseline", filepath.Join(dir, "missing.json"), "./..."}, 1, "missing.json"},
		{[]string{"./nothing/..."}, 1, "nothing"},
		{[]string{"-format=xml", "./..."}, 2, `unknown -format "xml"`},
		{[]string{"-json", "-format=sarif", "./..."}, 2, "-json conflicts"},
		{[]string{"-nosuchflag", "./..."}, 2, "flag provided but not defined"},
		{nil, 1, "Usage:"},
	} {
		r := runIn(dir, newAnalyzers(), tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr:\n%s\nwant exit %d and %q", tc.args, r.code, r.stderr, tc.code, tc.want)
		}
	}
}

func TestJSONMatchesXToolsSchema(t *testing.T) {
	dir := module(t)
	r := runIn(dir, newAnalyzers(), "-json", "./...")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	var tree map[string]map[string][]struct {
		Posn, End, Message string
	}
	if err := json.Unmarshal([]byte(r.stdout), &tree); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	// BadOne is reported once, under the plain package, not again under
	// its test variant.
	app := tree["example.com/m/app"]["badfunc"]
	variant := tree["example.com/m/app [example.com/m/app.test]"]["badfunc"]
	if len(app) != 1 || app[0].Message != "bad function BadOne (limit 1)" || !strings.HasSuffix(app[0].Posn, "app.go:5:6") || !strings.HasSuffix(app[0].End, "app.go:5:12") {
		t.Errorf("app: %+v", app)
	}
	if len(variant) != 1 || variant[0].Message != "bad function BadTwo (limit 1)" {
		t.Errorf("test variant: %+v", variant)
	}
}

func TestHelpAndVersion(t *testing.T) {
	r := runIn("", newAnalyzers(), "help", "badfunc")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "badfunc: report functions named Bad\n") || !strings.Contains(r.stdout, "-badfunc.limit") || !strings.Contains(r.stdout, "Go versions") {
		t.Errorf("help badfunc: exit %d\n%s", r.code, r.stdout)
	}
	r = runIn("", newAnalyzers(), "help")
	if r.code != 0 || !regexp.MustCompile(`(?m)^ +badfunc +report functions named Bad$`).MatchString(r.stdout) || !strings.Contains(r.stdout, "-write-baseline") || strings.Contains(r.stdout, "-badfunc.limit") {
		t.Errorf("help: exit %d\n%s", r.code, r.stdout)
	}
	r = runIn("", newAnalyzers(), "help", "nosuch")
	if r.code != 1 || !strings.Contains(r.stderr, `unknown analyzer "nosuch"`) {
		t.Errorf("help nosuch: exit %d\n%s", r.code, r.stderr)
	}
	r = runIn("", newAnalyzers(), "-version")
	if r.code != 0 || r.stdout != "golint-conc v9.9.9\n" {
		t.Errorf("-version: exit %d, %q", r.code, r.stdout)
	}
}

func TestAnalyzerNamedLikeADriverFlag(t *testing.T) {
	clash := &analysis.Analyzer{Name: "fix", Doc: "clash", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	r := runIn("", []*analysis.Analyzer{clash}, "./...")
	if r.code != 1 || !strings.Contains(r.stderr, "analyzer fix has the name of a driver flag") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
}

func TestFixAndDiff(t *testing.T) {
	dir := module(t)
	app := filepath.Join(dir, "app", "app.go")
	before, _ := os.ReadFile(app)

	r := runIn(dir, newAnalyzers(), "-diff", "./...")
	wantDiff := "--- a/app/app.go\n+++ b/app/app.go\n@@ -2,4 +2,4 @@\n \n func Good() {}\n \n-func BadOne() {}\n+func FineOne() {}\n"
	if r.code != 3 || !strings.Contains(r.stdout, wantDiff) || !strings.Contains(r.stdout, "+func FineTwo(t *testing.T) {}") {
		t.Errorf("-diff: exit %d, stdout:\n%s\nwant:\n%s", r.code, r.stdout, wantDiff)
	}
	if after, _ := os.ReadFile(app); string(after) != string(before) {
		t.Error("-diff changed a file")
	}

	r = runIn(dir, newAnalyzers(), "-fix", "./...")
	if r.code != 0 || r.stdout != "" || !strings.Contains(r.stderr, "applied 2 fixes in app/app.go, app/app_test.go") || strings.Contains(r.stderr, "func main") {
		t.Errorf("-fix: exit %d, stdout %q, stderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if after, _ := os.ReadFile(app); !strings.Contains(string(after), "func FineOne() {}") {
		t.Errorf("-fix did not rewrite app.go:\n%s", after)
	}
	if r := runIn(dir, newAnalyzers(), "-badfunc", "./..."); r.code != 0 {
		t.Errorf("after -fix: exit %d\n%s", r.code, r.stderr)
	}
}

func TestBaseline(t *testing.T) {
	dir := module(t)
	bl := filepath.Join(t.TempDir(), "baseline.json")
	r := runIn(dir, newAnalyzers(), "-write-baseline", bl, "./...")
	if r.code != 0 || !strings.Contains(r.stderr, "wrote 3 findings") {
		t.Fatalf("-write-baseline: exit %d\n%s", r.code, r.stderr)
	}
	if r := runIn(dir, newAnalyzers(), "-baseline", bl, "./..."); r.code != 0 || r.stderr != "" {
		t.Errorf("-baseline: exit %d\n%s", r.code, r.stderr)
	}
	// Move BadOne down and add BadThree: only BadThree is new.
	os.WriteFile(filepath.Join(dir, "app", "app.go"), []byte("package app\n\nfunc Good() {}\n\n// moved\n\nfunc BadOne() {}\n\nfunc BadThree() {}\n"), 0o666)
	r = runIn(dir, newAnalyzers(), "-baseline", bl, "./...")
	if got := messages(dir, r.stderr); r.code != 3 || len(got) != 1 || got[0] != "app/app.go:9: bad function BadThree (limit 1) (badfunc)" {
		t.Errorf("-baseline after edits: exit %d, findings %v\n%s", r.code, got, r.stderr)
	}
}

// TestPathsRelativeToRepository checks that, for a module in a
// subdirectory of a git repository, annotations name files from the
// repository's root, as GitHub resolves them.
func TestPathsRelativeToRepository(t *testing.T) {
	repo := module(t)
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o777); err != nil {
		t.Fatal(err)
	}
	// Move the module one level down, into services/api.
	sub := filepath.Join(repo, "services", "api")
	if err := os.MkdirAll(filepath.Dir(sub), 0o777); err != nil {
		t.Fatal(err)
	}
	moved := t.TempDir()
	for _, name := range []string{"go.mod", "app", "cmd"} {
		if err := os.Rename(filepath.Join(repo, name), filepath.Join(moved, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Rename(moved, sub); err != nil {
		t.Fatal(err)
	}
	r := runIn(sub, newAnalyzers(), "-format=github", "./app")
	if !strings.Contains(r.stdout, "file=services/api/app/app.go,line=5") {
		t.Errorf("annotation paths are not relative to the repository root:\n%s%s", r.stdout, r.stderr)
	}
}

// TestDefaultSet checks that an analyzer off by default (mainfunc here)
// runs only when chosen: by -all, by -NAME, or by the configuration file;
// and that help and SARIF say so.
func TestDefaultSet(t *testing.T) {
	dir := module(t)
	notMain := func(a *analysis.Analyzer) bool { return a.Name != "mainfunc" }
	for _, tc := range []struct {
		name   string
		config string
		args   []string
		want   string
	}{
		{"default set", "", nil, "badfunc"},
		{"-all", "", []string{"-all"}, "badfunc mainfunc"},
		{"-all overrides the file", "enable: [badfunc]\n", []string{"-all"}, "badfunc mainfunc"},
		{"-all less one", "", []string{"-all", "-badfunc=false"}, "mainfunc"},
		{"-NAME", "", []string{"-mainfunc"}, "mainfunc"},
		{"enable: [all]", "enable: [all]\n", nil, "badfunc mainfunc"},
		{"enable: [default, NAME]", "enable: [default, mainfunc]\n", nil, "badfunc mainfunc"},
		{"disable keeps the default set", "disable: [failing]\n", nil, "badfunc"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			os.Remove(filepath.Join(dir, ".golint-conc.yml"))
			if tc.config != "" {
				os.WriteFile(filepath.Join(dir, ".golint-conc.yml"), []byte(tc.config), 0o666)
			}
			var stdout, stderr bytes.Buffer
			p := driver.Program{Analyzers: newAnalyzers(), Default: notMain, Dir: dir, Stdout: &stdout, Stderr: &stderr}
			p.Main(append(tc.args, "./..."))
			var got []string
			if strings.Contains(stderr.String(), "bad function") {
				got = append(got, "badfunc")
			}
			if strings.Contains(stderr.String(), "func main") {
				got = append(got, "mainfunc")
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("reported by %v, want %s\n%s", got, tc.want, stderr.String())
			}
		})
	}

	var stdout bytes.Buffer
	precision := func(a *analysis.Analyzer) string { return map[string]string{"mainfunc": "50% (1/2)"}[a.Name] }
	p := driver.Program{Analyzers: newAnalyzers(), Default: notMain, Precision: precision, Stdout: &stdout}
	p.Main([]string{"help"})
	on, off, _ := strings.Cut(stdout.String(), "Off by default")
	if !strings.Contains(on, "badfunc") || strings.Contains(on, "mainfunc") || !regexp.MustCompile(`mainfunc +report func main \[precision: 50% \(1/2\)\]`).MatchString(off) {
		t.Errorf("help does not separate the default set:\n%s", stdout.String())
	}
	stdout.Reset()
	p.Main([]string{"help", "mainfunc"})
	if !strings.Contains(stdout.String(), "Status: off by default") || !strings.Contains(stdout.String(), "50% (1/2)") {
		t.Errorf("help mainfunc does not give its status:\n%s", stdout.String())
	}

	stdout.Reset()
	p.Dir = dir
	p.Main([]string{"-all", "-format=sarif", "./..."})
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID                   string
						DefaultConfiguration struct{ Enabled *bool }
						Properties           struct{ Precision string }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(stdout.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		off := r.DefaultConfiguration.Enabled != nil && !*r.DefaultConfiguration.Enabled
		if off != (r.ID == "mainfunc") || (r.ID == "mainfunc") != (r.Properties.Precision == "50% (1/2)") {
			t.Errorf("SARIF rule %s: enabled %v, precision %q", r.ID, r.DefaultConfiguration.Enabled, r.Properties.Precision)
		}
	}
}
