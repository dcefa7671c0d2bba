package driver

import (
	"encoding/json"
	"fmt"
	"go/token"
	"io"
	"os"
	"strings"

	"github.com/golint-conc/golint-conc/internal/runner"

	"github.com/golint-conc/golint-conc/internal/driver/finding"
)

// writeText prints findings as "file:line:col: message (analyzer)", as
// staticcheck does, so that the name a suppression directive needs is in
// view; each related
// position on a line of its own with its message indented by a tab, as
// x/tools' drivers do. With context >= 0 it also prints the lines around
// each position.
func writeText(w io.Writer, findings []finding.Finding, context int) error {
	src := sourceLines{}
	var b strings.Builder
	for _, f := range findings {
		printPlain(&b, src, f.Pos, f.End, f.Message+" ("+f.Analyzer+")", context)
		for _, r := range f.Related {
			printPlain(&b, src, r.Pos, r.End, "\t"+r.Message, context)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func printPlain(b *strings.Builder, src sourceLines, pos, end token.Position, message string, context int) {
	fmt.Fprintf(b, "%s: %s\n", pos, message)
	if context < 0 || !pos.IsValid() {
		return
	}
	if !end.IsValid() || end.Filename != pos.Filename {
		end = pos
	}
	lines := src.get(pos.Filename)
	for i := pos.Line - context; i <= end.Line+context; i++ {
		if 1 <= i && i <= len(lines) {
			fmt.Fprintf(b, "%d\t%s\n", i, lines[i-1])
		}
	}
}

// sourceLines caches the lines of the files shown as context.
type sourceLines map[string][]string

func (s sourceLines) get(filename string) []string {
	lines, ok := s[filename]
	if !ok {
		if data, err := os.ReadFile(filename); err == nil {
			lines = strings.Split(string(data), "\n")
		}
		s[filename] = lines
	}
	return lines
}

// The JSON output keeps the schema of x/tools' drivers (-json), so that
// tools written for go vet -json read it:
//
//	{"PACKAGE ID": {"ANALYZER": [diagnostic...] or {"error": "..."}}}
type (
	jsonTree map[string]map[string]any

	jsonDiagnostic struct {
		Category       string        `json:"category,omitempty"`
		Posn           string        `json:"posn"`
		End            string        `json:"end"`
		Message        string        `json:"message"`
		SuggestedFixes []jsonFix     `json:"suggested_fixes,omitempty"`
		Related        []jsonRelated `json:"related,omitempty"`
	}
	jsonFix struct {
		Message string     `json:"message"`
		Edits   []jsonEdit `json:"edits"`
	}
	jsonEdit struct {
		Filename string `json:"filename"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		New      string `json:"new"`
	}
	jsonRelated struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	}
	jsonError struct {
		Err string `json:"error"`
	}
)

// writeJSON prints findings, grouped by package and analyzer, and the
// errors of every failed action in g, dependencies included.
func writeJSON(w io.Writer, findings []finding.Finding, g *runner.Graph) error {
	tree := make(jsonTree)
	add := func(pkg, analyzer string, v any) {
		if tree[pkg] == nil {
			tree[pkg] = make(map[string]any)
		}
		tree[pkg][analyzer] = v
	}
	if g != nil {
		for act := range g.All() {
			if act.Err != nil {
				add(act.Package.ID, act.Analyzer.Name, jsonError{act.Err.Error()})
			}
		}
	}
	for _, f := range findings {
		list, _ := tree[f.Package][f.Analyzer].([]jsonDiagnostic)
		add(f.Package, f.Analyzer, append(list, toJSON(f)))
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

func toJSON(f finding.Finding) jsonDiagnostic {
	d := jsonDiagnostic{
		Category: f.Category,
		Posn:     f.Pos.String(),
		End:      f.End.String(),
		Message:  f.Message,
	}
	for _, fix := range f.Fixes {
		jf := jsonFix{Message: fix.Message, Edits: []jsonEdit{}}
		for _, e := range fix.Edits {
			jf.Edits = append(jf.Edits, jsonEdit{e.Pos.Filename, e.Pos.Offset, e.End.Offset, e.New})
		}
		d.SuggestedFixes = append(d.SuggestedFixes, jf)
	}
	for _, r := range f.Related {
		d.Related = append(d.Related, jsonRelated{r.Pos.String(), r.End.String(), r.Message})
	}
	return d
}
