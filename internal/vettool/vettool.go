// Package vettool runs golint-conc under go vet's -vettool protocol, with
// the configuration file applied and folded into go vet's cache key.
package vettool

import (
	"crypto/sha256"
	"encoding/gob"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/golint-conc/golint-conc/internal/config"
	"github.com/golint-conc/golint-conc/internal/loadmode"
)

// IsProtocol reports whether args are go vet speaking to its tool: the
// -flags and -V queries, or a single unit.cfg to analyze.
func IsProtocol(args []string) bool {
	for _, a := range args {
		if a == "-flags" || a == "--flags" || strings.HasPrefix(a, "-V") || strings.HasPrefix(a, "--V") {
			return true
		}
	}
	return isUnit(args)
}

// isUnit reports whether args ask for the analysis of one package.
func isUnit(args []string) bool {
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}

// Main serves one go vet request and exits. The configuration file that
// applies to the working directory (go vet runs the tool in each
// package's directory) selects the analyzers and sets their options;
// without one, the analyzers isDefault accepts run. -all runs every
// analyzer, and -NAME exactly the analyzers named so, as standalone.
func Main(all []*analysis.Analyzer, isDefault func(*analysis.Analyzer) bool) {
	log.SetFlags(0)
	log.SetPrefix("golint-conc: ")
	unit := isUnit(os.Args[1:])
	// unitchecker itself defines -all (vet's, deprecated, without effect),
	// so go vet passes it on; it is read here, before unitchecker parses.
	selected, configPath, err := config.Select(".", all, isDefault, unit && hasAll(os.Args[1:]))
	if err != nil {
		// go vet asks for -flags and -V=full once, and shows only the
		// failure of such a query, not its message. So answer those, and
		// report a broken configuration when a package is analyzed.
		if unit {
			log.Fatal(err)
		}
		selected = all
	}
	// Every analyzer is given to unitchecker, so that go vet accepts -NAME
	// and -NAME=false for each, chosen or not; the selected ones come with
	// the configuration's exclusions. unitchecker's rule is multichecker's:
	// with any -NAME set true only those run, so an explicit -NAME runs an
	// analyzer that the defaults or the file leave out; otherwise all run
	// but those set false, which is what the others are set to here.
	run := slices.Clone(all)
	var off []string
	for i, a := range all {
		if j := slices.IndexFunc(selected, func(s *analysis.Analyzer) bool { return s.Name == a.Name }); j >= 0 {
			run[i] = selected[j]
		} else {
			off = append(off, "-"+a.Name+"=false")
		}
	}
	if unit {
		os.Args = slices.Concat(os.Args[:1], off, os.Args[1:])
	}
	// Dependencies outside the configured tree (the standard library, say)
	// are analyzed with every analyzer, so their facts files hold facts of
	// analyzers the configuration turned off here. Registering every fact
	// type lets those files decode; the facts nobody asks for go unused.
	registerFactTypes(all)
	// Registered before unitchecker registers its own -V, so this one wins.
	flag.Var(versionFlag{configPath: configPath}, "V", "print version and exit")
	unitchecker.Main(run...)
}

// hasAll reports whether args, before the unit.cfg file, set -all.
func hasAll(args []string) bool {
	for _, a := range args[:len(args)-1] {
		switch strings.TrimLeft(a, "-") {
		case "all", "all=true", "all=1":
			return true
		}
	}
	return false
}

// registerFactTypes registers the fact types of as and of the analyzers
// they require with encoding/gob, as unitchecker does for those it runs.
func registerFactTypes(as []*analysis.Analyzer) {
	loadmode.Walk(as, func(a *analysis.Analyzer) bool {
		for _, f := range a.FactTypes {
			gob.Register(f)
		}
		return true
	})
}

// versionFlag answers -V=full. go vet caches a package's results under the
// tool's ID, which for a "devel" version is the buildID word. Hashing the
// configuration file with the executable means that editing the file
// invalidates cached results, as rebuilding the tool does.
type versionFlag struct{ configPath string }

func (versionFlag) IsBoolFlag() bool { return true }
func (versionFlag) Get() any         { return nil }
func (versionFlag) String() string   { return "" }

func (v versionFlag) Set(s string) error {
	if s != "full" {
		return fmt.Errorf("unsupported flag value: -V=%s (use -V=full)", s)
	}
	id, err := toolID(v.configPath)
	if err != nil {
		return err
	}
	fmt.Printf("%s version devel golint-conc buildID=%x\n", filepath.Base(os.Args[0]), id)
	os.Exit(0)
	return nil
}

// toolID hashes the running executable and the configuration file, if any.
func toolID(configPath string) ([]byte, error) {
	h := sha256.New()
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	for _, path := range []string{exe, configPath} {
		if path == "" {
			continue
		}
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(h, "%s\n", filepath.Base(path))
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	return h.Sum(nil), nil
}
