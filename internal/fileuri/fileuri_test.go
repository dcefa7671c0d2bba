package fileuri

import "testing"

func TestFromPath(t *testing.T) {
	for path, want := range map[string]string{
		"/home/u/a b.go":  "file:///home/u/a%20b.go",
		"/src/été/x.go":   "file:///src/%C3%A9t%C3%A9/x.go",
		"/tmp/dir/":       "file:///tmp/dir/",
		"/work/100%/a.go": "file:///work/100%25/a.go",
		"/work/q?#/a.go":  "file:///work/q%3F%23/a.go",
	} {
		if got := FromPath(path); got != want {
			t.Errorf("FromPath(%q) = %q, want %q", path, got, want)
		}
	}
}
