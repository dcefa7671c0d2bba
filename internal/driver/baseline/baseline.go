// Package baseline records the findings a project has accepted for now, so
// that a linter run reports only new ones.
//
// A baseline file is JSON meant to be committed and reviewed:
//
//	{
//	  "version": 1,
//	  "findings": [
//	    {"analyzer": "lockleak", "file": "server/server.go", "message": "...", "count": 1}
//	  ]
//	}
//
// Entries are keyed by analyzer, module-relative file and message, and
// hold no line numbers, so that edits elsewhere in a file do not bring
// old findings back. Line numbers inside messages ("started at line 50")
// are written as "line N" for the same reason. The count records how many
// identical findings a file had: a further one is reported as new.
package baseline

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"

	"github.com/golint-conc/golint-conc/internal/driver/finding"
)

// FormatVersion is the version of the file format written and read.
const FormatVersion = 1

// File is the content of a baseline file.
type File struct {
	Version  int     `json:"version"`
	Findings []Entry `json:"findings"`
}

// Entry is one accepted finding, Count times in the same file.
type Entry struct {
	Analyzer string `json:"analyzer"`
	File     string `json:"file"`
	Message  string `json:"message"`
	Count    int    `json:"count"`
}

type key struct{ analyzer, file, message string }

func (e Entry) key() key { return key{e.Analyzer, e.File, normalize(e.Message)} }

// keyOf returns the baseline key of a finding; root is the directory file
// paths are relative to.
func keyOf(root string, f finding.Finding) key {
	file, _ := finding.RelPath(root, f.Pos.Filename)
	return key{f.Analyzer, file, normalize(f.Message)}
}

// New returns the baseline that accepts exactly findings.
func New(root string, findings []finding.Finding) *File {
	counts := make(map[key]int)
	for _, f := range findings {
		counts[keyOf(root, f)]++
	}
	b := &File{Version: FormatVersion, Findings: []Entry{}}
	for k, n := range counts {
		b.Findings = append(b.Findings, Entry{Analyzer: k.analyzer, File: k.file, Message: k.message, Count: n})
	}
	slices.SortFunc(b.Findings, func(a, b Entry) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Analyzer, b.Analyzer), cmp.Compare(a.Message, b.Message))
	})
	return b
}

// Marshal encodes b with one field per line, so that a change to the
// baseline shows as a readable diff.
func (b *File) Marshal() []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(b) // a File of strings and ints always encodes
	return buf.Bytes()
}

// Write writes the baseline accepting findings to path.
func Write(path, root string, findings []finding.Finding) error {
	return os.WriteFile(path, New(root, findings).Marshal(), 0o666)
}

// Read reads and checks the baseline file at path.
func Read(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading baseline: %w", err)
	}
	b, err := Decode(data)
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", path, err)
	}
	return b, nil
}

// Decode decodes and checks a baseline. Unknown fields are errors, so that
// a file of some other kind is not silently taken for an empty baseline.
func Decode(data []byte) (*File, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var b File
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("not a golint-conc baseline: %v", err)
	}
	if dec.More() {
		return nil, errors.New("not a golint-conc baseline: data after the JSON object")
	}
	if b.Version != FormatVersion {
		return nil, fmt.Errorf("unsupported version %d (this golint-conc reads version %d)", b.Version, FormatVersion)
	}
	for i, e := range b.Findings {
		if e.Analyzer == "" || e.File == "" || e.Count < 1 {
			return nil, fmt.Errorf("finding %d: analyzer, file and a count of at least 1 are required", i+1)
		}
	}
	return &b, nil
}

// Filter returns the findings that b does not accept, in their order. Each
// entry accepts up to Count findings with its key; the first ones in order
// are the ones accepted. A nil baseline accepts nothing.
func (b *File) Filter(root string, findings []finding.Finding) []finding.Finding {
	if b == nil {
		return findings
	}
	left := make(map[key]int, len(b.Findings))
	for _, e := range b.Findings {
		left[e.key()] += e.Count
	}
	var fresh []finding.Finding
	for _, f := range findings {
		k := keyOf(root, f)
		if left[k] > 0 {
			left[k]--
			continue
		}
		fresh = append(fresh, f)
	}
	return fresh
}

// lineRef matches line references in messages: "line 12", "lines 3 and 4",
// "main.go:12".
var (
	lineRef = regexp.MustCompile(`\blines? \d+(?:(?:, | and | or )\d+)*|\.go:\d+(?::\d+)?`)
	digits  = regexp.MustCompile(`\d+`)
)

// normalize replaces the numbers in line references by N, so that a
// message keeps its key when the code it mentions moves.
func normalize(msg string) string {
	return lineRef.ReplaceAllStringFunc(msg, func(ref string) string {
		return digits.ReplaceAllString(ref, "N")
	})
}
