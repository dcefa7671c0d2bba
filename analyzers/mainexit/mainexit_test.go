package mainexit_test

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/golint-conc/golint-conc/analyzers/mainexit"
)

// Each fixture is a program of its own, since a package has one main.
func Test(t *testing.T) {
	dirs, err := os.ReadDir(filepath.Join(analysistest.TestData(), "src"))
	if err != nil {
		t.Fatal(err)
	}
	var pkgs []string
	for _, d := range dirs {
		if d.IsDir() {
			pkgs = append(pkgs, d.Name())
		}
	}
	analysistest.Run(t, analysistest.TestData(), mainexit.Analyzer, pkgs...)
}
