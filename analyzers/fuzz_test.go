package analyzers_test

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/golint-conc/golint-conc/analyzers"
	"github.com/golint-conc/golint-conc/internal/analysisbench"
	"github.com/golint-conc/golint-conc/internal/fuzz"
	"github.com/golint-conc/golint-conc/internal/runner"
	"github.com/golint-conc/golint-conc/internal/safe"
)

// fileMarker, at the start of a line, starts a new file in a fuzz input:
// "//fuzz:file NAME". An input is one package, so a seed can hold a whole
// fixture package and its files can refer to each other. Only whether
// NAME ends in _test.go matters, since analyzers treat test files apart.
const fileMarker = "//fuzz:file "

// hangAfter is how long the analyzers may take on one input before the
// input counts as a hang. Inputs are small (the largest seed has a few
// hundred lines), and the analyzers take milliseconds on them, so this
// catches loops that never end, not slowness on a busy machine.
const hangAfter = 10 * time.Second

// FuzzAnalyzers runs every analyzer, with the analyses it requires, on Go
// packages, and fails if any panics, hangs, returns an error of its own,
// or suggests a fix the drivers would reject (x/tools' checker panics on
// those). Each input is two packages:
//
//   - src, Go source, seeded with the analyzers' fixture packages read
//     from disk. Mutated, it mostly stops parsing or type-checking; as
//     under x/tools' drivers, the analyzers that do not run despite
//     errors are then skipped and the others run on what there is.
//   - recipe, bytes from which package fuzz generates a package of
//     goroutines, channels and locks that always type-checks, so that
//     mutations reach every analyzer.
//
// Crashers are kept in testdata/fuzz/FuzzAnalyzers. Without -fuzz the
// seeds and crashers run as a plain test.
func FuzzAnalyzers(f *testing.F) {
	seeds, err := fixtureSeeds(filepath.Join(".", "*", "testdata", "src"))
	if err != nil {
		f.Fatal(err)
	}
	if len(seeds) == 0 {
		f.Fatal("no fixture packages found")
	}
	for _, s := range seeds {
		f.Add(s, []byte(nil))
	}
	for _, r := range fuzz.Recipes(recipeSeeds) {
		f.Add([]byte(nil), r)
	}
	env, err := newFuzzEnv(seeds)
	if err != nil {
		f.Fatal(err)
	}
	all := analyzers.All()
	f.Fuzz(func(t *testing.T, src, recipe []byte) {
		env.check(t, all, src)
		if len(recipe) > 0 {
			env.check(t, all, fuzz.Generate(recipe))
		}
	})
}

// recipeSeeds is how many generated packages seed the fuzzer.
const recipeSeeds = 40

// fixtureSeeds returns one input per fixture package directory under the
// directories that glob matches, in a fixed order.
func fixtureSeeds(glob string) ([][]byte, error) {
	roots, err := filepath.Glob(glob)
	if err != nil {
		return nil, err
	}
	byDir := make(map[string]*bytes.Buffer)
	var dirs []string
	for _, root := range roots {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			dir := filepath.Dir(path)
			b := byDir[dir]
			if b == nil {
				b = new(bytes.Buffer)
				byDir[dir] = b
				dirs = append(dirs, dir)
			}
			fmt.Fprintf(b, "%s%s\n%s\n", fileMarker, filepath.Base(path), data)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	slices.Sort(dirs)
	seeds := make([][]byte, len(dirs))
	for i, dir := range dirs {
		seeds[i] = byDir[dir].Bytes()
	}
	return seeds, nil
}

// A fuzzEnv type-checks fuzz inputs against the packages the seeds
// import, loaded once per fuzzing process from export data: loading them
// for every input would cost seconds each.
type fuzzEnv struct {
	fset    *token.FileSet // shared with the imported packages' positions
	imports map[string]*types.Package
	sizes   types.Sizes
}

func newFuzzEnv(seeds [][]byte) (*fuzzEnv, error) {
	paths := make(map[string]bool)
	for _, s := range seeds {
		for _, file := range splitFiles(s) {
			f, _ := parser.ParseFile(token.NewFileSet(), file.name, file.src, parser.ImportsOnly)
			for _, imp := range f.Imports {
				if p, err := strconv.Unquote(imp.Path.Value); err == nil && p != "C" && p != "unsafe" {
					paths[p] = true
				}
			}
		}
	}
	env := &fuzzEnv{fset: token.NewFileSet(), imports: make(map[string]*types.Package)}
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedTypes | packages.NeedTypesSizes | packages.NeedImports | packages.NeedDeps,
		Fset: env.fset,
	}
	// Some fixtures import each other by short paths ("workers"), which
	// do not load; inputs that import them are ill-typed, as they would be
	// anywhere outside their fixture tree.
	pkgs, err := packages.Load(cfg, slices.Sorted(maps.Keys(paths))...)
	if err != nil {
		return nil, err
	}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if len(p.Errors) == 0 && p.Types != nil {
			env.imports[p.PkgPath] = p.Types
			env.sizes = p.TypesSizes
		}
	})
	if env.imports["sync"] == nil || env.sizes == nil {
		return nil, fmt.Errorf("loading the fixtures' imports failed")
	}
	return env, nil
}

