package ignore

import (
	"go/ast"
	"go/token"
)

// A Scope is the part of a file that one directive covers: lines From to
// To inclusive, or the whole file.
type Scope struct {
	Directive Directive
	From, To  int
	WholeFile bool
}

// contains reports whether line lies in s.
func (s Scope) contains(line int) bool {
	return s.WholeFile || s.From <= line && line <= s.To
}

// Scopes returns the scope of every directive in file. Line numbers are
// those of the file as written (//line directives are not applied), the
// numbering that the directives and the syntax tree share.
//
// A file-ignore covers the whole file. A directive that follows code on
// its line covers that line. A directive alone on its line covers its own
// line and every line of the syntax nodes (statements, declarations, specs,
// fields, case clauses, ...) that start on the next line holding code,
// skipping lines that hold only comments, so a directive above a func
// covers the whole function. A blank line ends the search: a directive
// followed by one covers only its own line.
func Scopes(fset *token.FileSet, file *ast.File) []Scope {
	ds := Parse(file)
	if len(ds) == 0 {
		return nil
	}
	tf := fset.File(file.FileStart)
	if tf == nil {
		return nil
	}
	lines := scanLines(tf, file)
	scopes := make([]Scope, 0, len(ds))
	for _, d := range ds {
		line := lineOf(tf, d.Pos)
		s := Scope{Directive: d, From: line, To: line, WholeFile: d.Kind == FileIgnore}
		if first, ok := lines.codeStart[line]; !ok || first > d.Pos {
			if next := lines.nextCode(line); next > 0 {
				s.To = max(s.To, lines.nodeEnd[next])
			}
		}
		scopes = append(scopes, s)
	}
	return scopes
}

// fileLines records, per line of one file, where its code starts and how
// far the nodes starting on it reach.
type fileLines struct {
	// codeStart maps a line to the position of its first syntax token
	// (the start or end of a node); lines holding no code are absent.
	codeStart map[int]token.Pos
	// nodeEnd maps a line to the last line of the nodes starting on it.
	nodeEnd map[int]int
	// comment holds the lines that comments occupy, code or not.
	comment map[int]bool
}

func scanLines(tf *token.File, file *ast.File) *fileLines {
	l := &fileLines{
		codeStart: make(map[int]token.Pos),
		nodeEnd:   make(map[int]int),
		comment:   make(map[int]bool),
	}
	note := func(pos token.Pos) {
		line := lineOf(tf, pos)
		if first, ok := l.codeStart[line]; !ok || pos < first {
			l.codeStart[line] = pos
		}
	}
	ast.Inspect(file, func(n ast.Node) bool {
		switch n.(type) {
		case nil:
			return false
		case *ast.File:
			// The file node spans the whole file: a directive above the
			// package clause must not cover it. Its tokens are visited
			// through its children (the package name) anyway.
			note(n.Pos())
			return true
		case *ast.CommentGroup, *ast.Comment:
			return false
		}
		if !n.Pos().IsValid() || !n.End().IsValid() {
			return true
		}
		start, end := lineOf(tf, n.Pos()), lineOf(tf, n.End()-1)
		note(n.Pos())
		note(n.End() - 1)
		l.nodeEnd[start] = max(l.nodeEnd[start], end)
		return true
	})
	for _, g := range file.Comments {
		for _, c := range g.List {
			for line := lineOf(tf, c.Pos()); line <= lineOf(tf, c.End()-1); line++ {
				l.comment[line] = true
			}
		}
	}
	return l
}

// nextCode returns the first line after line that holds code, skipping
// lines that hold only comments; 0 if a blank line or the end of the file
// comes first.
func (l *fileLines) nextCode(line int) int {
	for next := line + 1; ; next++ {
		if _, ok := l.codeStart[next]; ok {
			return next
		}
		if !l.comment[next] {
			return 0
		}
	}
}

// lineOf returns the line of pos as written in the file, ignoring //line
// directives, which would otherwise move nodes and comments apart.
func lineOf(tf *token.File, pos token.Pos) int {
	return tf.PositionFor(pos, false).Line
}
