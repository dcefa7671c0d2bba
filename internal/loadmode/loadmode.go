// Package loadmode decides how much of a program the drivers must load for
// a set of analyzers: every dependency from source when some analyzer, or
// one it requires, uses facts, since facts about an imported package come
// from analysing that package; otherwise syntax for the named packages only.
package loadmode

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// For returns the go/packages load mode that internal/runner needs to run
// analyzers, module information included. With facts, that is Metadata:
// the runner parses and type-checks every package itself, one after the
// other, rather than all at once before any analysis as
// packages.LoadAllSyntax would. Without, it is packages.LoadSyntax: the
// named packages with syntax, their dependencies from export data.
func For(analyzers []*analysis.Analyzer) packages.LoadMode {
	if NeedFacts(analyzers) {
		return Metadata
	}
	return packages.LoadSyntax | packages.NeedModule
}

// Metadata is the load mode that leaves parsing and type-checking to the
// runner: the files, imports and module of every package, and the sizes
// of types.
const Metadata = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedDeps | packages.NeedModule | packages.NeedTypesSizes

// NeedFacts reports whether any of analyzers, or any analyzer they require,
// directly or not, declares fact types.
func NeedFacts(analyzers []*analysis.Analyzer) bool {
	need := false
	Walk(analyzers, func(a *analysis.Analyzer) bool {
		need = len(a.FactTypes) > 0
		return !need
	})
	return need
}

// Walk calls visit once for each of analyzers and each analyzer they
// require, directly or not, until visit returns false.
func Walk(analyzers []*analysis.Analyzer, visit func(*analysis.Analyzer) bool) {
	seen := make(map[*analysis.Analyzer]bool)
	var walk func([]*analysis.Analyzer) bool
	walk = func(as []*analysis.Analyzer) bool {
		for _, a := range as {
			if seen[a] {
				continue
			}
			seen[a] = true
			if !visit(a) || !walk(a.Requires) {
				return false
			}
		}
		return true
	}
	walk(analyzers)
}
