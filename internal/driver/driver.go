// Package driver is golint-conc's standalone command: it loads packages
// with go/packages, runs the analyzers with x/tools' checker, and reports
// the findings as text, JSON, SARIF or GitHub annotations, or applies
// their suggested fixes.
//
// On top of what x/tools' multichecker offers it reads the configuration
// file (.golint-conc.yml), filters findings through a baseline, and
// de-duplicates findings that a package and its test variant both report.
// The go vet protocol (-V=full, -flags, *.cfg) is not handled here: the
// command hands it to unitchecker before calling Main.
//
// Exit status: 0 clean; 3 findings with the text and github formats (and
// -diff with a non-empty diff); 1 errors (packages that do not load,
// failed analyses, bad configuration or baseline, fixes that could not
// all be applied); 2 command-line mistakes. The json and sarif formats
// exit 0 with findings, as x/tools' -json does, since the findings are in
// the output.
//
// With -fix (or -diff) no findings are printed, only a summary of the
// fixes on standard error; findings without a fix are dropped silently,
// so -fix is not a check.
package driver

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"

	"golang.org/x/tools/go/analysis"

	"github.com/golint-conc/golint-conc/internal/runner"

	"github.com/golint-conc/golint-conc/internal/config"
	"github.com/golint-conc/golint-conc/internal/driver/baseline"
	"github.com/golint-conc/golint-conc/internal/driver/finding"
	"github.com/golint-conc/golint-conc/internal/driver/github"
	"github.com/golint-conc/golint-conc/internal/driver/sarif"
)

// Exit codes.
const (
	exitClean    = 0
	exitError    = 1
	exitUsage    = 2
	exitFindings = 3
)

// InformationURI is the project's home page, named in SARIF output.
const InformationURI = "https://github.com/golint-conc/golint-conc"

// Program is the standalone command, configured.
type Program struct {
	// Name is the command name used in messages; "golint-conc" if empty.
	Name string
	// Version is printed by -version and written to SARIF output. If
	// empty, the module version from the build information is used
	// ("(devel)" for a build from a checkout).
	Version string
	// Analyzers are all the analyzers the command knows.
	Analyzers []*analysis.Analyzer
	// Default says which of them run unless -all, -NAME or the
	// configuration file says otherwise; nil means all of them.
	Default func(*analysis.Analyzer) bool
	// Precision describes an analyzer's measured precision for help and
	// SARIF output ("" when unknown); nil means unknown for all.
	Precision func(*analysis.Analyzer) string
	// Dir is the working directory; the process's if empty.
	Dir string
	// Stdout and Stderr receive output; the process's if nil.
	Stdout, Stderr io.Writer
}

// Main runs the command with arguments args (without the program name)
// and all analyzers, and returns the exit code.
func Main(args []string, all []*analysis.Analyzer) int {
	return Program{Analyzers: all}.Main(args)
}

// Main runs the command with arguments args (without the program name) and
// returns the exit code.
func (p Program) Main(args []string) int {
	fs, cl, err := newFlagSet(p.name(), p.Analyzers)
	if err != nil {
		return p.fail(exitError, err)
	}
	fs.SetOutput(p.stderr())
	fs.Usage = func() { p.printUsage(p.stderr()) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			p.printHelp(p.stdout(), fs, nil)
			return exitClean
		}
		return exitUsage // the flag package has printed the error and usage
	}
	if cl.opts.version {
		fmt.Fprintf(p.stdout(), "%s %s\n", p.name(), p.ResolvedVersion())
		return exitClean
	}
	cl.args = fs.Args()
	if len(cl.args) == 0 {
		p.printUsage(p.stderr())
		return exitError
	}
	if cl.args[0] == "help" {
		if !p.printHelp(p.stdout(), fs, cl.args[1:]) {
			return exitError
		}
		return exitClean
	}
	if err := cl.opts.check(); err != nil {
		fmt.Fprintf(p.stderr(), "%s: %v\n", p.name(), err)
		return exitUsage
	}
	return p.run(cl)
}

