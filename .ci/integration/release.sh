#!/usr/bin/env bash
# Integration test of the release and GitHub pieces: .goreleaser.yaml
# (goreleaser check, a snapshot build whose binary reports the snapshot
# version), docs/examples/github-workflow.yml and action.yml (actionlint), and
# the action's shell steps run locally against testdata/e2e, in both the
# annotation and the SARIF mode.
#
# Run from anywhere; it works on the files on disk, committed or not. Needs Go
# and the Go module proxy (goreleaser and actionlint are installed with
# go install into a temporary GOBIN). Environment:
#   RELEASE_FULL=1  also build all six release archives and verify checksums.txt
#   KEEP_TMP=1      keep the temporary directory for inspection
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

goreleaser_version=v2.15.1
actionlint_version=v1.7.12
# The tag given to the snapshot repository, and what the snapshot build must
# then report: .goreleaser.yaml's version_template is "{{ incpatch .Version }}-next".
snapshot_tag=v0.1.0
snapshot_version=v0.1.1-next

# shellcheck source=.ci/integration/lib.sh
source .ci/integration/lib.sh

export GOBIN="$tmp/bin"
export PATH="$GOBIN:$PATH"

step "install goreleaser $goreleaser_version (go install)"
go install "github.com/goreleaser/goreleaser/v2@$goreleaser_version"
goreleaser --version | grep -q "${goreleaser_version#v}" || fail "goreleaser --version does not report $goreleaser_version"

step "install actionlint $actionlint_version (go install)"
go install "github.com/rhysd/actionlint/cmd/actionlint@$actionlint_version"

step "build golint-conc from the working tree"
go build -o "$tmp/bin/golint-conc" ./cmd/golint-conc

step "snapshot repository tagged $snapshot_tag"
repo="$tmp/repo"
snapshot_tree "$repo" "$snapshot_tag"
# Without a remote, a snapshot build ignores the tags and numbers itself from
# v0.0.0. The remote is never contacted.
git -C "$repo" remote add origin https://github.com/golint-conc/golint-conc.git

step "goreleaser check"
# The real config, unmodified: release.github names the project, so no remote is needed.
(cd "$repo" && goreleaser check)

step "goreleaser build --snapshot --clean --single-target"
(cd "$repo" && goreleaser build --snapshot --clean --single-target)
built=$(find "$repo/dist" -type f \( -name golint-conc -o -name golint-conc.exe \))
[ "$(printf '%s\n' "$built" | wc -l)" -eq 1 ] || fail "expected one binary in dist/, found: $built"
echo "built $built"
version_out=$("$built" -version 2>&1) || fail "golint-conc -version failed: $version_out"
echo "$version_out"
[ "$version_out" = "golint-conc $snapshot_version" ] ||
	fail "golint-conc -version printed '$version_out', want 'golint-conc $snapshot_version'"

