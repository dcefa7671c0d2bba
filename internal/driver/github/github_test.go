package github_test

import (
	"bytes"
	"go/token"
	"testing"

	"github.com/golint-conc/golint-conc/internal/driver/finding"
	"github.com/golint-conc/golint-conc/internal/driver/github"
)

func pos(file string, line, col, offset int) token.Position {
	return token.Position{Filename: file, Line: line, Column: col, Offset: offset}
}

func TestCommand(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    finding.Finding
		want string
	}{{
		name: "span",
		f: finding.Finding{Analyzer: "lockleak", Pos: pos("/m/server/server.go", 29, 3, 100), End: pos("/m/server/server.go", 29, 25, 122),
			Message: "return at line 29 leaves r.mu locked"},
		want: "::warning file=server/server.go,line=29,col=3,endLine=29,endColumn=25,title=golint-conc (lockleak)::return at line 29 leaves r.mu locked",
	}, {
		name: "point",
		f:    finding.Finding{Analyzer: "wgdone", Pos: pos("/m/a.go", 4, 1, 10), End: pos("/m/a.go", 4, 1, 10), Message: "m"},
		want: "::warning file=a.go,line=4,col=1,title=golint-conc (wgdone)::m",
	}, {
		// "%" must be escaped first, or the other escapes would be
		// escaped again; ":" and "," only matter in properties.
		name: "escaping",
		f: finding.Finding{Analyzer: "sleepsync", Pos: pos("/m/odd,dir:x/100%.go", 1, 2, 1),
			Message: "50% of runs: a, b\r\nnext line"},
		want: "::warning file=odd%2Cdir%3Ax/100%25.go,line=1,col=2,title=golint-conc (sleepsync)::50%25 of runs: a, b%0D%0Anext line",
	}, {
		name: "related",
		f: finding.Finding{Analyzer: "closedchan", Pos: pos("/m/p.go", 9, 2, 50), Message: "closed twice",
			Related: []finding.Related{{Pos: pos("/m/p.go", 7, 2, 30), Message: "first close"}}},
		want: "::warning file=p.go,line=9,col=2,title=golint-conc (closedchan)::closed twice%0Ap.go:7:2: first close",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			if got := github.Command("golint-conc", "/m", tc.f); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestWriteOneLinePerFinding(t *testing.T) {
	var buf bytes.Buffer
	fs := []finding.Finding{
		{Analyzer: "a", Pos: pos("/m/x.go", 1, 1, 0), Message: "one\ntwo"},
		{Analyzer: "b", Pos: pos("/m/y.go", 2, 1, 0), Message: "three"},
	}
	if err := github.Write(&buf, "golint-conc", "/m", fs); err != nil {
		t.Fatal(err)
	}
	if lines := bytes.Count(buf.Bytes(), []byte("\n")); lines != 2 {
		t.Errorf("%d lines, want 2:\n%s", lines, buf.String())
	}
}
