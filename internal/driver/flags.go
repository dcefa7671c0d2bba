package driver

import (
	"errors"
	"flag"
	"fmt"
	"strconv"

	"golang.org/x/tools/go/analysis"
)

// options holds the driver's own flags.
type options struct {
	format        string
	all           bool
	json          bool
	context       int
	tests         bool
	tags          string
	configFile    string
	baselineFile  string
	writeBaseline string
	version       bool
	fix           bool
	diff          bool
	profiler      profiler
}

// Output formats.
const (
	formatText   = "text"
	formatJSON   = "json"
	formatSARIF  = "sarif"
	formatGitHub = "github"
)

// commandLine is the parsed command line: the driver's options, the
// analyzers switched on or off by -NAME, and the analyzer flag settings,
// held back until the configuration file has been applied so that the
// command line wins over the file.
type commandLine struct {
	opts     options
	enabled  map[*analysis.Analyzer]*triState
	settings *pendingSettings
	args     []string
}

// newFlagSet defines the driver's flags, one -NAME flag per analyzer and one
// -NAME.flag per analyzer flag.
func newFlagSet(name string, all []*analysis.Analyzer) (*flag.FlagSet, *commandLine, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	cl := &commandLine{enabled: make(map[*analysis.Analyzer]*triState), settings: new(pendingSettings)}
	o := &cl.opts
	fs.StringVar(&o.format, "format", formatText, "output format: text, json, sarif or github")
	fs.BoolVar(&o.all, "all", false, "run every analyzer, also those not on by default and those the configuration file leaves out")
	fs.BoolVar(&o.json, "json", false, "emit JSON output (same as -format=json)")
	fs.IntVar(&o.context, "c", -1, "with text output, display the offending line with this many lines of context")
	fs.BoolVar(&o.tests, "test", true, "analyze test files too")
	fs.StringVar(&o.tags, "tags", "", "comma-separated build tags, as for go build")
	fs.StringVar(&o.configFile, "config", "", "configuration `file` (default: the nearest .golint-conc.yml)")
	fs.StringVar(&o.baselineFile, "baseline", "", "report only findings not accepted by this baseline `file`")
	fs.StringVar(&o.writeBaseline, "write-baseline", "", "write the current findings to this baseline `file` and exit 0")
	fs.BoolVar(&o.version, "version", false, "print the version and exit")
	fs.BoolVar(&o.fix, "fix", false, "apply the first suggested fix of each finding; findings are not printed")
	fs.BoolVar(&o.diff, "diff", false, "like -fix, but print a unified diff instead of writing files")
	fs.StringVar(&o.profiler.cpuFile, "cpuprofile", "", "write a CPU profile to this `file`")
	fs.StringVar(&o.profiler.memFile, "memprofile", "", "write a heap profile, taken when the analysis ends, to this `file`")
	fs.StringVar(&o.profiler.traceFile, "trace", "", "write an execution trace to this `file`")

	for _, a := range all {
		if fs.Lookup(a.Name) != nil {
			return nil, nil, fmt.Errorf("analyzer %s has the name of a driver flag", a.Name)
		}
		enable := new(triState)
		fs.Var(enable, a.Name, fmt.Sprintf("enable %s analysis", a.Name))
		cl.enabled[a] = enable

		var err error
		a.Flags.VisitAll(func(f *flag.Flag) {
			name := a.Name + "." + f.Name
			if fs.Lookup(name) != nil {
				err = fmt.Errorf("analyzer flag -%s is defined twice", name)
				return
			}
			fs.Var(cl.settings.value(name, f.Value), name, f.Usage)
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return fs, cl, nil
}

// check validates option combinations and resolves aliases.
func (o *options) check() error {
	if o.json {
		if o.format != formatText && o.format != formatJSON {
			return fmt.Errorf("-json conflicts with -format=%s", o.format)
		}
		o.format = formatJSON
	}
	switch o.format {
	case formatText, formatJSON, formatSARIF, formatGitHub:
	default:
		return fmt.Errorf("unknown -format %q (want text, json, sarif or github)", o.format)
	}
	if o.diff {
		o.fix = true
	}
	if o.fix && o.writeBaseline != "" {
		return errors.New("-fix and -write-baseline cannot be combined")
	}
	return nil
}

// select returns the analyzers to run: if any -NAME flag is true, exactly
// those; otherwise configured minus those with -NAME=false. This is the
// rule of x/tools' multichecker, with the configuration file's choice (or
// the default set, or with -all every analyzer) in place of "all".
func (cl *commandLine) selectAnalyzers(all, configured []*analysis.Analyzer) []*analysis.Analyzer {
	var only []*analysis.Analyzer
	for _, a := range all {
		if *cl.enabled[a] == setTrue {
			only = append(only, a)
		}
	}
	if len(only) > 0 {
		return only
	}
	var keep []*analysis.Analyzer
	for _, a := range configured {
		if ts := cl.enabled[a]; ts == nil || *ts != setFalse {
			keep = append(keep, a)
		}
	}
	return keep
}

// A triState is a boolean flag that knows whether it was set.
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (ts *triState) Set(value string) error {
	b, err := strconv.ParseBool(value)
	if err != nil {
		return errors.New("want true or false")
	}
	*ts = setFalse
	if b {
		*ts = setTrue
	}
	return nil
}

func (ts *triState) String() string {
	if ts != nil && *ts == setFalse {
		return "false"
	}
	return "true"
}

func (ts *triState) IsBoolFlag() bool { return true }

// pendingSettings records analyzer flag settings from the command line, to
// be applied after the configuration file.
type pendingSettings struct {
	sets []pendingSet
}

type pendingSet struct {
	name   string
	target flag.Value
	value  string
}

// value returns a flag.Value that records settings of target.
func (p *pendingSettings) value(name string, target flag.Value) flag.Value {
	v := pendingValue{p: p, name: name, target: target}
	if b, ok := target.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		return pendingBoolValue{v}
	}
	return v
}

// apply sets the recorded values, in command-line order.
func (p *pendingSettings) apply() error {
	for _, s := range p.sets {
		if err := s.target.Set(s.value); err != nil {
			return fmt.Errorf("invalid value %q for flag -%s: %v", s.value, s.name, err)
		}
	}
	return nil
}

type pendingValue struct {
	p      *pendingSettings
	name   string
	target flag.Value
}

func (v pendingValue) Set(s string) error {
	v.p.sets = append(v.p.sets, pendingSet{v.name, v.target, s})
	return nil
}

// String shows the target's current value: its default while flags are
// parsed. The flag package also calls it on a zero pendingValue.
func (v pendingValue) String() string {
	if v.target == nil {
		return ""
	}
	return v.target.String()
}

type pendingBoolValue struct{ pendingValue }

func (pendingBoolValue) IsBoolFlag() bool { return true }
