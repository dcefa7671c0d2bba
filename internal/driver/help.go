package driver

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// title returns the first paragraph of an analyzer's Doc, its one-line
// summary, without the "NAME: " that docs extracted from doc.go's
// "# Analyzer NAME" section start with.
func title(a *analysis.Analyzer) string {
	t, _, _ := strings.Cut(a.Doc, "\n\n")
	return strings.TrimPrefix(strings.TrimSpace(t), a.Name+": ")
}

// body returns the paragraphs of an analyzer's Doc after the title.
func body(a *analysis.Analyzer) string {
	_, b, _ := strings.Cut(a.Doc, "\n\n")
	return strings.TrimSpace(b)
}

// printUsage prints the short usage shown on a command-line mistake.
func (p Program) printUsage(w io.Writer) {
	fmt.Fprintf(w, `%[1]s finds concurrency mistakes in Go code.

Usage: %[1]s [-flag] [package]

Run '%[1]s help' for the analyzers and flags,
 or '%[1]s help NAME' for the documentation of one analyzer.
`, p.name())
}

// printHelp implements "help" (args empty) and "help NAME...". It reports
// whether every name was known.
func (p Program) printHelp(w io.Writer, fs *flag.FlagSet, args []string) bool {
	if len(args) == 0 {
		p.printOverview(w, fs)
		return true
	}
	ok := true
	for n, name := range args {
		i := slices.IndexFunc(p.Analyzers, func(a *analysis.Analyzer) bool { return a.Name == name })
		if i < 0 {
			fmt.Fprintf(p.stderr(), "%s: unknown analyzer %q; run '%s help' for the list\n", p.name(), name, p.name())
			ok = false
			continue
		}
		if n > 0 {
			fmt.Fprintln(w)
		}
		printAnalyzer(w, p.Analyzers[i])
		p.printStatus(w, p.Analyzers[i])
	}
	return ok
}

func (p Program) printOverview(w io.Writer, fs *flag.FlagSet) {
	p.printUsage(w)
	analyzers := slices.Clone(p.Analyzers)
	slices.SortFunc(analyzers, func(a, b *analysis.Analyzer) int { return strings.Compare(a.Name, b.Name) })
	on, off := partition(analyzers, p.isDefault)
	fmt.Fprint(w, "\nAnalyzers, on by default:\n\n")
	for _, a := range on {
		p.printLine(w, a)
	}
	if len(off) > 0 {
		fmt.Fprint(w, "\nOff by default, being less than 90% precise on code they were not\nwritten against (-all or -NAME runs them):\n\n")
		for _, a := range off {
			p.printLine(w, a)
		}
	}
	fmt.Fprint(w, `
Precision is the share of an analyzer's findings on the precision corpus
(bench/precision) that are real bugs or risky code.
The analyzers on by default run, except those a .golint-conc.yml file
disables; -all runs every analyzer. -NAME runs only the analyzers named
so; -NAME=false switches one off.

Exit status: 0 clean, 3 findings (text and github formats, -diff with
changes), 1 errors (packages that do not load, analysis failures, bad
configuration), 2 bad command line. -format=json and -format=sarif exit 0
with findings.

Flags:

`)
	// The -NAME and -NAME.flag flags are listed above and under help NAME.
	core := flag.NewFlagSet("", flag.ContinueOnError)
	fs.VisitAll(func(f *flag.Flag) {
		if !p.isAnalyzerFlag(f.Name) {
			core.Var(f.Value, f.Name, f.Usage)
		}
	})
	core.SetOutput(w)
	core.PrintDefaults()
	fmt.Fprintf(w, "\nRun '%s help NAME' for the documentation and flags of one analyzer.\n", p.name())
}

// printLine prints an analyzer's name, summary and precision.
func (p Program) printLine(w io.Writer, a *analysis.Analyzer) {
	fmt.Fprintf(w, "    %-14s %s", a.Name, title(a))
	if prec := p.precision(a); prec != "" {
		fmt.Fprintf(w, " [precision: %s]", prec)
	}
	fmt.Fprintln(w)
}

func partition(as []*analysis.Analyzer, keep func(*analysis.Analyzer) bool) (yes, no []*analysis.Analyzer) {
	for _, a := range as {
		if keep(a) {
			yes = append(yes, a)
		} else {
			no = append(no, a)
		}
	}
	return yes, no
}

func (p Program) isAnalyzerFlag(name string) bool {
	prefix, _, _ := strings.Cut(name, ".")
	return slices.ContainsFunc(p.Analyzers, func(a *analysis.Analyzer) bool { return a.Name == prefix })
}

// printStatus says whether a runs by default, and why.
func (p Program) printStatus(w io.Writer, a *analysis.Analyzer) {
	status := "on by default"
	if !p.isDefault(a) {
		status = "off by default (less than 90% precise on the precision corpus); -all or -" + a.Name + " runs it"
	}
	if prec := p.precision(a); prec != "" {
		status += "; precision on the precision corpus: " + prec
	}
	fmt.Fprintf(w, "\nStatus: %s.\n", status)
}

// printAnalyzer prints an analyzer's full documentation and its flags.
func printAnalyzer(w io.Writer, a *analysis.Analyzer) {
	fmt.Fprintf(w, "%s: %s\n", a.Name, title(a))
	first := true
	fs := flag.NewFlagSet(a.Name, flag.ContinueOnError)
	a.Flags.VisitAll(func(f *flag.Flag) {
		if first {
			first = false
			fmt.Fprint(w, "\nAnalyzer flags:\n\n")
		}
		fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
	})
	fs.SetOutput(w)
	fs.PrintDefaults()
	if b := body(a); b != "" {
		fmt.Fprintf(w, "\n%s\n", b)
	}
	if a.URL != "" {
		fmt.Fprintf(w, "\nMore: %s\n", a.URL)
	}
}
