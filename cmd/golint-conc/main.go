// Command golint-conc finds concurrency mistakes in Go code: goroutine
// leaks, WaitGroup and lock misuse, loop variables shared by goroutines,
// and sleeps used as synchronisation.
//
// Run it on packages directly:
//
//	golint-conc ./...
//
// as go vet's analysis tool:
//
//	go vet -vettool=$(which golint-conc) ./...
//
// or as a language server beside gopls, for editors:
//
//	golint-conc lsp
//
// "golint-conc help" lists the analyzers and flags, and "golint-conc help
// NAME" shows one analyzer's documentation. A .golint-conc.yml file in the
// working directory or above it selects analyzers and sets their options.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"

	"golang.org/x/tools/go/analysis"

	"github.com/golint-conc/golint-conc/analyzers"
	"github.com/golint-conc/golint-conc/internal/config"
	"github.com/golint-conc/golint-conc/internal/driver"
	"github.com/golint-conc/golint-conc/internal/lsp"
	"github.com/golint-conc/golint-conc/internal/vettool"
)

// version is set by release builds (-ldflags "-X main.version=v1.2.3");
// otherwise the driver reads the module version from the build info.
var version string

func main() {
	all := analyzers.All()
	args := os.Args[1:]
	switch {
	case vettool.IsProtocol(args):
		vettool.Main(all, analyzers.Default) // go vet's -flags, -V=full and unit.cfg requests
	case len(args) > 0 && args[0] == "lsp":
		os.Exit(serveLSP(all))
	}
	tuneGC()
	os.Exit(driver.Program{
		Version:   version,
		Analyzers: all,
		Default:   analyzers.Default,
		Precision: analyzers.Precision,
	}.Main(args))
}

// standaloneGCPercent is the garbage collector's target for a standalone
// run, unless GOGC says otherwise. The driver keeps only the packages in
// progress in memory (internal/runner), so the live heap stays small and
// the default target of 100 makes the collector run often for little:
// on the benchmark corpus 200 saves a fifth of the CPU time and keeps
// the peak at 1.5 GB, well under the 2.4 GB that loading the whole
// program at once takes (docs/performance.md).
const standaloneGCPercent = 200

// tuneGC sets the standalone target. go vet runs the tool once per
// package and the language server runs for hours: both keep the default.
func tuneGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(standaloneGCPercent)
	}
}

// serveLSP runs the language server on stdin and stdout until the editor
// asks it to exit, with the configuration that applies to the directory
// the editor started it in (usually the workspace root).
func serveLSP(all []*analysis.Analyzer) int {
	selected, _, err := config.Select(".", all, analyzers.Default, false)
	if err != nil {
		fmt.Fprintln(os.Stderr, "golint-conc:", err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	opts := lsp.Options{Version: driver.Program{Version: version}.ResolvedVersion()}
	if err := lsp.Serve(ctx, os.Stdin, os.Stdout, selected, opts); err != nil {
		fmt.Fprintln(os.Stderr, "golint-conc lsp:", err)
		return 1
	}
	return 0
}
