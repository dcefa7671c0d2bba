// Package config reads golint-conc's configuration file, .golint-conc.yml,
// and applies it to the analyzer list.
//
// The file selects analyzers, sets their options and leaves files out of
// their reports:
//
//	disable: [sleepsync]          # or: enable: [chanleak, wgdone] (only these)
//	                              # enable: [all] runs every analyzer; [default, ctxdone] adds one
//	settings:                     # per analyzer, its flags by name
//	  tickerleak: {some-flag: value}
//	exclude:                      # per analyzer ("all": every one), path globs
//	  all: ["**/*.pb.go"]
//	  sleepsync: ["*_test.go", "internal/legacy/**"]
//
// The golangci-lint plugin takes the same keys under its settings, so one
// schema serves the file, the plugin and the command line.
package config

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"gopkg.in/yaml.v3"
)

// fileNames are the names Find looks for, in order of preference.
var fileNames = []string{".golint-conc.yml", ".golint-conc.yaml"}

// Config is the decoded configuration.
type Config struct {
	// Enable, when not empty, runs only these analyzers instead of the
	// default set. "all" names every analyzer and "default" the default
	// set, so [all] runs everything and [default, ctxdone] adds one.
	Enable []string `yaml:"enable" json:"enable"`
	// Disable switches these analyzers off: of the default set, or of
	// those Enable names.
	Disable []string `yaml:"disable" json:"disable"`
	// Settings sets analyzer flags: analyzer name → flag name → value.
	Settings map[string]map[string]any `yaml:"settings" json:"settings"`
	// Exclude leaves files out of analyzers' reports: analyzer name (or
	// "all") → slash-separated globs, relative to the configuration file's
	// directory, where "**" matches any number of directories and a
	// pattern without a slash matches a file name in any directory.
	// Analysis still runs there, so facts about those files still inform
	// findings elsewhere.
	Exclude map[string][]string `yaml:"exclude" json:"exclude"`

	// source names the file or setting the config came from, for errors.
	source string
	// dir is the directory exclusion patterns are relative to; "" means
	// the working directory.
	dir string
}

// Find returns the configuration file that applies to dir: the first of
// fileNames in dir or its nearest ancestor that has one. It returns ""
// when there is none.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		for _, name := range fileNames {
			path := filepath.Join(dir, name)
			info, err := os.Stat(path)
			if err == nil && !info.IsDir() {
				return path, nil
			}
			if err != nil && !errors.Is(err, os.ErrNotExist) {
				return "", err
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Load reads and decodes the configuration file at path.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c, err := decode(data, path)
	if err != nil {
		return nil, err
	}
	c.dir = filepath.Dir(path)
	return c, nil
}

// Decode decodes a configuration from YAML (or JSON, which YAML includes).
// Errors start with source, which says where data came from. Unknown keys
// are errors, so a misspelt option never passes silently.
func Decode(source string, data []byte) (*Config, error) {
	return decode(data, source)
}

func decode(data []byte, source string) (*Config, error) {
	c := &Config{source: source}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && err != io.EOF {
		return nil, fmt.Errorf("%s: %v", source, cleanYAMLError(err))
	}
	for name, patterns := range c.Exclude {
		for _, p := range patterns {
			if err := checkGlob(p); err != nil {
				return nil, fmt.Errorf("%s: exclude %s: %v", source, name, err)
			}
		}
	}
	return c, nil
}

// cleanYAMLError drops the "yaml: unmarshal errors:" preamble, which says
// nothing a user needs.
func cleanYAMLError(err error) string {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: unmarshal errors:\n")
	msg = strings.TrimPrefix(msg, "yaml: ")
	return strings.TrimSpace(msg)
}

// Keywords of Enable.
const (
	EnableAll     = "all"
	EnableDefault = "default"
)