if [ "${RELEASE_FULL:-}" = 1 ]; then
	step "goreleaser release --snapshot --clean --skip=publish (all archives)"
	(cd "$repo" && goreleaser release --snapshot --clean --skip=publish)
	(
		cd "$repo/dist"
		ls -l ./*.tar.gz ./*.zip checksums.txt
		tars=(./*.tar.gz) zips=(./*.zip)
		[ "${#tars[@]}" -eq 4 ] || fail "want 4 tar.gz archives (linux, darwin x amd64, arm64)"
		[ "${#zips[@]}" -eq 2 ] || fail "want 2 zip archives (windows x amd64, arm64)"
		sha256sum --ignore-missing -c checksums.txt
		# As docs/integrations.md tells users to: extract the binary and run it.
		contents=$(tar -tzf "golint-conc_${snapshot_version#v}_linux_amd64.tar.gz" | sort | tr '\n' ' ')
		echo "linux_amd64 archive: $contents"
		for f in golint-conc README.md CHANGELOG.md; do
			[[ " $contents" == *" $f "* ]] || fail "the linux_amd64 archive lacks $f"
		done
		mkdir unpacked && cd unpacked
		tar -xzf "../golint-conc_${snapshot_version#v}_linux_amd64.tar.gz" golint-conc
		[ "$(./golint-conc -version)" = "golint-conc $snapshot_version" ] ||
			fail "the linux_amd64 archive's binary does not print golint-conc $snapshot_version"
		cd ..
		unzip -l "golint-conc_${snapshot_version#v}_windows_amd64.zip" | grep -q ' golint-conc.exe$' ||
			fail "windows_amd64 archive lacks golint-conc.exe"
	)
fi

step "go get -tool and go tool golint-conc in a scratch module"
# As docs/integrations.md shows, with a replace standing in for the
# published module. GOPROXY=off: the proxy would refuse the unpublished
# version (403) instead of leaving it to the replace.
tooluser="$tmp/tooluser"
mkdir -p "$tooluser/jobs"
cp testdata/e2e/jobs/jobs.go "$tooluser/jobs/"
printf 'module example.com/tooluser\n\ngo 1.26\n' >"$tooluser/go.mod"
# Offline, the go command cannot ask sum.golang.org for the checksums of
# golint-conc's dependencies; the project's go.sum has them.
cp go.sum "$tooluser/go.sum"
(
	cd "$tooluser"
	export GOPROXY=off
	go mod edit -replace "github.com/golint-conc/golint-conc=$repo"
	go get -tool "github.com/golint-conc/golint-conc/cmd/golint-conc@$snapshot_tag"
	grep -q '^tool github.com/golint-conc/golint-conc/cmd/golint-conc$' go.mod || fail "go.mod has no tool line"
	version_out=$(go tool golint-conc -version)
	echo "$version_out"
	[ "$version_out" = "golint-conc $snapshot_tag" ] || fail "go tool golint-conc -version printed '$version_out', want 'golint-conc $snapshot_tag'"
	status=0
	go tool golint-conc ./... 2>"$tmp/tool.stderr" || status=$?
	cat "$tmp/tool.stderr"
	[ "$status" -eq 3 ] || fail "go tool golint-conc ./... exited $status, want 3"
	grep -q 'jobs/jobs.go:[0-9]*:[0-9]*: WaitGroup.Add called inside the goroutine' "$tmp/tool.stderr" ||
		fail "go tool golint-conc did not report the WaitGroup.Add bug"
)

step "actionlint docs/examples/github-workflow.yml"
lint="$tmp/actionlint"
mkdir -p "$lint/.github/workflows"
git -C "$lint" init -q
cp docs/examples/github-workflow.yml "$lint/.github/workflows/golint-conc.yml"
# The same workflow using the action from this checkout (uses: ./), so that
# actionlint also checks every with: input against action.yml.
cp action.yml "$lint/action.yml"
sed 's|uses: golint-conc/golint-conc@.*|uses: ./|' docs/examples/github-workflow.yml >"$lint/.github/workflows/local-action.yml"
grep -q 'uses: \./$' "$lint/.github/workflows/local-action.yml" || fail "example workflow does not use golint-conc/golint-conc@..."
(cd "$lint" && actionlint -color=false)

step "action.yml: structure, and extract its run: scripts"
# A tiny Go program with gopkg.in/yaml.v3, which the root module already
# requires, so it builds from the module cache with no network.
checker="$tmp/actioncheck"
mkdir -p "$checker"
cat >"$checker/go.mod" <<'EOF'
module actioncheck

go 1.26

require gopkg.in/yaml.v3 v3.0.1
EOF
grep -E '^(gopkg.in/yaml.v3|gopkg.in/check.v1) ' go.sum >"$checker/go.sum"
cat >"$checker/main.go" <<'EOF'
// Command actioncheck checks action.yml's shape (arg 1) and writes each
// step's run: script to DIR/ID.sh (arg 2), or checks a SARIF file (sarif FILE).
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

type action struct {
	Name   string
	Inputs map[string]struct {
		Description string
		Default     *string
	}
	Runs struct {
		Using string
		Steps []struct {
			ID, Name, Run, Uses, If, Shell string
			Env                            map[string]string
		}
	}
}

func main() {
	var err error
	if len(os.Args) == 3 && os.Args[1] == "sarif" {
		err = checkSARIF(os.Args[2])
	} else if len(os.Args) == 3 {
		err = checkAction(os.Args[1], os.Args[2])
	} else {
		err = fmt.Errorf("usage: actioncheck action.yml OUTDIR | actioncheck sarif FILE")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "actioncheck:", err)
		os.Exit(1)
	}
}

func checkAction(path, outDir string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var a action
	if err := yaml.Unmarshal(data, &a); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	if a.Runs.Using != "composite" {
		return fmt.Errorf("runs.using is %q, want composite", a.Runs.Using)
	}
	for _, name := range []string{"version", "packages", "flags", "sarif", "working-directory"} {
		in, ok := a.Inputs[name]
		if !ok || in.Description == "" || in.Default == nil {
			return fmt.Errorf("input %q missing, or without description or default", name)
		}
	}
	for i, s := range a.Runs.Steps {
		if s.Run == "" {
			continue
		}
		// Script injection: expressions must reach scripts through env.
		if strings.Contains(s.Run, "${{") {
			return fmt.Errorf("step %d (%s): run: contains a ${{ }} expression; pass it through env", i, s.Name)
		}
		if s.ID == "" || s.Shell != "bash" {
			return fmt.Errorf("step %d (%s): want an id and shell: bash", i, s.Name)
		}
		if err := os.WriteFile(filepath.Join(outDir, s.ID+".sh"), []byte(s.Run), 0o644); err != nil {
			return err
		}
		fmt.Printf("step %s: %d lines of bash, env %d\n", s.ID, strings.Count(s.Run, "\n"), len(s.Env))
	}
	return nil
}

func checkSARIF(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var log struct {
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string
					Rules []struct{ ID string }
				}
			}
			Results []struct {
				RuleID    string
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(data, &log); err != nil {
		return fmt.Errorf("%s: not JSON: %v", path, err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		return fmt.Errorf("want version 2.1.0 and one run, got %q and %d runs", log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	rules := map[string]bool{}
	for _, r := range run.Tool.Driver.Rules {
		rules[r.ID] = true
	}
	if len(run.Results) == 0 {
		return fmt.Errorf("no results")
	}
	seen := map[string]int{}
	for i, r := range run.Results {
		if r.RuleID == "" || r.Message.Text == "" || len(r.Locations) == 0 {
			return fmt.Errorf("result %d lacks ruleId, message or location", i)
		}
		loc := r.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URI == "" || loc.Region.StartLine < 1 {
			return fmt.Errorf("result %d: uri %q startLine %d", i, loc.ArtifactLocation.URI, loc.Region.StartLine)
		}
		if !rules[r.RuleID] {
			return fmt.Errorf("result %d: ruleId %q is not among tool.driver.rules", i, r.RuleID)
		}
		seen[r.RuleID]++
	}
	fmt.Printf("SARIF %s from %s: %d results, rules %v, first uri %s\n", log.Version,
		run.Tool.Driver.Name, len(run.Results), seen, run.Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI)
	return nil
}
EOF
(cd "$checker" && GOFLAGS=-mod=mod GOPROXY=off go build -o "$tmp/bin/actioncheck" .)
steps_dir="$tmp/action-steps"
mkdir -p "$steps_dir"
actioncheck action.yml "$steps_dir"
for id in install run sarif; do
	[ -f "$steps_dir/$id.sh" ] || fail "action.yml has no step with id $id"
done
if command -v shellcheck >/dev/null; then
	shellcheck --shell=bash "$steps_dir"/*.sh
else
	echo "shellcheck not installed: the run: scripts were not linted"
fi

step "action step 'install': go install argument and bin output (stub go)"
# The real go install needs a published release; a stub go records the
# arguments and answers go env, which shows the version input stays one
# argument whatever it contains.
stub="$tmp/stub-go"
mkdir -p "$stub"
cat >"$stub/go" <<EOF
#!/usr/bin/env bash
case "\$1" in
install) printf '%s\n' "\$@" >"$tmp/go-install-args" ;;
env) exec "$(command -v go)" "\$@" ;;
*) exit 2 ;;
esac
EOF
chmod +x "$stub/go"
: >"$tmp/install-output"
PATH="$stub:$PATH" GITHUB_OUTPUT="$tmp/install-output" GOBIN="" \
	GOLINT_CONC_VERSION='v1.2.3; touch $HOME/pwned' bash -e "$steps_dir/install.sh"
# shellcheck disable=SC2016 # the $HOME must arrive unexpanded
printf 'install\ngithub.com/golint-conc/golint-conc/cmd/golint-conc@v1.2.3; touch $HOME/pwned\n' |
	diff - "$tmp/go-install-args" || fail "install step passed unexpected arguments to go install"
grep -qx "bin=$(go env GOPATH)/bin/golint-conc" "$tmp/install-output" ||
	fail "install step output: $(cat "$tmp/install-output")"

e2e="$root/testdata/e2e"
# Every analyzer named by an "e2e: NAME" marker must appear in the output.
mapfile -t e2e_analyzers < <(grep -rhoE 'e2e: [a-z]+' "$e2e" | sort -u | cut -d' ' -f2)

step "action step 'run' (annotations) on testdata/e2e"
: >"$tmp/run-output"
status=0
(cd "$e2e" && GITHUB_OUTPUT="$tmp/run-output" GOLINT_CONC="$tmp/bin/golint-conc" \
	GOLINT_CONC_FLAGS="-all" GOLINT_CONC_PACKAGES="./..." \
	bash -e "$steps_dir/run.sh") >"$tmp/run.stdout" 2>"$tmp/run.stderr" || status=$?
head -n 5 "$tmp/run.stdout"
echo "... $(wc -l <"$tmp/run.stdout") lines on stdout, exit status $status"
[ "$status" -eq 3 ] || { cat "$tmp/run.stderr"; fail "run step exited $status, want 3 (findings)"; }
# ::warning file=F,line=L,col=C[,endLine=L2,endColumn=C2],title=golint-conc (NAME)::MESSAGE,
# with relative paths.
annotation='^::warning file=[^/,][^,]*,line=[0-9]+,col=[0-9]+(,endLine=[0-9]+,endColumn=[0-9]+)?,title=[^,:]+::.+$'
grep -vqE "$annotation" "$tmp/run.stdout" &&
	fail "stdout has lines that are not ::warning annotations: $(grep -vE "$annotation" "$tmp/run.stdout" | head -n 3)"
for name in "${e2e_analyzers[@]}"; do
	grep -qE "title=(golint-conc \\()?$name\\)?::" "$tmp/run.stdout" || fail "no annotation from $name"
done

step "action step 'run' with flags and two package patterns"
status=0
(cd "$e2e" && GITHUB_OUTPUT="$tmp/run-output" GOLINT_CONC="$tmp/bin/golint-conc" \
	GOLINT_CONC_FLAGS="-all -sleepsync=false  -test=false" GOLINT_CONC_PACKAGES="./jobs ./pipeline" \
	bash -e "$steps_dir/run.sh") >"$tmp/run2.stdout" 2>"$tmp/run2.stderr" || status=$?
[ "$status" -eq 3 ] || { cat "$tmp/run2.stderr"; fail "run step exited $status, want 3"; }
grep -qE 'title=(golint-conc \()?sleepsync\)?::' "$tmp/run2.stdout" && fail "-sleepsync=false was not applied"
grep -qE 'title=(golint-conc \()?chanleak\)?::' "$tmp/run2.stdout" || fail "./pipeline was not checked"
grep -q 'server.go' "$tmp/run2.stdout" && fail "./server was checked though not named"
echo "ok: flags split on whitespace, only ./jobs and ./pipeline checked"

step "action step 'sarif' on testdata/e2e"
mkdir -p "$tmp/runner-temp"
: >"$tmp/sarif-output"
status=0
(cd "$e2e" && GITHUB_OUTPUT="$tmp/sarif-output" RUNNER_TEMP="$tmp/runner-temp" \
	GOLINT_CONC="$tmp/bin/golint-conc" GOLINT_CONC_FLAGS="-all" GOLINT_CONC_PACKAGES="./..." \
	bash -e "$steps_dir/sarif.sh") || status=$?
[ "$status" -eq 0 ] || fail "sarif step exited $status; it must never fail"
grep -qx "file=$tmp/runner-temp/golint-conc.sarif" "$tmp/sarif-output" ||
	fail "sarif step output: $(cat "$tmp/sarif-output")"
actioncheck sarif "$tmp/runner-temp/golint-conc.sarif"
for name in "${e2e_analyzers[@]}"; do
	grep -q "\"ruleId\": *\"$name\"" "$tmp/runner-temp/golint-conc.sarif" || fail "no SARIF result from $name"
done

end_step
echo "release.sh passed"
