// Package finding is the driver's model of one reported diagnostic, shared
// by every output format, the baseline and the fix applier.
//
// A Finding holds resolved file positions rather than token.Pos values, so
// that it outlives the packages it came from and can be compared across a
// package and its test variant, which parse the same file twice.
package finding

import (
	"cmp"
	"go/token"
	"path/filepath"
	"slices"
)

// Finding is one diagnostic of one analyzer.
type Finding struct {
	Analyzer string
	Package  string         // package ID, e.g. "p" or "p [p.test]"
	Pos, End token.Position // End is Pos when the diagnostic has no extent
	Message  string
	Category string
	Related  []Related
	Fixes    []Fix
}

// Related is a secondary position that helps explain a Finding.
type Related struct {
	Pos, End token.Position
	Message  string
}

// Fix is one suggested fix: edits to apply all together or not at all.
type Fix struct {
	Message string
	Edits   []Edit
}

// Edit replaces the bytes between Pos.Offset and End.Offset of Pos.Filename
// with New.
type Edit struct {
	Pos, End token.Position
	New      string
}

// Compare orders findings by file, line, column, analyzer and message, the
// order in which every output format lists them.
func Compare(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.Pos.Filename, b.Pos.Filename),
		cmp.Compare(a.Pos.Line, b.Pos.Line),
		cmp.Compare(a.Pos.Column, b.Pos.Column),
		cmp.Compare(a.Analyzer, b.Analyzer),
		cmp.Compare(a.Message, b.Message),
	)
}

// Dedup drops findings that repeat an earlier one: the same analyzer,
// position and message. A file that belongs to both a package and its test
// variant is analysed twice and reports everything twice; the first
// occurrence is kept, so callers list the plain package first.
func Dedup(fs []Finding) []Finding {
	type key struct {
		analyzer string
		pos      token.Position
		message  string
	}
	seen := make(map[key]bool, len(fs))
	var out []Finding
	for _, f := range fs {
		k := key{f.Analyzer, f.Pos, f.Message}
		if !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	return out
}

// Sort sorts findings in place by Compare.
func Sort(fs []Finding) { slices.SortStableFunc(fs, Compare) }

// RelPath returns filename relative to root with forward slashes, the form
// that SARIF, GitHub annotations and baselines store so that they do not
// depend on where the repository is checked out. A file outside root keeps
// its absolute path (with forward slashes), and ok is false.
func RelPath(root, filename string) (path string, ok bool) {
	if root != "" {
		if rel, err := filepath.Rel(root, filename); err == nil && filepath.IsLocal(rel) {
			return filepath.ToSlash(rel), true
		}
	}
	return filepath.ToSlash(filename), false
}
