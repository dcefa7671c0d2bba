package ignore

import (
	"go/parser"
	"go/token"
	"reflect"
	"testing"
)

func TestParseText(t *testing.T) {
	tests := []struct {
		text   string
		ok     bool
		kind   Kind
		verb   string
		names  []string
		reason string
	}{
		{"//golint-conc:ignore chanleak the sender exits on shutdown", true, Ignore, "ignore", []string{"chanleak"}, "the sender exits on shutdown"},
		{"//golint-conc:ignore chanleak,WGDone  two  analyzers ", true, Ignore, "ignore", []string{"chanleak", "wgdone"}, "two analyzers"},
		{"//golint-conc:ignore chanleak // reason after slashes", true, Ignore, "ignore", []string{"chanleak"}, "reason after slashes"},
		{"//golint-conc:ignore chanleak", true, Ignore, "ignore", []string{"chanleak"}, ""},
		{"//golint-conc:ignore chanleak //", true, Ignore, "ignore", []string{"chanleak"}, ""},
		{"//golint-conc:ignore", true, Ignore, "ignore", nil, ""},
		{"//golint-conc:ignore chanleak,,wgdone why", true, Ignore, "ignore", []string{"chanleak", "", "wgdone"}, "why"},
		{"//golint-conc:file-ignore all generated", true, FileIgnore, "file-ignore", []string{"all"}, "generated"},
		{"//golint-conc:ignroe chanleak typo", true, Unknown, "ignroe", []string{"chanleak"}, "typo"},
		{"//golint-conc:", true, Unknown, "", nil, ""},
		{"// golint-conc:ignore chanleak as gofmt writes it", true, Ignore, "ignore", []string{"chanleak"}, "as gofmt writes it"},
		{"// golint-conc:file-ignore, prose that starts a line", false, 0, "", nil, ""},
		{"// golint-conc: the tool, in prose", false, 0, "", nil, ""},
		{"//  golint-conc:ignore chanleak two spaces are prose", false, 0, "", nil, ""},
		{"// see golint-conc:ignore in the docs", false, 0, "", nil, ""},
		{"/*golint-conc:ignore chanleak block comment*/", false, 0, "", nil, ""},
		{"//nolint", true, Nolint, "", nil, ""},
		{"// nolint", true, Nolint, "", nil, ""},
		{"//nolint // legacy", true, Nolint, "", nil, "legacy"},
		{"//nolint because", true, Nolint, "", nil, "because"},
		{"//nolint:all", true, Nolint, "", []string{"all"}, ""},
		{"//nolint:golint-conc // the pool owns it", true, Nolint, "", []string{"golint-conc"}, "the pool owns it"},
		{"//nolint:errcheck, Chanleak// why", true, Nolint, "", []string{"errcheck", "chanleak"}, "why"},
		{"//nolint:chanleak because", true, Nolint, "", []string{"chanleak because"}, ""},
		{"//nolint:", true, Nolint, "", []string{""}, ""},
		{"//nolintlint is a linter", false, 0, "", nil, ""},
		{"// no lint here", false, 0, "", nil, ""},
		{"/* nolint */", false, 0, "", nil, ""},
	}
	for _, tt := range tests {
		d, ok := parseText(tt.text)
		if ok != tt.ok {
			t.Errorf("parseText(%q) ok = %v, want %v", tt.text, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		if d.Kind != tt.kind || d.Verb != tt.verb || !reflect.DeepEqual(d.Names, tt.names) || d.Reason != tt.reason {
			t.Errorf("parseText(%q) = {%v %q %q %q}, want {%v %q %q %q}",
				tt.text, d.Kind, d.Verb, d.Names, d.Reason, tt.kind, tt.verb, tt.names, tt.reason)
		}
	}
}

func TestCovers(t *testing.T) {
	tests := []struct {
		text     string
		analyzer string
		want     bool
	}{
		{"//golint-conc:ignore chanleak the sender exits", "chanleak", true},
		{"//golint-conc:ignore chanleak,wgdone why", "wgdone", true},
		{"//golint-conc:ignore chanleak the sender exits", "wgdone", false},
		{"//golint-conc:ignore chanleak", "chanleak", false},
		{"//golint-conc:ignore all why", "chanleak", true},
		{"//golint-conc:ignore all", "chanleak", false},
		{"//golint-conc:file-ignore chanleak why", "chanleak", true},
		{"//golint-conc:ignroe chanleak why", "chanleak", false},
		{"//nolint", "chanleak", true},
		{"//nolint:all", "chanleak", true},
		{"//nolint:golint-conc", "chanleak", true},
		{"//nolint:Golint-Conc // why", "chanleak", true},
		{"//nolint:chanleak", "chanleak", true},
		{"//nolint:errcheck // why", "chanleak", false},
		{"//nolint:chanleak because", "chanleak", false},
		{"//nolint:", "chanleak", false},
	}
	for _, tt := range tests {
		d, _ := parseText(tt.text)
		if got := d.Covers(tt.analyzer); got != tt.want {
			t.Errorf("%q covers %s = %v, want %v", tt.text, tt.analyzer, got, tt.want)
		}
	}
}

func TestNamesAny(t *testing.T) {
	ours := []string{"chanleak", "wgdone"}
	tests := map[string]bool{
		"//nolint":                      false,
		"//nolint:all":                  false,
		"//nolint:errcheck":             false,
		"//nolint:golint-conc":          true,
		"//nolint:errcheck,WGDONE":      true,
		"//golint-conc:ignore chanleak": true,
	}
	for text, want := range tests {
		d, _ := parseText(text)
		if got := d.NamesAny(ours); got != want {
			t.Errorf("%q NamesAny = %v, want %v", text, got, want)
		}
	}
}

func TestParseFindsLineCommentsOnly(t *testing.T) {
	const src = `// Package p has directives.
package p

/* golint-conc:ignore chanleak not a line comment */

func f() {
	g() //nolint:golint-conc // one
	g() // unrelated
	//golint-conc:ignore chanleak two
	g()
}

func g() {}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	ds := Parse(f)
	if len(ds) != 2 || ds[0].Kind != Nolint || ds[1].Kind != Ignore {
		t.Fatalf("Parse = %+v, want a nolint and an ignore", ds)
	}
	if got := fset.Position(ds[1].Pos).Line; got != 9 {
		t.Errorf("second directive at line %d, want 9", got)
	}
	if ds[0].End-ds[0].Pos != token.Pos(len("//nolint:golint-conc // one")) {
		t.Errorf("directive Pos/End do not span the comment")
	}
}
