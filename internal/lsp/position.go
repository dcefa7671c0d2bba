package lsp

import (
	"fmt"
	"go/token"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"unicode/utf8"

	"github.com/golint-conc/golint-conc/internal/fileuri"
)

// uriToPath turns a file:// URI into a clean absolute path.
func uriToPath(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", fmt.Errorf("bad document URI %q: %v", uri, err)
	}
	if u.Scheme != "file" {
		return "", fmt.Errorf("document URI %q is not a file: URI", uri)
	}
	p := u.Path
	// file:///C:/x parses to /C:/x; Windows paths have no leading slash.
	if runtime.GOOS == "windows" && len(p) >= 3 && p[0] == '/' && p[2] == ':' {
		p = p[1:]
	}
	return filepath.Clean(filepath.FromSlash(p)), nil
}

// pathToURI is the inverse of uriToPath. Every URI the server sends or
// keys state by goes through it, so equal files get equal URIs even when
// clients escape characters differently.
func pathToURI(path string) string {
	return fileuri.FromPath(path)
}

// canonicalURI rewrites a client's URI into the form pathToURI produces.
func canonicalURI(uri string) (string, error) {
	p, err := uriToPath(uri)
	if err != nil {
		return "", err
	}
	return pathToURI(p), nil
}

// positions converts token.Pos values to LSP positions, which count lines
// from 0 and characters in UTF-16 code units. It needs the bytes of each
// file, which it reads from disk once per file.
type positions struct {
	fset     *token.FileSet
	contents map[string][]byte // by file name; nil when unreadable
}

func newPositions(fset *token.FileSet) *positions {
	return &positions{fset: fset, contents: make(map[string][]byte)}
}

// location returns the URI and position of pos. ok is false when pos is
// not in a file of the set.
func (ps *positions) location(pos token.Pos) (uri string, p position, ok bool) {
	if !pos.IsValid() {
		return "", position{}, false
	}
	tf := ps.fset.File(pos)
	if tf == nil {
		return "", position{}, false
	}
	// Unadjusted: //line directives would point into files that are not
	// the one the editor shows.
	name := tf.Name()
	offset := tf.Offset(pos)
	line := tf.PositionFor(pos, false).Line
	lineStart := tf.Offset(tf.LineStart(line))
	return pathToURI(name), position{
		Line:      line - 1,
		Character: utf16Column(ps.content(name, tf.Size()), lineStart, offset),
	}, true
}

// span returns the location of [pos, end). A missing or earlier end
// gives an empty range at pos.
func (ps *positions) span(pos, end token.Pos) (string, lspRange, bool) {
	uri, start, ok := ps.location(pos)
	if !ok {
		return "", lspRange{}, false
	}
	r := lspRange{Start: start, End: start}
	if end.IsValid() && end > pos {
		if endURI, p, ok := ps.location(end); ok && endURI == uri {
			r.End = p
		}
	}
	return uri, r, true
}

// content returns the file's bytes, or nil when it cannot be read or no
// longer matches the size the parser saw (it changed on disk since).
func (ps *positions) content(name string, size int) []byte {
	data, seen := ps.contents[name]
	if !seen {
		var err error
		data, err = os.ReadFile(name)
		if err != nil || len(data) != size {
			data = nil
		}
		ps.contents[name] = data
	}
	return data
}

// utf16Column counts the UTF-16 code units in content[lineStart:offset].
// Without content, the byte count is the best answer available, and it is
// exact for ASCII lines.
func utf16Column(content []byte, lineStart, offset int) int {
	if content == nil || lineStart < 0 || offset > len(content) || lineStart > offset {
		return max(offset-lineStart, 0)
	}
	n := 0
	for b := content[lineStart:offset]; len(b) > 0; {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		if r >= 0x10000 {
			n += 2 // a surrogate pair
		} else {
			n++
		}
	}
	return n
}
