// Command customgcl is golangci-lint v2 with the golint-conc module plugin
// compiled in: the binary "golangci-lint custom" would build from
// .custom-gcl.yml, made from the module proxy alone.
//
// "golangci-lint custom" git-clones golangci-lint, which needs network
// access to GitHub; this nested module builds the same binary with
// "go build", so CI and offline machines can test the plugin:
//
//	cd internal/customgcl && go build -o ../../bin/custom-gcl .
//
// It is a module of its own so that the root module never depends on
// golangci-lint and its large (GPL-3.0) dependency graph.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	_ "github.com/golint-conc/golint-conc/gclplugin" // registers the "golint-conc" plugin
)

const (
	golangciModule   = "github.com/golangci/golangci-lint/v2"
	golintConcModule = "github.com/golint-conc/golint-conc"
)

// main mirrors golangci-lint's own cmd/golangci-lint/main.go (v2.15.0),
// including its message and exit code when the command fails.
func main() {
	if err := commands.Execute(buildInfo()); err != nil {
		fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}

// buildInfo reports the golangci-lint and golint-conc versions compiled
// in, as "version" prints them: "2.15.0-golint-conc-v0.3.0" for a released
// golint-conc, "2.15.0-golint-conc-devel-<hash>" for a build from a
// checkout.
//
// golangci-lint salts its result cache with this version string, so it
// must change whenever the analyzers do. A checkout has no version of its
// own, so a hash of this executable stands in for one; a fixed string
// would let a rebuilt binary reuse the findings of the old one.
func buildInfo() commands.BuildInfo {
	info := commands.BuildInfo{Version: "unknown", Commit: "?", Date: "(unknown)", GoVersion: "unknown"}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return info
	}
	info.GoVersion = bi.GoVersion
	info.BuildInfo = bi
	var golangciVersion, golintConcVersion string
	for _, dep := range bi.Deps {
		switch {
		case dep.Path == golangciModule:
			golangciVersion = strings.TrimPrefix(dep.Version, "v")
		case dep.Path == golintConcModule && dep.Replace == nil:
			golintConcVersion = dep.Version
		case dep.Path == golintConcModule:
			golintConcVersion = "devel-" + executableHash()
		}
	}
	info.Version = golangciVersion + "-golint-conc-" + golintConcVersion
	return info
}

// executableHash returns a short hash of the running binary, or "unknown".
func executableHash() string {
	path, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	f, err := os.Open(path)
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "unknown"
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}
