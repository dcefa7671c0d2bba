// Package analyzers lists the golint-conc analyzers. All is the single list
// that the command-line tool, go vet -vettool and every other integration
// run, so an analyzer added here is available everywhere at once.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/golint-conc/golint-conc/analyzers/busyloop"
	"github.com/golint-conc/golint-conc/analyzers/chanleak"
	"github.com/golint-conc/golint-conc/analyzers/closedchan"
	"github.com/golint-conc/golint-conc/analyzers/condwait"
	"github.com/golint-conc/golint-conc/analyzers/ctxdone"
	"github.com/golint-conc/golint-conc/analyzers/directive"
	"github.com/golint-conc/golint-conc/analyzers/handlergo"
	"github.com/golint-conc/golint-conc/analyzers/lockblock"
	"github.com/golint-conc/golint-conc/analyzers/lockleak"
	"github.com/golint-conc/golint-conc/analyzers/loopcapture"
	"github.com/golint-conc/golint-conc/analyzers/mainexit"
	"github.com/golint-conc/golint-conc/analyzers/recvclose"
	"github.com/golint-conc/golint-conc/analyzers/sharedwrite"
	"github.com/golint-conc/golint-conc/analyzers/sleepsync"
	"github.com/golint-conc/golint-conc/analyzers/synccopy"
	"github.com/golint-conc/golint-conc/analyzers/tickerleak"
	"github.com/golint-conc/golint-conc/analyzers/waitgroupadd"
	"github.com/golint-conc/golint-conc/analyzers/wgdone"
	"github.com/golint-conc/golint-conc/internal/ignore"
	"github.com/golint-conc/golint-conc/internal/safe"
)

//go:generate go run ../internal/gendocs -root ..

// All returns the golint-conc analyzers, sorted by name, each wrapped so
// that suppression directives (//golint-conc:ignore, //nolint) apply to
// it under every driver, and so that a panic in it becomes an error for
// that analyzer on that package instead of ending the run. Each call
// returns a new slice, so callers may filter it freely.
func All() []*analysis.Analyzer {
	all := []*analysis.Analyzer{
		busyloop.Analyzer,
		chanleak.Analyzer,
		closedchan.Analyzer,
		condwait.Analyzer,
		ctxdone.Analyzer,
		directive.Analyzer,
		handlergo.Analyzer,
		lockblock.Analyzer,
		lockleak.Analyzer,
		loopcapture.Analyzer,
		mainexit.Analyzer,
		recvclose.Analyzer,
		sharedwrite.Analyzer,
		sleepsync.Analyzer,
		synccopy.Analyzer,
		tickerleak.Analyzer,
		waitgroupadd.Analyzer,
		wgdone.Analyzer,
	}
	for i, a := range all {
		// The recover goes outside: the suppression layer's own code (it
		// parses directives when the first diagnostic arrives) is then
		// covered too, and a panic anywhere in the analyzer still names
		// it, as both wrappers keep the name.
		all[i] = safe.Wrap(ignore.Wrap(a))
	}
	return all
}
