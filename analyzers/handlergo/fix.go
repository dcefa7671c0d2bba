package handlergo

import (
	"go/ast"
	"go/token"
	"strconv"

	"golang.org/x/tools/go/analysis"

	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

// detachFix wraps each r.Context() the goroutine works under in
// context.WithoutCancel, which keeps the request's values and drops its
// cancellation. It is offered only from Go 1.21, where WithoutCancel
// exists, and when the file already imports context under its own name,
// so that the edit needs no new import.
func detachFix(pass *analysis.Pass, file *ast.File, exprs []ast.Expr) []analysis.SuggestedFix {
	if len(exprs) == 0 || file == nil || !code.AtLeast(code.FileVersion(pass, file), "go1.21") || !importsContext(file) {
		return nil
	}
	var edits []analysis.TextEdit
	seen := make(map[token.Pos]bool)
	for _, e := range exprs {
		if seen[e.Pos()] {
			continue
		}
		seen[e.Pos()] = true
		edits = append(edits,
			analysis.TextEdit{Pos: e.Pos(), End: e.Pos(), NewText: []byte("context.WithoutCancel(")},
			analysis.TextEdit{Pos: e.End(), End: e.End(), NewText: []byte(")")})
	}
	return []analysis.SuggestedFix{{Message: "Detach the goroutine's context with context.WithoutCancel", TextEdits: edits}}
}

func importsContext(file *ast.File) bool {
	for _, imp := range file.Imports {
		if path, err := strconv.Unquote(imp.Path.Value); err == nil && path == "context" {
			return imp.Name == nil || imp.Name.Name == "context"
		}
	}
	return false
}

// fileOf returns the file the spawn is in.
func fileOf(pass *analysis.Pass, s *spawnsites.Site) *ast.File {
	if s.File != nil {
		return s.File
	}
	for _, f := range pass.Files {
		if f.FileStart <= s.Node.Pos() && s.Node.Pos() <= f.FileEnd {
			return f
		}
	}
	return nil
}
