// Package fileuri turns file paths into file URIs, as the language server
// and SARIF output both need them.
package fileuri

import (
	"net/url"
	"path/filepath"
	"strings"
)

// FromPath returns the file URI of the absolute path, escaped as URIs
// require: file:///home/u/a%20b.go, or file:///C:/src/a.go on Windows.
func FromPath(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive path
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}
