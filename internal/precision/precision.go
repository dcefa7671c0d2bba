// Package precision reads the triage file of the precision corpus, a
// verdict for every finding golint-conc makes on code nobody tuned it to,
// and counts the verdicts per analyzer.
//
// The file (bench/precision/triage.tsv) has one tab-separated line per
// finding: module, file:line (relative to the module root), analyzer,
// verdict and a one-line reason. Lines starting with # are comments. The
// verdicts are TP (a real bug), RISKY (code that works today by luck or
// only in the way it is used, worth a change) and FP (wrong: the code is
// correct). The counts decide which analyzers run by default
// (analyzers.Default), and the precision command in bench/ checks that
// every finding has a verdict.
package precision

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Verdicts.
const (
	TP    = "TP"
	Risky = "RISKY"
	FP    = "FP"
)

// A Key names one finding: where it is and which analyzer made it.
type Key struct {
	Module   string
	Position string // file:line, the file relative to the module root
	Analyzer string
}

func (k Key) String() string { return k.Module + " " + k.Position + " " + k.Analyzer }

// A Verdict is one line of the triage file.
type Verdict struct {
	Key
	Verdict string
	Reason  string
	Line    int // in the triage file
}

// A Finding is one finding of a run.
type Finding struct {
	Key
	Message string
}

// Parse reads a triage file.
func Parse(data []byte) ([]Verdict, error) {
	var vs []Verdict
	seen := make(map[Key]int)
	for i, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			return nil, fmt.Errorf("line %d: want 5 tab-separated fields (module, file:line, analyzer, verdict, reason), have %d", i+1, len(f))
		}
		v := Verdict{Key: Key{f[0], f[1], f[2]}, Verdict: f[3], Reason: strings.TrimSpace(f[4]), Line: i + 1}
		switch v.Verdict {
		case TP, Risky, FP:
		default:
			return nil, fmt.Errorf("line %d: verdict %q, want TP, RISKY or FP", i+1, v.Verdict)
		}
		if v.Reason == "" {
			return nil, fmt.Errorf("line %d: a verdict needs a reason", i+1)
		}
		if prev, dup := seen[v.Key]; dup {
			return nil, fmt.Errorf("line %d: %s has a verdict already, on line %d", i+1, v.Key, prev)
		}
		seen[v.Key] = v.Line
		vs = append(vs, v)
	}
	return vs, nil
}

// A Tally counts one analyzer's verdicts.
type Tally struct {
	TP, Risky, FP int
}

// Findings is the number of findings triaged.
func (t Tally) Findings() int { return t.TP + t.Risky + t.FP }

// Correct is the number of findings worth a user's time: real bugs and
// risky code.
func (t Tally) Correct() int { return t.TP + t.Risky }

// Precise reports whether the analyzer may run by default: at least 90%
// of its findings are correct. An analyzer without findings on the corpus
// qualifies; its fixtures prove that it finds what it should.
func (t Tally) Precise() bool { return t.Correct()*10 >= t.Findings()*9 }

// Percent formats the precision, or "no findings".
func (t Tally) Percent() string {
	if t.Findings() == 0 {
		return "no findings"
	}
	return fmt.Sprintf("%d%% (%d/%d)", t.Correct()*100/t.Findings(), t.Correct(), t.Findings())
}

// Count tallies verdicts per analyzer.
func Count(vs []Verdict) map[string]Tally {
	m := make(map[string]Tally)
	for _, v := range vs {
		t := m[v.Analyzer]
		switch v.Verdict {
		case TP:
			t.TP++
		case Risky:
			t.Risky++
		case FP:
			t.FP++
		}
		m[v.Analyzer] = t
	}
	return m
}

// A Report compares a run with the triage file.
type Report struct {
	Tallies   map[string]Tally // of the findings of the run that have verdicts
	Untriaged []Finding        // findings without a verdict
	Vanished  []Verdict        // verdicts whose finding the run no longer makes
}

// Compare matches the findings of a run with the verdicts.
func Compare(found []Finding, verdicts []Verdict) Report {
	byKey := make(map[Key]Verdict, len(verdicts))
	for _, v := range verdicts {
		byKey[v.Key] = v
	}
	r := Report{}
	var matched []Verdict
	seen := make(map[Key]bool)
	for _, f := range found {
		if seen[f.Key] {
			continue
		}
		seen[f.Key] = true
		if v, ok := byKey[f.Key]; ok {
			matched = append(matched, v)
		} else {
			r.Untriaged = append(r.Untriaged, f)
		}
	}
	for _, v := range verdicts {
		if !seen[v.Key] {
			r.Vanished = append(r.Vanished, v)
		}
	}
	r.Tallies = Count(matched)
	return r
}

// Write prints the per-analyzer table, then the untriaged findings as
// triage lines with the verdict left to fill in, then the vanished
// verdicts.
func (r Report) Write(w io.Writer) {
	names := make([]string, 0, len(r.Tallies))
	for name := range r.Tallies {
		names = append(names, name)
	}
	slices.Sort(names)
	var total Tally
	fmt.Fprintf(w, "%-13s %8s %4s %6s %4s  %s\n", "analyzer", "findings", "TP", "RISKY", "FP", "precision")
	for _, name := range names {
		t := r.Tallies[name]
		total.TP += t.TP
		total.Risky += t.Risky
		total.FP += t.FP
		fmt.Fprintf(w, "%-13s %8d %4d %6d %4d  %s\n", name, t.Findings(), t.TP, t.Risky, t.FP, t.Percent())
	}
	fmt.Fprintf(w, "%-13s %8d %4d %6d %4d  %s\n", "all", total.Findings(), total.TP, total.Risky, total.FP, total.Percent())
	if len(r.Untriaged) > 0 {
		fmt.Fprintf(w, "\n%d findings without a verdict (module, file:line, analyzer, verdict, reason; the message stands in for the reason):\n", len(r.Untriaged))
		for _, f := range r.Untriaged {
			fmt.Fprintf(w, "%s\t%s\t%s\t?\t%s\n", f.Module, f.Position, f.Analyzer, f.Message)
		}
	}
	if len(r.Vanished) > 0 {
		slices.SortFunc(r.Vanished, func(a, b Verdict) int { return cmp.Compare(a.Line, b.Line) })
		fmt.Fprintf(w, "\n%d verdicts whose finding is gone (delete the line once the change is understood):\n", len(r.Vanished))
		for _, v := range r.Vanished {
			note := ""
			if v.Verdict != FP {
				note = "  REGRESSION: a correct finding is lost"
			}
			fmt.Fprintf(w, "triage.tsv:%d: %s %s%s\n", v.Line, v.Key, v.Verdict, note)
		}
	}
}
