package analysisdoc

import (
	"strings"
	"testing"
)

const sample = `// Package demo is a test analyzer.
//
// # Analyzer demo
//
// demo: report demo things
//
// Longer text.
//
//	func wrong() {}
package demo
`

func TestExtract(t *testing.T) {
	doc, err := Extract(sample, "demo")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc, "demo: report demo things\n\nLonger text.") {
		t.Errorf("unexpected doc start: %q", doc)
	}
	if !strings.HasSuffix(doc, "\tfunc wrong() {}") {
		t.Errorf("code block indentation lost: %q", doc)
	}
}

func TestExtractErrors(t *testing.T) {
	for _, tc := range []struct{ content, name, want string }{
		{sample, "other", `no "# Analyzer other" heading`},
		{"package demo\n", "demo", "no package comment"},
		{"// # Analyzer demo\n//\n// wrong start\npackage demo\n", "demo", `must begin with "demo: "`},
		{"// x\npackage", "demo", "parsing doc.go"},
	} {
		_, err := Extract(tc.content, tc.name)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Extract(%q): got error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}