// Import implements types.Importer with the packages loaded up front.
func (e *fuzzEnv) Import(path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	if p := e.imports[path]; p != nil {
		return p, nil
	}
	return nil, fmt.Errorf("package %q not available to the fuzz target", path)
}

// check runs the analyzers on the package in src and reports what a user
// would see as a crash.
func (e *fuzzEnv) check(t *testing.T, all []*analysis.Analyzer, src []byte) {
	pkg, sources := e.typeCheck(src)
	if pkg == nil {
		return
	}
	type result struct {
		outcomes []analysisbench.Outcome
		panic    string // a panic outside the analyzers' own recovery
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				done <- result{panic: fmt.Sprintf("%v\n%s", v, debug.Stack())}
			}
		}()
		readFile := func(name string) ([]byte, error) {
			if src, ok := sources[name]; ok {
				return src, nil
			}
			return nil, fmt.Errorf("%s is not a file of the package", name)
		}
		done <- result{outcomes: analysisbench.RunAll(pkg, all, readFile)}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(hangAfter):
		buf := make([]byte, 1<<20)
		t.Fatalf("analyzers still running after %v; goroutines:\n%s", hangAfter, buf[:runtime.Stack(buf, true)])
	}
	// The files go from the shared file set once the analyzers are done
	// with them, or it would grow with every input.
	defer func() {
		for _, f := range pkg.Syntax {
			e.fset.RemoveFile(e.fset.File(f.FileStart))
		}
	}()
	if r.panic != "" {
		t.Fatalf("panic: %s", r.panic)
	}
	for _, o := range r.outcomes {
		var pe *safe.PanicError
		switch {
		case errors.As(o.Err, &pe):
			t.Errorf("%v", pe)
		case o.Err != nil && !expectedError(o.Err):
			t.Errorf("%s: %v", o.Analyzer.Name, o.Err)
		}
		for _, d := range o.Diagnostics {
			if err := validateFixes(e.fset, d.SuggestedFixes); err != nil {
				t.Errorf("%s: %s: invalid fix for %q: %v", o.Analyzer.Name, e.fset.Position(d.Pos), d.Message, err)
			}
		}
	}
}

// expectedError reports whether err is one that x/tools' drivers make for
// an analyzer that cannot run, rather than one from the analyzer.
func expectedError(err error) bool {
	msg := err.Error()
	return msg == "analysis skipped due to errors in package" || strings.HasPrefix(msg, "failed prerequisites")
}

// typeCheck parses and type-checks src as one package, the way
// go/packages does for a package with errors: the syntax that parses and
// the types that check are kept, and the package is marked ill-typed. It
// returns nil if src holds no file that go list would accept into one
// package, and otherwise the package and the source of each file by name.
func (e *fuzzEnv) typeCheck(src []byte) (*packages.Package, map[string][]byte) {
	var files []*ast.File
	sources := make(map[string][]byte)
	illTyped := false
	for i, file := range splitFiles(src) {
		name := fmt.Sprintf("/fuzz/f%d.go", i)
		if strings.HasSuffix(file.name, "_test.go") {
			name = fmt.Sprintf("/fuzz/f%d_test.go", i)
		}
		f, err := parser.ParseFile(e.fset, name, file.src, parser.ParseComments|parser.AllErrors|parser.SkipObjectResolution)
		// go list rejects a file without a package clause, and puts files
		// of another package (an external test, say) in another package.
		if f == nil || f.Name == nil || f.Name.Name == "" || f.Name.Name == "_" ||
			(len(files) > 0 && f.Name.Name != files[0].Name.Name) {
			if f != nil {
				e.fset.RemoveFile(e.fset.File(f.FileStart))
			}
			continue
		}
		illTyped = illTyped || err != nil
		files = append(files, f)
		sources[name] = file.src
	}
	if len(files) == 0 {
		return nil, nil
	}
	var typeErrors []types.Error
	conf := &types.Config{
		Importer: e,
		Sizes:    e.sizes,
		Error: func(err error) {
			var te types.Error
			if errors.As(err, &te) {
				typeErrors = append(typeErrors, te)
			}
		},
	}
	info := runner.NewTypesInfo()
	path := "example.com/fuzz/" + files[0].Name.Name
	tpkg, _ := conf.Check(path, e.fset, files, info)
	return &packages.Package{
		ID:         path,
		Name:       files[0].Name.Name,
		PkgPath:    path,
		Fset:       e.fset,
		Syntax:     files,
		Types:      tpkg,
		TypesInfo:  info,
		TypesSizes: e.sizes,
		TypeErrors: typeErrors,
		IllTyped:   illTyped || len(typeErrors) > 0,
	}, sources
}

