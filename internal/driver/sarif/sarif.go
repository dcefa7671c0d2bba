// Package sarif writes findings as a SARIF 2.1.0 log, the format GitHub
// code scanning and other code-review tools import.
//
// Only the parts of the standard that golint-conc fills are modelled:
// one run, one rule per analyzer, results with their locations, related
// locations and fixes. File locations are relative to a source root named
// by the uriBaseId %SRCROOT%, as code scanning expects.
package sarif

import (
	"bytes"
	"encoding/json"
	"go/token"
	"io"
	"net/url"
	"os"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/golint-conc/golint-conc/internal/driver/finding"
	"github.com/golint-conc/golint-conc/internal/fileuri"
)

// Schema and Version identify the SARIF dialect written.
const (
	Schema  = "https://json.schemastore.org/sarif-2.1.0.json"
	Version = "2.1.0"
)

// SrcRoot is the uriBaseId that relative artifact locations resolve against.
const SrcRoot = "%SRCROOT%"

// Log is a SARIF log file.
type Log struct {
	Version string `json:"version"`
	Schema  string `json:"$schema"`
	Runs    []Run  `json:"runs"`
}

// Run is one invocation of the tool.
type Run struct {
	Tool               Tool                        `json:"tool"`
	OriginalURIBaseIDs map[string]ArtifactLocation `json:"originalUriBaseIds,omitempty"`
	// Results is never nil: code scanning rejects a run without results.
	Results []Result `json:"results"`
}

// Tool describes golint-conc.
type Tool struct {
	Driver Driver `json:"driver"`
}

// Driver names the tool and lists its rules.
type Driver struct {
	Name           string `json:"name"`
	Version        string `json:"version,omitempty"`
	InformationURI string `json:"informationUri,omitempty"`
	Rules          []Rule `json:"rules"`
}

// Rule describes one analyzer.
type Rule struct {
	ID                   string          `json:"id"`
	ShortDescription     Message         `json:"shortDescription"`
	FullDescription      *Message        `json:"fullDescription,omitempty"`
	Help                 *Message        `json:"help,omitempty"`
	HelpURI              string          `json:"helpUri,omitempty"`
	DefaultConfiguration Configuration   `json:"defaultConfiguration"`
	Properties           *RuleProperties `json:"properties,omitempty"`
}

// Configuration is a rule's default reporting level, and whether the rule
// runs when nothing chooses (SARIF's default for enabled is true).
type Configuration struct {
	Level   string `json:"level"`
	Enabled *bool  `json:"enabled,omitempty"`
}

// RuleProperties is a rule's property bag: how precise the analyzer was
// on code it was not written against, and whether it runs by default.
type RuleProperties struct {
	Precision string   `json:"precision,omitempty"`
	Tags      []string `json:"tags,omitempty"`
}

// Message is plain text.
type Message struct {
	Text string `json:"text"`
}

// Result is one finding.
type Result struct {
	RuleID           string     `json:"ruleId"`
	RuleIndex        int        `json:"ruleIndex"`
	Level            string     `json:"level"`
	Message          Message    `json:"message"`
	Locations        []Location `json:"locations"`
	RelatedLocations []Location `json:"relatedLocations,omitempty"`
	Fixes            []Fix      `json:"fixes,omitempty"`
}

// Location is a place in a file, with an optional message (for related
// locations).
type Location struct {
	ID               *int             `json:"id,omitempty"`
	PhysicalLocation PhysicalLocation `json:"physicalLocation"`
	Message          *Message         `json:"message,omitempty"`
}

// PhysicalLocation is a region of a file.
type PhysicalLocation struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Region           Region           `json:"region"`
}

// ArtifactLocation names a file: relative to URIBaseID when that is set,
// else an absolute file URI.
type ArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

// Region is a span of text. Lines and columns count from 1; columns are in
// UTF-16 code units, SARIF's default, and the end column is exclusive.
type Region struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

// Fix is a suggested fix.
type Fix struct {
	Description     Message          `json:"description"`
	ArtifactChanges []ArtifactChange `json:"artifactChanges"`
}

// ArtifactChange is the part of a fix that edits one file.
type ArtifactChange struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Replacements     []Replacement    `json:"replacements"`
}

// Replacement replaces DeletedRegion (empty for an insertion) with
// InsertedContent.
type Replacement struct {
	DeletedRegion   Region           `json:"deletedRegion"`
	InsertedContent *ArtifactContent `json:"insertedContent,omitempty"`
}

// ArtifactContent is inserted text.
type ArtifactContent struct {
	Text string `json:"text"`
}

// ToolInfo describes the tool and its rules to Build.
type ToolInfo struct {
	Name           string
	Version        string
	InformationURI string
	Rules          []RuleInfo
}

// RuleInfo describes one analyzer: its name, one-line title, the rest of
// its documentation, and the URL of its documentation page.
type RuleInfo struct {
	ID, Title, Description, URL string
	// OffByDefault marks an analyzer that runs only when chosen (-all,
	// -NAME, the configuration file).
	OffByDefault bool
	// Precision is its measured precision, as text; "" if not measured.
	Precision string
}

// Build returns the SARIF log for findings. Files under root get locations
// relative to %SRCROOT%, which the log maps to root. A finding whose
// analyzer is not among tool's rules gets a rule of its own, so that every
// ruleId resolves.
func Build(tool ToolInfo, root string, findings []finding.Finding) *Log {
	b := &builder{root: root, index: make(map[string]int), cols: columns{read: os.ReadFile}}
	d := Driver{Name: tool.Name, Version: tool.Version, InformationURI: tool.InformationURI, Rules: []Rule{}}
	for _, r := range tool.Rules {
		b.addRule(&d, r)
	}
	results := []Result{}
	for _, f := range findings {
		if _, ok := b.index[f.Analyzer]; !ok {
			b.addRule(&d, RuleInfo{ID: f.Analyzer, Title: f.Analyzer})
		}
		results = append(results, b.result(f))
	}
	run := Run{Tool: Tool{Driver: d}, Results: results}
	if root != "" {
		run.OriginalURIBaseIDs = map[string]ArtifactLocation{SrcRoot: {URI: fileURI(root, true)}}
	}
	return &Log{Version: Version, Schema: Schema, Runs: []Run{run}}
}

