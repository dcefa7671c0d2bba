// Package ignore applies golint-conc's suppression directives
// (//golint-conc:ignore, //golint-conc:file-ignore and golangci-lint's
// //nolint) to an analyzer's diagnostics, so that they behave the same
// under every driver: the standalone tool, go vet, golangci-lint and the
// language server.
package ignore

import (
	"go/ast"
	"go/token"
	"sync"

	"golang.org/x/tools/go/analysis"
)

// Wrap returns a copy of a, with the same name, documentation, flags,
// requirements, result type and fact types, whose diagnostics are dropped
// where a directive in the pass's files covers them. Facts and results
// pass through unchanged.
func Wrap(a *analysis.Analyzer) *analysis.Analyzer {
	return Filter(a, func(pass *analysis.Pass) func(analysis.Diagnostic) bool {
		f := &filter{analyzer: a.Name, fset: pass.Fset, files: pass.Files}
		return func(d analysis.Diagnostic) bool { return f.suppressed(d.Pos) }
	})
}

// Filter returns a copy of a, like Wrap, whose diagnostics are dropped
// where the function that newDrop makes for each pass says so.
func Filter(a *analysis.Analyzer, newDrop func(*analysis.Pass) func(analysis.Diagnostic) bool) *analysis.Analyzer {
	if a == nil || a.Run == nil {
		return a
	}
	filtered := *a
	run := a.Run
	filtered.Run = func(pass *analysis.Pass) (any, error) {
		drop := newDrop(pass)
		p := *pass
		p.Report = func(d analysis.Diagnostic) {
			if !drop(d) {
				pass.Report(d)
			}
		}
		return run(&p)
	}
	return &filtered
}

// filter decides which diagnostics of one analyzer in one pass are
// suppressed. Most passes report nothing, so it reads directives only when
// the first diagnostic arrives, and only in that diagnostic's file.
type filter struct {
	analyzer string
	fset     *token.FileSet
	files    []*ast.File

	mu     sync.Mutex // an analyzer may report from several goroutines
	byFile map[*token.File][]Scope
}

// suppressed reports whether a directive covering pos names the analyzer.
func (f *filter) suppressed(pos token.Pos) bool {
	if !pos.IsValid() {
		return false
	}
	tf := f.fset.File(pos)
	if tf == nil {
		return false
	}
	line := lineOf(tf, pos)
	for _, s := range f.scopes(tf) {
		if s.contains(line) && s.Directive.Covers(f.analyzer) {
			return true
		}
	}
	return false
}

// scopes returns the directive scopes of the pass file whose token.File
// is tf, computing them on first use.
func (f *filter) scopes(tf *token.File) []Scope {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.byFile == nil {
		f.byFile = make(map[*token.File][]Scope)
	}
	if s, ok := f.byFile[tf]; ok {
		return s
	}
	var scopes []Scope
	for _, file := range f.files {
		if f.fset.File(file.FileStart) == tf {
			scopes = Scopes(f.fset, file)
			break
		}
	}
	f.byFile[tf] = scopes
	return scopes
}
