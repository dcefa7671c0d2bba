package ignore

import (
	"go/ast"
	"go/token"
	"regexp"
	"slices"
	"strings"
)

// Kind says which syntax a directive uses.
type Kind int

const (
	// Unknown is a "//golint-conc:" comment with a verb other than
	// ignore or file-ignore; it suppresses nothing.
	Unknown Kind = iota
	// Ignore is //golint-conc:ignore NAMES reason.
	Ignore
	// FileIgnore is //golint-conc:file-ignore NAMES reason.
	FileIgnore
	// Nolint is golangci-lint's //nolint[:NAMES] [// reason].
	Nolint
)

func (k Kind) String() string {
	switch k {
	case Ignore:
		return "golint-conc:ignore"
	case FileIgnore:
		return "golint-conc:file-ignore"
	case Nolint:
		return "nolint"
	}
	return "unknown"
}

// Linter is the name golangci-lint knows golint-conc by; a //nolint
// naming it covers every golint-conc analyzer.
const Linter = "golint-conc"

// All, as a name in any directive, covers every analyzer.
const All = "all"

// A golint-conc directive starts with "//golint-conc:". Go treats only
// "//[a-z0-9]+:" comments as directives, so in the doc comment of a
// top-level declaration gofmt rewrites ours, whose name has a hyphen, to
// "// golint-conc:"; that spelling is accepted too, or gofmt would
// silently disable every directive written above a func.
var prefixes = []string{"//" + Linter + ":", "// " + Linter + ":"}

// golangci-lint's own test for a nolint comment, applied after leading
// slashes and spaces are trimmed; matching it exactly keeps a comment that
// golangci-lint treats as nolint and one we do treat as nolint the same.
var nolintRE = regexp.MustCompile(`^nolint( |:|$)`)

// A Directive is one suppression comment.
type Directive struct {
	Kind Kind
	// Verb is the word after "//golint-conc:" (for Unknown directives, the
	// misspelt verb); empty for Nolint.
	Verb string
	// Names are the analyzer (or, for Nolint, linter) names, lower-cased,
	// in the order written. An empty string marks an empty item, as in
	// "a,,b". Names is nil for a bare //nolint, which covers every linter.
	Names []string
	// Reason is the explanation after the names, without a leading "//".
	Reason string
	// Pos and End delimit the comment.
	Pos, End token.Pos
}

// Parse returns the directives among the comments of file, in source
// order. Only line comments (//...) can be directives.
func Parse(file *ast.File) []Directive {
	var ds []Directive
	for _, g := range file.Comments {
		for _, c := range g.List {
			if d, ok := ParseComment(c); ok {
				ds = append(ds, d)
			}
		}
	}
	return ds
}

// ParseComment parses c as a directive and reports whether it is one.
func ParseComment(c *ast.Comment) (Directive, bool) {
	d, ok := parseText(c.Text)
	d.Pos, d.End = c.Pos(), c.End()
	return d, ok
}

// parseText parses the text of one comment, "//" included.
func parseText(text string) (Directive, bool) {
	if !strings.HasPrefix(text, "//") {
		return Directive{}, false
	}
	for i, p := range prefixes {
		if rest, ok := strings.CutPrefix(text, p); ok {
			d := parseOwn(rest)
			// The spaced spelling, which gofmt makes of a directive in a
			// doc comment, could also be prose that starts a line with
			// "golint-conc:"; only a known verb makes it a directive.
			if i > 0 && d.Kind == Unknown {
				return Directive{}, false
			}
			return d, true
		}
	}
	if rest := strings.TrimLeft(text, "/ "); nolintRE.MatchString(rest) {
		return parseNolint(rest), true
	}
	return Directive{}, false
}

// parseOwn parses the part of a //golint-conc: directive after the colon:
// "VERB NAME[,NAME...] reason words".
func parseOwn(rest string) Directive {
	fields := strings.Fields(rest)
	d := Directive{Kind: Unknown}
	if len(fields) == 0 {
		return d
	}
	d.Verb = fields[0]
	switch d.Verb {
	case "ignore":
		d.Kind = Ignore
	case "file-ignore":
		d.Kind = FileIgnore
	}
	if len(fields) > 1 {
		d.Names = splitNames(fields[1])
	}
	if len(fields) > 2 {
		d.Reason = reason(strings.Join(fields[2:], " "))
	}
	return d
}

// parseNolint parses a comment that golangci-lint treats as nolint; rest
// starts with "nolint". Like golangci-lint, the names run up to a "//",
// so "//nolint:a because" names one linter called "a because".
func parseNolint(rest string) Directive {
	d := Directive{Kind: Nolint}
	head, tail, hasTail := strings.Cut(rest, "//")
	if hasTail {
		d.Reason = reason(tail)
	}
	list, named := strings.CutPrefix(head, "nolint:")
	if !named {
		// Bare //nolint covers everything; whatever follows it is prose.
		if !hasTail {
			d.Reason = reason(strings.TrimPrefix(head, "nolint"))
		}
		return d
	}
	d.Names = splitNames(list)
	return d
}

func splitNames(list string) []string {
	names := strings.Split(list, ",")
	for i, n := range names {
		names[i] = strings.ToLower(strings.TrimSpace(n))
	}
	return names
}

func reason(s string) string {
	return strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(s), "/"))
}

// Covers reports whether d suppresses the diagnostics of the named
// analyzer. A golint-conc directive without a reason covers nothing.
func (d Directive) Covers(analyzer string) bool {
	switch d.Kind {
	case Ignore, FileIgnore:
		return d.Reason != "" && (d.Mentions(analyzer) || d.Mentions(All))
	case Nolint:
		return d.Names == nil || d.Mentions(All) || d.Mentions(Linter) || d.Mentions(analyzer)
	}
	return false
}

// Mentions reports whether name is one of d's names. Names are compared
// without regard to case.
func (d Directive) Mentions(name string) bool {
	return slices.Contains(d.Names, strings.ToLower(name))
}

// NamesAny reports whether d explicitly names golint-conc or one of the
// given analyzers. Bare //nolint and //nolint:all do not: they concern
// every linter golangci-lint runs, not golint-conc in particular.
func (d Directive) NamesAny(analyzers []string) bool {
	if d.Mentions(Linter) {
		return true
	}
	return slices.ContainsFunc(analyzers, d.Mentions)
}
