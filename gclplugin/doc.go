// Package gclplugin registers golint-conc as a golangci-lint v2 module
// plugin named "golint-conc".
//
// golangci-lint loads module plugins by compiling them into a custom
// binary: list this package in .custom-gcl.yml, run "golangci-lint custom",
// then enable the linter in .golangci.yml:
//
//	# .custom-gcl.yml
//	version: v2.15.0
//	plugins:
//	  - module: github.com/golint-conc/golint-conc
//	    import: github.com/golint-conc/golint-conc/gclplugin
//	    version: v0.1.0
//
//	# .golangci.yml
//	version: "2"
//	linters:
//	  enable: [golint-conc]
//	  settings:
//	    custom:
//	      golint-conc:
//	        type: module
//	        settings:
//	          enable: [all]
//	          disable: [sleepsync]
//
// Without settings the analyzers on by default run; enable: [all] runs
// every one. The settings use the schema of .golint-conc.yml (keys enable,
// disable and settings), so a configuration moves between the standalone tool and
// golangci-lint unchanged. Unknown keys, analyzer names and option names
// fail the run with an error naming them rather than being ignored.
//
// golangci-lint runs all the analyzers as one linter, so //nolint:golint-conc
// silences every analyzer on a line; //golint-conc:ignore NAME reason
// silences one. See docs/golangci-lint.md.
package gclplugin