// Write encodes log as indented JSON.
func Write(w io.Writer, log *Log) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

type builder struct {
	root  string
	index map[string]int // rule ID → index in Driver.Rules
	cols  columns
}

func (b *builder) addRule(d *Driver, r RuleInfo) {
	rule := Rule{
		ID:                   r.ID,
		ShortDescription:     Message{Text: r.Title},
		HelpURI:              r.URL,
		DefaultConfiguration: Configuration{Level: "warning"},
	}
	if r.OffByDefault {
		off := false
		rule.DefaultConfiguration.Enabled = &off
	}
	if r.Precision != "" || r.OffByDefault {
		rule.Properties = &RuleProperties{Precision: r.Precision}
		if r.OffByDefault {
			rule.Properties.Tags = []string{"off-by-default"}
		}
	}
	if r.Description != "" {
		// Code scanning shows help as the rule's documentation and
		// fullDescription as a summary: the first paragraph.
		first, _, _ := strings.Cut(r.Description, "\n\n")
		rule.FullDescription = &Message{Text: first}
		rule.Help = &Message{Text: r.Description}
	}
	b.index[r.ID] = len(d.Rules)
	d.Rules = append(d.Rules, rule)
}

func (b *builder) result(f finding.Finding) Result {
	r := Result{
		RuleID:    f.Analyzer,
		RuleIndex: b.index[f.Analyzer],
		Level:     "warning",
		Message:   Message{Text: f.Message},
		Locations: []Location{b.location(f.Pos, f.End)},
	}
	for i, rel := range f.Related {
		loc := b.location(rel.Pos, rel.End)
		id := i + 1
		loc.ID = &id
		loc.Message = &Message{Text: rel.Message}
		r.RelatedLocations = append(r.RelatedLocations, loc)
	}
	for _, fix := range f.Fixes {
		r.Fixes = append(r.Fixes, b.fix(fix))
	}
	return r
}

func (b *builder) location(pos, end token.Position) Location {
	return Location{PhysicalLocation: PhysicalLocation{
		ArtifactLocation: b.artifact(pos.Filename),
		Region:           b.region(pos, end, false),
	}}
}

// region converts a byte-based span to SARIF's. A span without extent
// becomes a point (no end) for a result, but stays an empty region for an
// insertion, where the end says where the text goes.
func (b *builder) region(pos, end token.Position, keepEmpty bool) Region {
	r := Region{StartLine: max(pos.Line, 1), StartColumn: b.cols.utf16(pos)}
	if end.IsValid() && end.Filename == pos.Filename && (keepEmpty || end.Offset > pos.Offset) {
		r.EndLine = end.Line
		r.EndColumn = b.cols.utf16(end)
	}
	return r
}

func (b *builder) artifact(filename string) ArtifactLocation {
	if rel, ok := finding.RelPath(b.root, filename); ok {
		return ArtifactLocation{URI: (&url.URL{Path: rel}).String(), URIBaseID: SrcRoot}
	}
	return ArtifactLocation{URI: fileURI(filename, false)}
}

func (b *builder) fix(fix finding.Fix) Fix {
	out := Fix{Description: Message{Text: fix.Message}}
	byFile := make(map[string]int) // file → index in out.ArtifactChanges
	for _, e := range fix.Edits {
		i, ok := byFile[e.Pos.Filename]
		if !ok {
			i = len(out.ArtifactChanges)
			byFile[e.Pos.Filename] = i
			out.ArtifactChanges = append(out.ArtifactChanges, ArtifactChange{ArtifactLocation: b.artifact(e.Pos.Filename)})
		}
		rep := Replacement{DeletedRegion: b.region(e.Pos, e.End, true)}
		if e.New != "" {
			rep.InsertedContent = &ArtifactContent{Text: e.New}
		}
		out.ArtifactChanges[i].Replacements = append(out.ArtifactChanges[i].Replacements, rep)
	}
	return out
}

// fileURI returns the file URI of an absolute path; a directory's ends in
// a slash, as SARIF requires of a base URI.
func fileURI(path string, dir bool) string {
	uri := fileuri.FromPath(path)
	if dir && !strings.HasSuffix(uri, "/") {
		uri += "/"
	}
	return uri
}

// columns converts Go's byte columns to UTF-16 columns, reading each file
// at most once. When a file cannot be read the byte column is kept, which
// is right for ASCII lines anyway.
type columns struct {
	read  func(string) ([]byte, error)
	files map[string][][]byte
}

func (c *columns) utf16(p token.Position) int {
	col := max(p.Column, 1)
	if c.files == nil {
		c.files = make(map[string][][]byte)
	}
	lines, ok := c.files[p.Filename]
	if !ok {
		if data, err := c.read(p.Filename); err == nil {
			lines = bytes.Split(data, []byte("\n"))
		}
		c.files[p.Filename] = lines
	}
	if p.Line < 1 || p.Line > len(lines) {
		return col
	}
	line := lines[p.Line-1]
	prefix := line[:min(col-1, len(line))]
	if !utf8.Valid(prefix) {
		return col
	}
	n := 1
	for _, r := range string(prefix) {
		n += utf16.RuneLen(r)
	}
	return n + (col - 1 - len(prefix)) // a column past the line's end stays past it
}