type inputFile struct {
	name string
	src  []byte
}

// splitFiles splits a fuzz input at its file markers.
func splitFiles(src []byte) []inputFile {
	marker := []byte(fileMarker)
	var files []inputFile
	name, start := "input.go", 0
	flush := func(end int) {
		if len(bytes.TrimSpace(src[start:end])) > 0 {
			files = append(files, inputFile{name, src[start:end]})
		}
	}
	for i := 0; i < len(src); { // i is the start of a line
		if bytes.HasPrefix(src[i:], marker) {
			flush(i)
			line, _, _ := bytes.Cut(src[i+len(marker):], []byte("\n"))
			name = string(bytes.TrimSpace(line))
			i = min(i+len(marker)+len(line)+1, len(src))
			start = i
			continue
		}
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
	}
	flush(len(src))
	return files
}

// validateFixes applies the checks x/tools' drivers make of a
// diagnostic's suggested fixes before they accept it (the checker panics
// on a failure): distinct messages, and edits that lie in one file, run
// forwards and do not overlap.
func validateFixes(fset *token.FileSet, fixes []analysis.SuggestedFix) error {
	seen := make(map[string]bool)
	for _, fix := range fixes {
		if seen[fix.Message] {
			return fmt.Errorf("two fixes with message %q", fix.Message)
		}
		seen[fix.Message] = true
		edits := slices.Clone(fix.TextEdits)
		slices.SortStableFunc(edits, func(x, y analysis.TextEdit) int {
			if x.Pos != y.Pos {
				return int(x.Pos - y.Pos)
			}
			return int(x.End - y.End)
		})
		var prevEnd token.Pos
		for _, edit := range edits {
			file := fset.File(edit.Pos)
			if file == nil {
				return fmt.Errorf("fix %q: edit at %v is in no file", fix.Message, edit.Pos)
			}
			end := edit.End
			if !end.IsValid() {
				end = edit.Pos
			}
			// The checker lets an end just past the end of the file stand
			// (go.dev/issue/71659) and truncates it.
			fileEnd := token.Pos(file.Base() + file.Size())
			switch {
			case end < edit.Pos:
				return fmt.Errorf("fix %q: edit ends (%v) before it starts (%v)", fix.Message, end, edit.Pos)
			case end > fileEnd+10:
				return fmt.Errorf("fix %q: edit ends past its file", fix.Message)
			case edit.Pos < prevEnd:
				return fmt.Errorf("fix %q: edits overlap at %s", fix.Message, fset.Position(edit.Pos))
			}
			prevEnd = min(end, fileEnd)
		}
	}
	return nil
}

// TestFuzzSeedsReachAnalyzers guards the fuzz target against fuzzing
// nothing: nearly all fixture seeds must type-check (those that import
// another fixture package by its short path cannot), every generated one
// must, every analyzer must report on some fixture seed and half of them
// on the generated ones, so that mutations start from code the analyzers
// look into.
func TestFuzzSeedsReachAnalyzers(t *testing.T) {
	seeds, err := fixtureSeeds(filepath.Join(".", "*", "testdata", "src"))
	if err != nil {
		t.Fatal(err)
	}
	env, err := newFuzzEnv(seeds)
	if err != nil {
		t.Fatal(err)
	}
	all := analyzers.All()
	reported := make(map[string]int)
	analyze := func(src []byte) (illTyped bool) {
		pkg, _ := env.typeCheck(src)
		if pkg == nil {
			t.Fatalf("seed holds no package:\n%s", src)
		}
		for _, o := range analysisbench.RunAll(pkg, all, nil) {
			reported[o.Analyzer.Name] += len(o.Diagnostics)
		}
		return pkg.IllTyped
	}
	illTyped := 0
	for _, s := range seeds {
		if analyze(s) {
			illTyped++
		}
	}
	if illTyped > len(seeds)/10 {
		t.Errorf("%d of %d fixture seeds do not type-check", illTyped, len(seeds))
	}
	fromFixtures := maps.Clone(reported)
	for _, r := range fuzz.Recipes(recipeSeeds) {
		if analyze(fuzz.Generate(r)) {
			t.Errorf("generated seed does not type-check:\n%s", fuzz.Generate(r))
		}
	}
	var generated []string
	for _, a := range all {
		if fromFixtures[a.Name] == 0 {
			t.Errorf("%s reports nothing on the fixture seeds", a.Name)
		}
		if reported[a.Name] > fromFixtures[a.Name] {
			generated = append(generated, a.Name)
		}
	}
	// The generator covers the common shapes, not every analyzer's.
	if len(generated) < len(all)/2 {
		t.Errorf("only %v report on the generated seeds", generated)
	}
}
