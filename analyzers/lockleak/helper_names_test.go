package lockleak

import (
	"go/ast"
	"slices"
	"testing"
)

func TestWords(t *testing.T) {
	for name, want := range map[string][]string{
		"flushLocked": {"flush", "locked"},
		"RLockAll":    {"r", "lock", "all"},
		"HTTPServer":  {"http", "server"},
		"read_locked": {"read", "locked"},
		"readBlock":   {"read", "block"},
		"Get":         {"get"},
	} {
		if got := words(name); !slices.Equal(got, want) {
			t.Errorf("words(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestLockHelper(t *testing.T) {
	doc := func(text string) *ast.CommentGroup {
		return &ast.CommentGroup{List: []*ast.Comment{{Text: "// " + text}}}
	}
	for _, tc := range []struct {
		name string
		doc  *ast.CommentGroup
		want bool
	}{
		{"lockOpen", nil, true},
		{"flushLocked", nil, true},
		{"TryLock", nil, true},
		{"readBlock", nil, false},
		{"Clock", nil, false},
		{"Get", nil, false},
		{"reserve", doc("reserve returns with p.mu held unless the pool is closed."), true},
		{"begin", doc("begin locks the table; the caller must unlock it."), true},
		{"grab", doc("grab returns locked."), true},
		{"Spill", doc("Spill forgets to unlock when the file cannot be created."), false},
		{"Get", doc("Get looks key up under the lock."), false},
	} {
		if got := lockHelper(tc.name, tc.doc); got != tc.want {
			t.Errorf("lockHelper(%q, %v) = %v, want %v", tc.name, tc.doc.Text(), got, tc.want)
		}
	}
}
