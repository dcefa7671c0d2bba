// Package fix applies the suggested fixes of findings to source files.
//
// For each finding the first suggested fix is taken. A fix is applied
// whole or not at all: one whose edits overlap edits already accepted (or
// each other) is skipped and counted, so that running the tool again can
// apply it to the updated code. Fixes that only repeat accepted edits, as
// the same diagnostic does in a package and its test variant, count as
// applied once. Generated files are left alone. Each changed file is
// gofmt'ed.
package fix

import (
	"bytes"
	"cmp"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"slices"

	"github.com/golint-conc/golint-conc/internal/driver/finding"
)

// Result is the outcome of Apply.
type Result struct {
	Files     []File // changed files, sorted by name
	Applied   int    // fixes applied
	Skipped   int    // fixes skipped: they overlap an applied fix or are malformed
	Generated int    // fixes skipped because they edit a generated file
}

// File is one changed file. When the fixed source does not parse, Err says
// why and New holds the unformatted text; callers should not write it.
type File struct {
	Name     string
	Old, New []byte
	Err      error
}

// edit is a byte-range replacement within one file.
type edit struct {
	start, end int
	text       string
}

func compareEdits(a, b edit) int {
	return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end), cmp.Compare(a.text, b.text))
}

// overlaps reports whether two different edits cannot both be applied: they
// share bytes, or they insert at the same point (in no defined order).
func overlaps(a, b edit) bool {
	if a.start == a.end && b.start == b.end {
		return a.start == b.start
	}
	return a.start < b.end && b.start < a.end
}

// Apply applies the first fix of each finding, in order, reading files
// with read. It fails only when a file cannot be read.
func Apply(findings []finding.Finding, read func(string) ([]byte, error)) (*Result, error) {
	a := applier{read: read, content: make(map[string][]byte), generated: make(map[string]bool), accepted: make(map[string][]edit)}
	res := &Result{}
	for _, f := range findings {
		if len(f.Fixes) == 0 {
			continue
		}
		switch outcome, err := a.add(f.Fixes[0]); {
		case err != nil:
			return nil, err
		case outcome == applied:
			res.Applied++
		case outcome == generatedFile:
			res.Generated++
		default:
			res.Skipped++
		}
	}
	names := make([]string, 0, len(a.accepted))
	for name := range a.accepted {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		old := a.content[name]
		file := File{Name: name, Old: old, New: apply(old, a.accepted[name])}
		if formatted, err := format.Source(file.New); err != nil {
			file.Err = fmt.Errorf("fixed source does not parse: %v", err)
		} else {
			file.New = formatted
		}
		if !bytes.Equal(file.Old, file.New) {
			res.Files = append(res.Files, file)
		}
	}
	return res, nil
}

type outcome int

const (
	applied outcome = iota
	skipped
	generatedFile
)

type applier struct {
	read      func(string) ([]byte, error)
	content   map[string][]byte
	generated map[string]bool
	accepted  map[string][]edit // per file, sorted by compareEdits
}

func (a *applier) add(fix finding.Fix) (outcome, error) {
	byFile := make(map[string][]edit)
	for _, e := range fix.Edits {
		name := e.Pos.Filename
		if name == "" || e.End.Filename != name {
			return skipped, nil
		}
		content, err := a.file(name)
		if err != nil {
			return 0, err
		}
		if a.generated[name] {
			return generatedFile, nil
		}
		ed := edit{e.Pos.Offset, e.End.Offset, e.New}
		if ed.start < 0 || ed.start > ed.end || ed.end > len(content) {
			return skipped, nil
		}
		byFile[name] = append(byFile[name], ed)
	}
	if len(byFile) == 0 {
		return skipped, nil
	}
	merged := make(map[string][]edit, len(byFile))
	for name, edits := range byFile {
		slices.SortFunc(edits, compareEdits)
		edits = slices.Compact(edits)
		for i := 1; i < len(edits); i++ {
			if overlaps(edits[i-1], edits[i]) {
				return skipped, nil // the fix contradicts itself
			}
		}
		all := slices.Clone(a.accepted[name])
		for _, e := range edits {
			if slices.Contains(all, e) {
				continue // already applied by an identical fix
			}
			for _, prev := range a.accepted[name] {
				if overlaps(prev, e) {
					return skipped, nil
				}
			}
			all = append(all, e)
		}
		merged[name] = all
	}
	for name, edits := range merged {
		slices.SortFunc(edits, compareEdits)
		a.accepted[name] = edits
	}
	return applied, nil
}

// file returns the content of name, reading it the first time.
func (a *applier) file(name string) ([]byte, error) {
	if content, ok := a.content[name]; ok {
		return content, nil
	}
	content, err := a.read(name)
	if err != nil {
		return nil, fmt.Errorf("reading %s to fix it: %w", name, err)
	}
	a.content[name] = content
	a.generated[name] = isGenerated(name, content)
	return content, nil
}

// isGenerated reports whether src has a "Code generated ... DO NOT EDIT."
// comment before its package clause. Fixing generated code is pointless:
// the generator would undo it.
func isGenerated(name string, src []byte) bool {
	f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.PackageClauseOnly|parser.ParseComments)
	return err == nil && ast.IsGenerated(f)
}

// apply returns src with edits, sorted and disjoint, applied.
func apply(src []byte, edits []edit) []byte {
	var out bytes.Buffer
	last := 0
	for _, e := range edits {
		out.Write(src[last:e.start])
		out.WriteString(e.text)
		last = e.end
	}
	out.Write(src[last:])
	return out.Bytes()
}
