// Command countfindings counts the findings in a linter's JSON output, per
// analyzer, for the benchmark tables of bench/run.sh.
//
// It reads from standard input either the x/tools JSON tree that
// multichecker -json, golint-conc -json and go vet -json print (a stream of
// {"PACKAGE": {"ANALYZER": [diagnostic...] or {"error": "..."}}} objects, with
// go vet's "# package" lines between them), or, with -staticcheck,
// staticcheck's -f json output (one object per line, the check in "code").
//
// With -list it prints the findings themselves, one "POSITION: ANALYZER:
// MESSAGE" line each, sorted, for reading and triage.
//
// A finding is counted once per position, analyzer and message: the
// multichecker reports a package and its test variant separately, so the
// same finding in a non-test file would otherwise count twice.
package main

import (
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/golint-conc/golint-conc/analyzers"
	"github.com/golint-conc/golint-conc/bench/internal/vetjson"
)

func main() {
	staticcheck := flag.Bool("staticcheck", false, "read staticcheck -f json output")
	golintConc := flag.Bool("golint-conc", false, "list every golint-conc analyzer, with 0 for those without findings")
	list := flag.Bool("list", false, "print the findings instead of counting them")
	flag.Parse()

	read := readVet
	if *staticcheck {
		read = readStaticcheck
	}
	c, err := read(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "countfindings:", err)
		os.Exit(1)
	}
	if *golintConc {
		for _, a := range analyzers.All() {
			c.byAnalyzer[a.Name] += 0 // listed even without findings
		}
	}
	if *list {
		c.list(os.Stdout)
		return
	}
	c.print(os.Stdout)
}

// counts holds the distinct findings and the analysis errors read.
type counts struct {
	seen       map[key]bool
	byAnalyzer map[string]int
	errors     int
}

type key struct{ analyzer, posn, message string }

func newCounts() *counts {
	return &counts{seen: make(map[key]bool), byAnalyzer: make(map[string]int)}
}

// add counts a finding unless the same one was counted already.
func (c *counts) add(analyzer, posn, message string) {
	k := key{analyzer, posn, message}
	if c.seen[k] {
		return
	}
	c.seen[k] = true
	c.byAnalyzer[analyzer]++
}

func (c *counts) total() int {
	n := 0
	for _, v := range c.byAnalyzer {
		n += v
	}
	return n
}

// print writes "findings N", "errors N", then one "ANALYZER N" line per
// analyzer, most findings first, so that the script can take the first
// lines for its table and show the rest as they are.
func (c *counts) print(w io.Writer) {
	fmt.Fprintf(w, "findings %d\n", c.total())
	fmt.Fprintf(w, "errors %d\n", c.errors)
	names := make([]string, 0, len(c.byAnalyzer))
	for name := range c.byAnalyzer {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(c.byAnalyzer[b], c.byAnalyzer[a]), cmp.Compare(a, b))
	})
	for _, name := range names {
		fmt.Fprintf(w, "%s %d\n", name, c.byAnalyzer[name])
	}
}

// list writes each distinct finding on a line, sorted by position.
func (c *counts) list(w io.Writer) {
	keys := make([]key, 0, len(c.seen))
	for k := range c.seen {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.posn, b.posn), cmp.Compare(a.analyzer, b.analyzer), cmp.Compare(a.message, b.message))
	})
	for _, k := range keys {
		fmt.Fprintf(w, "%s: %s: %s\n", k.posn, k.analyzer, k.message)
	}
}

// readVet reads a stream of x/tools JSON trees.
func readVet(r io.Reader) (*counts, error) {
	c := newCounts()
	diags, errs, err := vetjson.Read(r, func(analyzer string) {
		c.byAnalyzer[analyzer] += 0 // an analyzer that ran is listed, findings or not
	})
	if err != nil {
		return nil, err
	}
	c.errors = len(errs)
	for _, d := range diags {
		c.add(d.Analyzer, d.Posn, d.Message)
	}
	return c, nil
}

// readStaticcheck reads staticcheck's -f json output, one finding a line.
// Compiler errors come with the code "compile" and count as errors.
func readStaticcheck(r io.Reader) (*counts, error) {
	c := newCounts()
	dec := json.NewDecoder(r)
	for {
		var f struct {
			Code     string
			Message  string
			Location struct {
				File         string
				Line, Column int
			}
		}
		if err := dec.Decode(&f); err == io.EOF {
			return c, nil
		} else if err != nil {
			return nil, fmt.Errorf("not staticcheck JSON output: %v", err)
		}
		if f.Code == "compile" {
			c.errors++
			continue
		}
		posn := fmt.Sprintf("%s:%d:%d", f.Location.File, f.Location.Line, f.Location.Column)
		c.add(f.Code, posn, f.Message)
	}
}
