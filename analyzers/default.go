package analyzers

import "golang.org/x/tools/go/analysis"

// Precision describes how many of a's findings on the precision corpus
// (bench/precision) were real bugs or risky code, counted from the
// corpus's triage file by internal/gendocs: "93% (14/15)", or "no
// findings".
func Precision(a *analysis.Analyzer) string {
	return measured(a.Name).Percent()
}

// Default reports whether a runs when neither the command line nor a
// configuration file chooses: only while at least 90% of its findings on
// the precision corpus are real bugs or risky code. The others run with
// -all, -NAME, or "enable: [all]" in the configuration file.
func Default(a *analysis.Analyzer) bool {
	return measured(a.Name).Precise()
}
