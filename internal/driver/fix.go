package driver

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/golint-conc/golint-conc/internal/driver/finding"
	"github.com/golint-conc/golint-conc/internal/driver/fix"
)

// fix applies the findings' fixes, or with diff prints them as a unified
// diff, and returns the exit code.
func (p Program) fix(root string, findings []finding.Finding, diff bool) int {
	res, err := fix.Apply(findings, os.ReadFile)
	if err != nil {
		return p.fail(exitError, err)
	}
	failed := false
	var changed []string
	for _, f := range res.Files {
		name, _ := finding.RelPath(root, f.Name)
		if f.Err != nil {
			fmt.Fprintf(p.stderr(), "%s: %s left unchanged: %v\n", p.name(), name, f.Err)
			failed = true
			continue
		}
		if diff {
			io.WriteString(p.stdout(), fix.Unified(name, f.Old, f.New))
		} else if err := writeFile(f.Name, f.New); err != nil {
			fmt.Fprintf(p.stderr(), "%s: %v\n", p.name(), err)
			failed = true
			continue
		}
		changed = append(changed, name)
	}
	verb := "applied"
	if diff {
		verb = "would apply"
	}
	summary := fmt.Sprintf("%s: %s %s", p.name(), verb, plural(res.Applied, "fix", "fixes"))
	if len(changed) > 0 {
		summary += " in " + strings.Join(changed, ", ")
	}
	fmt.Fprintln(p.stderr(), summary)
	if res.Skipped > 0 {
		fmt.Fprintf(p.stderr(), "%s: skipped %s that overlap others; run again to apply them\n", p.name(), plural(res.Skipped, "fix", "fixes"))
		failed = true
	}
	if res.Generated > 0 {
		fmt.Fprintf(p.stderr(), "%s: skipped %s in generated files\n", p.name(), plural(res.Generated, "fix", "fixes"))
	}
	switch {
	case failed:
		return exitError
	case diff && len(changed) > 0:
		return exitFindings
	}
	return exitClean
}

// writeFile replaces the content of an existing file, keeping its mode.
func writeFile(name string, data []byte) error {
	info, err := os.Stat(name)
	if err != nil {
		return err
	}
	return os.WriteFile(name, data, info.Mode().Perm())
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
