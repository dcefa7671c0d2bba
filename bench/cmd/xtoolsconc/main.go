// Command xtoolsconc is x/tools' multichecker with x/tools' own
// concurrency analyzers: the reference that golint-conc's cost is held to.
//
// lostcancel requires ctrlflow, whose noReturn facts make the multichecker
// load every dependency from source, as golint-conc's facts do: the two
// pay the same loading cost.
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"
	"golang.org/x/tools/go/analysis/passes/copylock"
	"golang.org/x/tools/go/analysis/passes/loopclosure"
	"golang.org/x/tools/go/analysis/passes/lostcancel"
	"golang.org/x/tools/go/analysis/passes/waitgroup"
)

func main() {
	multichecker.Main(
		copylock.Analyzer,
		loopclosure.Analyzer,
		lostcancel.Analyzer,
		waitgroup.Analyzer,
	)
}
