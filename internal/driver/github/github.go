// Package github writes findings as GitHub Actions workflow commands,
// which the Actions runner turns into annotations on the pull request.
//
// Each finding becomes one line on standard output:
//
//	::warning file=F,line=L,col=C,endLine=L2,endColumn=C2,title=golint-conc (NAME)::MESSAGE
//
// with paths relative to the repository root, and the escaping the runner
// expects (see escapeData and escapeProperty).
package github

import (
	"fmt"
	"io"
	"strings"

	"github.com/golint-conc/golint-conc/internal/driver/finding"
)

// Write prints one workflow command per finding. root is the directory
// file paths are made relative to.
func Write(w io.Writer, tool, root string, findings []finding.Finding) error {
	for _, f := range findings {
		if _, err := io.WriteString(w, Command(tool, root, f)+"\n"); err != nil {
			return err
		}
	}
	return nil
}

// Command returns the workflow command for one finding. Related positions
// follow the message on lines of their own, as "file:line:col: message".
func Command(tool, root string, f finding.Finding) string {
	file, _ := finding.RelPath(root, f.Pos.Filename)
	props := []string{
		"file=" + escapeProperty(file),
		fmt.Sprintf("line=%d", max(f.Pos.Line, 1)),
		fmt.Sprintf("col=%d", max(f.Pos.Column, 1)),
	}
	if f.End.IsValid() && f.End.Filename == f.Pos.Filename && f.End.Offset > f.Pos.Offset {
		props = append(props, fmt.Sprintf("endLine=%d", f.End.Line), fmt.Sprintf("endColumn=%d", f.End.Column))
	}
	props = append(props, "title="+escapeProperty(fmt.Sprintf("%s (%s)", tool, f.Analyzer)))

	msg := f.Message
	for _, rel := range f.Related {
		relFile, _ := finding.RelPath(root, rel.Pos.Filename)
		msg += fmt.Sprintf("\n%s:%d:%d: %s", relFile, rel.Pos.Line, rel.Pos.Column, rel.Message)
	}
	return "::warning " + strings.Join(props, ",") + "::" + escapeData(msg)
}

// escapeData escapes a command's message as the runner's toolkit does
// (actions/toolkit, packages/core/src/command.ts): "%" first, so that the
// escapes themselves survive, then the line breaks that would end the
// command.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value, which additionally must not
// contain the ":" and "," that delimit properties.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