// Apply returns the analyzers of all that the configuration selects, in
// their original order, after setting the flags the configuration names.
// isDefault says which analyzers run when Enable does not say otherwise;
// nil means all of them. Unknown analyzer and flag names are errors.
func (c *Config) Apply(all []*analysis.Analyzer, isDefault func(*analysis.Analyzer) bool) ([]*analysis.Analyzer, error) {
	if isDefault == nil {
		isDefault = func(*analysis.Analyzer) bool { return true }
	}
	if c == nil {
		return slices.DeleteFunc(slices.Clone(all), func(a *analysis.Analyzer) bool { return !isDefault(a) }), nil
	}
	byName := make(map[string]*analysis.Analyzer, len(all))
	for _, a := range all {
		byName[a.Name] = a
	}
	for _, name := range c.Enable {
		if byName[name] == nil && name != EnableAll && name != EnableDefault {
			return nil, fmt.Errorf("%s: unknown analyzer %q (known: %s, %s, %s)", c.source, name, EnableAll, EnableDefault, names(all))
		}
	}
	for _, name := range c.Disable {
		if byName[name] == nil {
			return nil, fmt.Errorf("%s: unknown analyzer %q (known: %s)", c.source, name, names(all))
		}
	}
	enabled := func(a *analysis.Analyzer) bool {
		if len(c.Enable) == 0 {
			return isDefault(a)
		}
		return slices.Contains(c.Enable, a.Name) || slices.Contains(c.Enable, EnableAll) ||
			slices.Contains(c.Enable, EnableDefault) && isDefault(a)
	}
	// Sort the analyzer names so that errors come out in a stable order.
	var analyzerNames []string
	for name := range c.Settings {
		analyzerNames = append(analyzerNames, name)
	}
	sort.Strings(analyzerNames)
	for _, name := range analyzerNames {
		a := byName[name]
		if a == nil {
			return nil, fmt.Errorf("%s: settings for unknown analyzer %q (known: %s)", c.source, name, names(all))
		}
		if err := c.setFlags(a, c.Settings[name]); err != nil {
			return nil, err
		}
	}

	for name := range c.Exclude {
		if name != "all" && byName[name] == nil {
			return nil, fmt.Errorf("%s: exclude for unknown analyzer %q (known: all, %s)", c.source, name, names(all))
		}
	}

	var selected []*analysis.Analyzer
	for _, a := range all {
		switch {
		case !enabled(a), slices.Contains(c.Disable, a.Name):
		default:
			excluded, err := c.excluding(a)
			if err != nil {
				return nil, err
			}
			selected = append(selected, excluded)
		}
	}
	if len(selected) == 0 {
		return nil, fmt.Errorf("%s: every analyzer is disabled", c.source)
	}
	return selected, nil
}

func (c *Config) setFlags(a *analysis.Analyzer, settings map[string]any) error {
	var keys []string
	for key := range settings {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, key := range keys {
		f := a.Flags.Lookup(key)
		if f == nil {
			return fmt.Errorf("%s: analyzer %s has no option %q (%s)", c.source, a.Name, key, options(a))
		}
		value, err := scalar(settings[key])
		if err != nil {
			return fmt.Errorf("%s: %s.%s: %v", c.source, a.Name, key, err)
		}
		if err := f.Value.Set(value); err != nil {
			return fmt.Errorf("%s: %s.%s: %v", c.source, a.Name, key, err)
		}
	}
	return nil
}

// scalar turns a decoded YAML value into flag syntax.
func scalar(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case bool, int, int64, uint64, float64:
		return fmt.Sprint(v), nil
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			s, err := scalar(e)
			if err != nil {
				return "", err
			}
			parts[i] = s
		}
		return strings.Join(parts, ","), nil
	case nil:
		return "", errors.New("no value")
	}
	return "", fmt.Errorf("value %v is not a string, number, boolean or list", v)
}

func names(all []*analysis.Analyzer) string {
	var ns []string
	for _, a := range all {
		ns = append(ns, a.Name)
	}
	return strings.Join(ns, ", ")
}

func options(a *analysis.Analyzer) string {
	var opts []string
	a.Flags.VisitAll(func(f *flag.Flag) { opts = append(opts, f.Name) })
	if len(opts) == 0 {
		return "it has no options"
	}
	return "its options: " + strings.Join(opts, ", ")
}

// Select applies the configuration file that covers dir, if there is one,
// to all, as Choose does with isDefault and everything. It returns the
// selected analyzers and the file's path ("" when there is none).
func Select(dir string, all []*analysis.Analyzer, isDefault func(*analysis.Analyzer) bool, everything bool) ([]*analysis.Analyzer, string, error) {
	path, err := Find(dir)
	if err != nil {
		return nil, "", err
	}
	selected, err := Choose(path, all, isDefault, everything)
	return selected, path, err
}

// Choose applies the configuration file at path ("" for none) to all,
// with isDefault as for Apply. With everything, every analyzer is chosen,
// whatever the file enables or disables; its settings and exclusions
// still apply. This is what -all means under every driver.
func Choose(path string, all []*analysis.Analyzer, isDefault func(*analysis.Analyzer) bool, everything bool) ([]*analysis.Analyzer, error) {
	var c *Config
	if path != "" {
		var err error
		if c, err = Load(path); err != nil {
			return nil, err
		}
	}
	if everything {
		if c == nil {
			c = new(Config)
		}
		c.Enable, c.Disable = []string{EnableAll}, nil
	}
	return c.Apply(all, isDefault)
}
