package gclplugin

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/golint-conc/golint-conc/analyzers"
	"github.com/golint-conc/golint-conc/internal/config"
)

// Name is the linter name users enable in .golangci.yml and write in
// //nolint directives.
const Name = "golint-conc"

func init() { register.Plugin(Name, New) }

// plugin is one configured instance; golangci-lint builds one per run.
type plugin struct {
	conf *config.Config
}

// New decodes conf, the value of the plugin's "settings:" key as
// golangci-lint hands it over (nil when the key is absent), into the
// .golint-conc.yml schema.
func New(conf any) (register.LinterPlugin, error) {
	if conf == nil {
		return &plugin{conf: &config.Config{}}, nil
	}
	if err := checkKeys(conf); err != nil {
		return nil, err
	}
	// golangci-lint passes decoded YAML (maps, lists and scalars). JSON is
	// a subset of YAML, so re-encoding lets config.Decode apply the same
	// strict checks as it does to the file.
	data, err := json.Marshal(conf)
	if err != nil {
		return nil, fmt.Errorf("settings: %v", err)
	}
	c, err := config.Decode("golangci-lint settings of golint-conc", data)
	if err != nil {
		return nil, err
	}
	return &plugin{conf: c}, nil
}

// checkKeys rejects unknown top-level keys and settings that are not a
// mapping itself: config.Decode would too, but its message cites a line of
// the re-encoded JSON, which is always 1 and not in any file the user wrote.
func checkKeys(conf any) error {
	keys := knownKeys()
	known := strings.Join(keys, ", ")
	m, ok := conf.(map[string]any)
	if !ok {
		return fmt.Errorf("settings must be a mapping with the keys %s, not %v", known, conf)
	}
	for key := range m {
		if !slices.Contains(keys, key) {
			return fmt.Errorf("unknown key %q in settings (known keys: %s)", key, known)
		}
	}
	return nil
}

// knownKeys returns the keys of the configuration schema, read from the
// tags of config.Config so that they cannot drift from it.
func knownKeys() []string {
	var keys []string
	t := reflect.TypeFor[config.Config]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			keys = append(keys, name)
		}
	}
	return keys
}

// BuildAnalyzers returns the analyzers the settings select, with their
// options set.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return p.conf.Apply(analyzers.All(), analyzers.Default)
}

// GetLoadMode asks for type information, which every analyzer needs.
func (p *plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
