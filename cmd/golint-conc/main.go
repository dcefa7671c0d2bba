// Command golint-conc finds concurrency mistakes in Go code: goroutine
// leaks, WaitGroup and lock misuse, loop variables shared by goroutines,
// and sleeps used as synchronisation.
//
// Run it on packages directly:
//
//	golint-conc ./...
//
// or as go vet's analysis tool:
//
//	go vet -vettool=$(which golint-conc) ./...
//
// "golint-conc help" lists the analyzers and flags, and "golint-conc help
// NAME" shows one analyzer's documentation.
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/golint-conc/golint-conc/analyzers"
)

func main() {
	// multichecker serves both modes: package patterns go through
	// go/packages, and a single *.cfg argument (with -flags and -V=full
	// before it) is go vet's unitchecker protocol.
	multichecker.Main(analyzers.All()...)
}
