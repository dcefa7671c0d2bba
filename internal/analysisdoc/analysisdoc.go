// Package analysisdoc extracts an analyzer's documentation from the
// package comment of its doc.go, so that the package docs, the Doc string
// shown by "golint-conc help NAME" and the generated docs/NAME.md page
// are one text.
package analysisdoc

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// Extract returns the "# Analyzer NAME" section of the package comment in
// content, the source of a doc.go file. Go doc comments have a single
// heading level, so by convention the analyzer section is the last one and
// runs to the end of the comment. Its first line must be the analyzer's
// name, a colon and the one-line summary, which "golint-conc help" lists.
func Extract(content, name string) (string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("parsing doc.go: %w", err)
	}
	if f.Doc == nil {
		return "", fmt.Errorf("doc.go has no package comment")
	}
	text := docText(f.Doc)
	heading := "# Analyzer " + name
	_, body, ok := strings.Cut(text, "\n"+heading+"\n")
	if !ok {
		return "", fmt.Errorf("package comment has no %q heading", heading)
	}
	body = strings.TrimSpace(body)
	if !strings.HasPrefix(body, name+": ") {
		return "", fmt.Errorf("section %q must begin with %q", heading, name+": ")
	}
	return body, nil
}

// MustExtract is like Extract but panics on error; analyzers call it when
// their package is initialised, where a malformed doc.go is a programming
// error caught by every test.
func MustExtract(content, name string) string {
	doc, err := Extract(content, name)
	if err != nil {
		panic(fmt.Sprintf("analyzer %s: %v", name, err))
	}
	return doc
}

// docText returns the comment text with the comment markers removed but,
// unlike ast.CommentGroup.Text, with the indentation of code blocks kept.
func docText(g *ast.CommentGroup) string {
	var lines []string
	for _, c := range g.List {
		s := c.Text
		switch {
		case strings.HasPrefix(s, "//"):
			s = strings.TrimPrefix(strings.TrimPrefix(s, "//"), " ")
			lines = append(lines, s)
		case strings.HasPrefix(s, "/*"):
			s = strings.TrimSuffix(strings.TrimPrefix(s, "/*"), "*/")
			lines = append(lines, strings.Split(s, "\n")...)
		}
	}
	return "\n" + strings.Join(lines, "\n") + "\n"
}
