package lsp

import (
	"go/token"
	"os"
	"path/filepath"
	"testing"
)

func TestUTF16Column(t *testing.T) {
	// "é" is 2 bytes and 1 UTF-16 unit; "😀" is 4 bytes and 2 units.
	line := []byte("\ts := \"é😀\"; wg.Add(1)\n")
	at := len("\ts := \"é😀\"; ")
	if got, want := utf16Column(line, 0, at), len("\ts := \"")+1+2+len("\"; "); got != want {
		t.Errorf("utf16Column = %d, want %d", got, want)
	}
	if got := utf16Column(nil, 10, 17); got != 7 {
		t.Errorf("utf16Column without content = %d, want the byte count 7", got)
	}
}

// positions reads the file to count UTF-16 units, and uses the line the
// parser saw, not one a //line directive claims.
func TestPositionsLocation(t *testing.T) {
	src := "package p\n\n//line other.go:100\nvar s = \"日本\" + x\n"
	path := filepath.Join(t.TempDir(), "p.go")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	tf := fset.AddFile(path, -1, len(src))
	tf.SetLinesForContent([]byte(src))
	tf.AddLineInfo(len("package p\n\n//line other.go:100\n"), "other.go", 100)
	x := tf.Pos(len(src) - 2)
	uri, p, ok := newPositions(fset).location(x)
	if !ok || uri != pathToURI(path) || p != (position{Line: 3, Character: 15}) {
		t.Errorf("location = %s %+v %v, want %s {3 15} (19 in bytes)", uri, p, ok, pathToURI(path))
	}
	if _, _, ok := newPositions(fset).location(token.NoPos); ok {
		t.Error("location(NoPos) is ok")
	}
}

func TestURIRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a dir", "ünï.go")
	uri := pathToURI(path)
	back, err := uriToPath(uri)
	if err != nil || back != path {
		t.Errorf("uriToPath(%s) = %q, %v; want %q", uri, back, err, path)
	}
	if _, err := uriToPath("untitled:Untitled-1"); err == nil {
		t.Error("uriToPath accepted an untitled: URI")
	}
	// Clients differ in what they escape; state is keyed by one form.
	if got, err := canonicalURI("file:///tmp/%61.go"); err != nil || got != "file:///tmp/a.go" {
		t.Errorf("canonicalURI = %q, %v; want file:///tmp/a.go", got, err)
	}
}
