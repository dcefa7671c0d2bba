package config

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/golint-conc/golint-conc/internal/ignore"
)

// excluding returns a, or a copy of it that reports nothing in the files
// the configuration excludes for it.
func (c *Config) excluding(a *analysis.Analyzer) (*analysis.Analyzer, error) {
	patterns := slices.Concat(c.Exclude["all"], c.Exclude[a.Name])
	if len(patterns) == 0 {
		return a, nil
	}
	dir := c.dir
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		dir = wd
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	return ignore.Filter(a, func(pass *analysis.Pass) func(analysis.Diagnostic) bool {
		return func(d analysis.Diagnostic) bool {
			return excluded(dir, pass.Fset.PositionFor(d.Pos, false).Filename, patterns)
		}
	}), nil
}

// excluded reports whether filename, relative to dir, matches a pattern.
// Files outside dir match nothing.
func excluded(dir, filename string, patterns []string) bool {
	rel, err := filepath.Rel(dir, filename)
	if err != nil || !filepath.IsLocal(rel) {
		return false
	}
	rel = filepath.ToSlash(rel)
	for _, p := range patterns {
		if !strings.Contains(p, "/") {
			if ok, _ := path.Match(p, path.Base(rel)); ok {
				return true
			}
			continue
		}
		if matchSegments(strings.Split(p, "/"), strings.Split(rel, "/")) {
			return true
		}
	}
	return false
}

// matchSegments matches a path, split at slashes, against a pattern split
// the same way, where a "**" segment matches any number of segments.
func matchSegments(pattern, name []string) bool {
	for len(pattern) > 0 {
		if pattern[0] == "**" {
			for i := 0; i <= len(name); i++ {
				if matchSegments(pattern[1:], name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, _ := path.Match(pattern[0], name[0]); !ok {
			return false
		}
		pattern, name = pattern[1:], name[1:]
	}
	return len(name) == 0
}

// checkGlob reports a malformed pattern when the file is read, rather
// than letting it match nothing.
func checkGlob(p string) error {
	if p == "" || strings.HasPrefix(p, "/") {
		return fmt.Errorf("pattern %q must be a non-empty relative path", p)
	}
	for _, seg := range strings.Split(p, "/") {
		if _, err := path.Match(seg, ""); err != nil {
			return fmt.Errorf("bad pattern %q: %v", p, err)
		}
	}
	return nil
}
