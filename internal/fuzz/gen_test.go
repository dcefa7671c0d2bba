package fuzz_test

import (
	"bytes"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"github.com/golint-conc/golint-conc/internal/fuzz"
)

// TestEveryRecipeTypeChecks is the generator's contract: whatever the
// bytes, the package type-checks, or fuzzing would mostly see analyzers
// skipped for type errors.
func TestEveryRecipeTypeChecks(t *testing.T) {
	recipes := fuzz.Recipes(300)
	recipes = append(recipes, nil, []byte{0}, bytes.Repeat([]byte{255}, 500), bytes.Repeat([]byte{7, 2, 11, 19}, 100))
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", nil)
	shapes := make(map[string]bool)
	for _, r := range recipes {
		src := fuzz.Generate(r)
		f, err := parser.ParseFile(fset, "gen.go", src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatalf("recipe %v: %v\n%s", r, err, src)
		}
		conf := types.Config{Importer: imp}
		if _, err := conf.Check(f.Name.Name, fset, []*ast.File{f}, nil); err != nil {
			t.Fatalf("recipe %v: %v\n%s", r, err, src)
		}
		for _, shape := range []string{"go func", "select {", "close(", ".Wait()", ".Lock()", "NewTicker", "wg.Go(", "package main", "[T any]", "s.cond.Wait()", "for range"} {
			if bytes.Contains(src, []byte(shape)) {
				shapes[shape] = true
			}
		}
	}
	if len(shapes) < 11 {
		t.Errorf("the seeds reach only these shapes: %v", strings.Join(keys(shapes), ", "))
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	for _, r := range fuzz.Recipes(20) {
		if !bytes.Equal(fuzz.Generate(r), fuzz.Generate(r)) {
			t.Fatalf("two packages from recipe %v", r)
		}
	}
}

func keys(m map[string]bool) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