// run analyzes the packages named on the command line and reports.
func (p Program) run(cl *commandLine) int {
	dir, err := p.dir()
	if err != nil {
		return p.fail(exitError, err)
	}
	analyzers, err := p.configure(dir, cl)
	if err != nil {
		return p.fail(exitError, err)
	}
	if err := cl.settings.apply(); err != nil {
		return p.fail(exitUsage, err)
	}
	if len(analyzers) == 0 {
		return p.fail(exitUsage, errors.New("no analyzers selected"))
	}
	// Read the baseline first: a mistake in it should not cost a whole
	// analysis.
	var accepted *baseline.File
	if cl.opts.baselineFile != "" {
		if accepted, err = baseline.Read(resolve(dir, cl.opts.baselineFile)); err != nil {
			return p.fail(exitError, err)
		}
	}

	prof := &cl.opts.profiler
	if err := prof.start(); err != nil {
		return p.fail(exitError, err)
	}
	pkgs, err := load(dir, cl.args, cl.opts, analyzers)
	if err != nil {
		return p.fail(exitError, errors.Join(err, prof.stop()))
	}
	graph, err := runner.Run(analyzers, pkgs, runner.Options{ReleasePackages: true})
	if err == nil {
		err = prof.writeHeap()
	}
	if err = errors.Join(err, prof.stop()); err != nil {
		return p.fail(exitError, err)
	}
	// After the run: it type-checks the packages.
	failed := printPackageErrors(p.stderr(), pkgs) > 0
	if printActionErrors(p.stderr(), p.name(), graph) {
		failed = true
	}
	root := reportRoot(pkgs, dir)
	findings := collectFindings(graph)

	var code int
	switch {
	case cl.opts.writeBaseline != "":
		code = p.writeBaseline(resolve(dir, cl.opts.writeBaseline), root, findings)
	case cl.opts.fix:
		code = p.fix(root, accepted.Filter(root, findings), cl.opts.diff)
	default:
		code = p.report(cl.opts, root, analyzers, accepted.Filter(root, findings), graph)
	}
	if failed {
		return exitError // errors win over findings
	}
	return code
}

func (p Program) writeBaseline(path, root string, findings []finding.Finding) int {
	if err := baseline.Write(path, root, findings); err != nil {
		return p.fail(exitError, err)
	}
	fmt.Fprintf(p.stderr(), "%s: wrote %s to baseline %s\n", p.name(), plural(len(findings), "finding", "findings"), path)
	return exitClean
}

// resolve returns path relative to dir, the working directory.
func resolve(dir, path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(dir, path)
}

// configure applies the configuration file, then the -NAME flags, and
// returns the analyzers to run.
func (p Program) configure(dir string, cl *commandLine) ([]*analysis.Analyzer, error) {
	path := cl.opts.configFile
	if path != "" {
		path = resolve(dir, path)
	} else {
		found, err := config.Find(dir)
		if err != nil {
			return nil, fmt.Errorf("looking for a configuration file: %v", err)
		}
		path = found
	}
	configured, err := config.Choose(path, p.Analyzers, p.Default, cl.opts.all)
	if err != nil {
		return nil, err
	}
	return cl.selectAnalyzers(p.Analyzers, configured), nil
}

// report prints findings in the chosen format and returns the exit code.
func (p Program) report(opts options, root string, analyzers []*analysis.Analyzer, findings []finding.Finding, graph *runner.Graph) int {
	var err error
	switch opts.format {
	case formatJSON:
		err = writeJSON(p.stdout(), findings, graph)
	case formatSARIF:
		err = sarif.Write(p.stdout(), sarif.Build(p.toolInfo(analyzers), root, findings))
	case formatGitHub:
		err = github.Write(p.stdout(), p.name(), root, findings)
	default:
		err = writeText(p.stderr(), findings, opts.context)
	}
	if err != nil {
		return p.fail(exitError, err)
	}
	if len(findings) > 0 && (opts.format == formatText || opts.format == formatGitHub) {
		return exitFindings
	}
	return exitClean
}

func (p Program) toolInfo(analyzers []*analysis.Analyzer) sarif.ToolInfo {
	info := sarif.ToolInfo{Name: p.name(), Version: p.ResolvedVersion(), InformationURI: InformationURI}
	for _, a := range analyzers {
		info.Rules = append(info.Rules, sarif.RuleInfo{
			ID: a.Name, Title: title(a), Description: body(a), URL: a.URL,
			OffByDefault: !p.isDefault(a), Precision: p.precision(a),
		})
	}
	return info
}

func (p Program) isDefault(a *analysis.Analyzer) bool {
	return p.Default == nil || p.Default(a)
}

func (p Program) precision(a *analysis.Analyzer) string {
	if p.Precision == nil {
		return ""
	}
	return p.Precision(a)
}

func (p Program) fail(code int, err error) int {
	fmt.Fprintf(p.stderr(), "%s: %v\n", p.name(), err)
	return code
}

func (p Program) name() string {
	if p.Name == "" {
		return "golint-conc"
	}
	return p.Name
}

// ResolvedVersion is Version, or else the module version from the build
// information ("(devel)" for a build from a checkout).
func (p Program) ResolvedVersion() string {
	if p.Version != "" {
		return p.Version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}

func (p Program) dir() (string, error) {
	if p.Dir == "" {
		return os.Getwd()
	}
	return filepath.Abs(p.Dir)
}

func (p Program) stdout() io.Writer {
	if p.Stdout == nil {
		return os.Stdout
	}
	return p.Stdout
}

func (p Program) stderr() io.Writer {
	if p.Stderr == nil {
		return os.Stderr
	}
	return p.Stderr
}
