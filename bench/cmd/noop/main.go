// Command noop is x/tools' multichecker with one analyzer that does
// nothing: its run time and memory are what loading and type-checking the
// packages cost, the floor under every analyzer suite.
//
// The analyzer uses no facts, so the multichecker loads dependencies from
// export data, not from source.
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"
)

func main() {
	multichecker.Main(&analysis.Analyzer{
		Name: "noop",
		Doc:  "noop does nothing, so that a run measures loading and type-checking alone",
		Run:  func(*analysis.Pass) (any, error) { return nil, nil },
	})
}
