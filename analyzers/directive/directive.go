package directive

import (
	_ "embed"
	"go/ast"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/golint-conc/golint-conc/internal/analysisdoc"
	"github.com/golint-conc/golint-conc/internal/ignore"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name: "directive",
	Doc:  analysisdoc.MustExtract(doc, "directive"),
	URL:  "https://github.com/golint-conc/golint-conc/blob/main/docs/directive.md",
	Run:  run,
}

// analyzerNames are the names a directive may use for golint-conc's
// analyzers. The analyzers package imports this one, so the list cannot
// come from analyzers.All(); a test checks that the two agree.
func analyzerNames() []string {
	return []string{
		"busyloop", "chanleak", "closedchan", "condwait", "ctxdone",
		"directive", "handlergo", "lockblock", "lockleak", "loopcapture",
		"mainexit", "recvclose", "sharedwrite", "sleepsync", "synccopy",
		"tickerleak", "waitgroupadd", "wgdone",
	}
}

func run(pass *analysis.Pass) (any, error) {
	names := analyzerNames()
	for _, file := range pass.Files {
		if ast.IsGenerated(file) {
			continue // its author cannot add reasons to a generated file
		}
		for _, d := range ignore.Parse(file) {
			if msg := problem(d, names); msg != "" {
				pass.Report(analysis.Diagnostic{Pos: d.Pos, End: d.End, Message: msg})
			}
		}
	}
	return nil, nil
}

// problem returns what is wrong with d, or "" if nothing is.
func problem(d ignore.Directive, names []string) string {
	switch d.Kind {
	case ignore.Unknown:
		return "unknown directive golint-conc:" + d.Verb + ": it suppresses nothing; write golint-conc:ignore or golint-conc:file-ignore"
	case ignore.Ignore, ignore.FileIgnore:
		return ownProblem(d, names)
	case ignore.Nolint:
		return nolintProblem(d, names)
	}
	return ""
}

func ownProblem(d ignore.Directive, names []string) string {
	if len(d.Names) == 0 || d.Reason == "" {
		return d.Kind.String() + " needs the analyzer names and a reason, e.g. //" + d.Kind.String() + " chanleak the sender exits on shutdown"
	}
	for _, n := range d.Names {
		switch {
		case n == "":
			return d.Kind.String() + " has an empty analyzer name: separate names with commas and no spaces, e.g. chanleak,wgdone"
		case n != ignore.All && !slices.Contains(names, n):
			return d.Kind.String() + " names " + strconv.Quote(n) + ", which is not a golint-conc analyzer, so it suppresses nothing for it; see golint-conc help for the names, or use all"
		}
	}
	return ""
}

func nolintProblem(d ignore.Directive, names []string) string {
	for _, n := range d.Names {
		// golangci-lint reads "//nolint:chanleak because" as one name.
		if first, _, spaced := strings.Cut(n, " "); spaced && (first == ignore.Linter || slices.Contains(names, first)) {
			return "nolint reads " + strconv.Quote(n) + " as one linter name, so it suppresses nothing: put // before the reason, as in //nolint:" + first + " // reason"
		}
	}
	if d.Reason == "" && d.NamesAny(names) {
		return "nolint for golint-conc needs a reason, e.g. //nolint:chanleak // the sender exits on shutdown"
	}
	return ""
}
