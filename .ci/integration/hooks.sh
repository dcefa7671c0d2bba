#!/usr/bin/env bash
# Integration test of the git hooks: .pre-commit-hooks.yaml (both hooks, as a
# user's .pre-commit-config.yaml made from docs/examples/pre-commit-config.yaml
# installs them) and docs/examples/lefthook.yml. Each hook must fail on a
# module with a real bug, print the finding, and pass once the bug is fixed.
#
# Run from anywhere; it tests the files on disk, committed or not. Needs Go
# and the Go module proxy; installs pre-commit with apt-get when missing and
# lefthook from npm. Environment: KEEP_TMP=1 keeps the temporary directory.
set -euo pipefail
cd "$(dirname "$0")/../.."

lefthook_version=2.2.2
hook_tag=v0.0.0-hooktest
# pre-commit's language: golang runs `go install ./...` at the hook
# repository's root, which installs every main package of the root module
# (nested modules and testdata are skipped). These are the ones we expect.
hook_binaries="gendocs golint-conc"

# shellcheck source=.ci/integration/lib.sh
source .ci/integration/lib.sh

# expect_run NAME WANT_STATUS PATTERN CMD...: run CMD, show its output, and
# check its exit status (0, or "nonzero") and that the output matches PATTERN.
expect_run() {
	local name=$1 want=$2 pattern=$3
	shift 3
	local status=0
	"$@" >"$tmp/out" 2>&1 || status=$?
	sed 's/^/    /' "$tmp/out"
	if [ "$want" = nonzero ]; then
		[ "$status" -ne 0 ] || fail "$name: passed, want a failure"
	else
		[ "$status" -eq "$want" ] || fail "$name: exit status $status, want $want"
	fi
	grep -qE -- "$pattern" "$tmp/out" || fail "$name: output does not match /$pattern/"
	echo "ok: $name (exit status $status)"
}

# The scratch module: a worker pool whose WaitGroup.Add runs inside the
# goroutine it counts (analyzer waitgroupadd, as in testdata/e2e/jobs).
finding='worker/pool.go:[0-9]+:[0-9]+: WaitGroup.Add called inside the goroutine it counts'
write_pool() {
	local fixed=$1
	local add_outside="" add_inside="			wg.Add(1)"
	if [ "$fixed" = fixed ]; then
		add_outside="		wg.Add(1)"
		add_inside=""
	fi
	mkdir -p "$scratch/worker"
	cat >"$scratch/worker/pool.go" <<EOF
// Package worker runs jobs on a goroutine each.
package worker

import "sync"

// RunAll calls process on every job concurrently and waits for all of them.
func RunAll(jobs []string, process func(string)) {
	var wg sync.WaitGroup
	for _, job := range jobs {
$add_outside
		go func() {
$add_inside
			defer wg.Done()
			process(job)
		}()
	}
	wg.Wait()
}
EOF
	gofmt -w "$scratch/worker/pool.go"
	git -C "$scratch" add -A
}

step "install pre-commit (if missing)"
command -v pre-commit >/dev/null || (apt-get update && apt-get install -y pre-commit)
pre-commit --version

step "pre-commit validate-manifest .pre-commit-hooks.yaml"
pre-commit validate-manifest .pre-commit-hooks.yaml

step "hook repository: snapshot of the working tree, tagged $hook_tag"
hookrepo="$tmp/hookrepo"
snapshot_tree "$hookrepo" "$hook_tag"

step "scratch module with a WaitGroup.Add bug"
scratch="$tmp/scratch"
mkdir -p "$scratch"
git -C "$scratch" init -q
printf 'module example.com/scratch\n\ngo 1.24\n' >"$scratch/go.mod"
write_pool buggy
# pre-commit's golang hooks install with GOPATH set to the hook's
# environment; keep the module cache shared so nothing is downloaded twice.
export GOMODCACHE
GOMODCACHE=$(go env GOMODCACHE)
export PRE_COMMIT_HOME="$tmp/pre-commit-home"

# use_config HOOK_ID [ARGS] writes the user config from the documented
# example, pointed at the snapshot repository, choosing HOOK_ID and, if
# given, uncommenting the example's args line with ARGS instead.
use_config() {
	local edits=(
		-e "s|repo: https://github.com/golint-conc/golint-conc|repo: $hookrepo|"
		-e "s|rev: v.*|rev: $hook_tag|"
		-e "s|- id: golint-conc\$|- id: $1|"
	)
	if [ -n "${2:-}" ]; then edits+=(-e "s|# args: \[[^]]*\]|args: [$2]|"); fi
	sed "${edits[@]}" docs/examples/pre-commit-config.yaml >"$scratch/.pre-commit-config.yaml"
	if [ -n "${2:-}" ]; then
		grep -qF "args: [$2]" "$scratch/.pre-commit-config.yaml" || fail "example config has no args line"
	fi
	grep -q "repo: $hookrepo" "$scratch/.pre-commit-config.yaml" || fail "example config has no golint-conc repo line"
	grep -q "rev: $hook_tag" "$scratch/.pre-commit-config.yaml" || fail "example config has no rev line"
	grep -q -- "- id: $1\$" "$scratch/.pre-commit-config.yaml" || fail "example config has no hook id line"
	git -C "$scratch" add -A
}

step "pre-commit hook golint-conc: install and fail on the bug"
use_config golint-conc
(cd "$scratch" && expect_run "golint-conc hook on the bug" nonzero "$finding" pre-commit run --all-files)
grep -q 'exit code: 3' "$tmp/out" || fail "golint-conc hook: want exit code 3 reported by pre-commit"

step "pre-commit hook golint-conc: pass once fixed"
write_pool fixed
(cd "$scratch" && expect_run "golint-conc hook on the fixed code" 0 'golint-conc\.+Passed' pre-commit run --all-files)

step "pre-commit hook golint-conc: args replace the default ./..."
write_pool buggy
use_config golint-conc "-waitgroupadd=false, ./..."
(cd "$scratch" && expect_run "golint-conc hook with -waitgroupadd=false" 0 'golint-conc\.+Passed' pre-commit run --all-files)

step "pre-commit hook golint-conc-vet: fail on the bug"
write_pool buggy
use_config golint-conc-vet
(cd "$scratch" && expect_run "golint-conc-vet hook on the bug" nonzero "$finding" pre-commit run --all-files)

step "pre-commit hook golint-conc-vet: pass once fixed"
write_pool fixed
(cd "$scratch" && expect_run "golint-conc-vet hook on the fixed code" 0 'golint-conc \(go vet\)\.+Passed' pre-commit run --all-files)

step "pre-commit's go install ./... built only the expected binaries"
envbin=$(find "$PRE_COMMIT_HOME" -type d -name bin -path '*golangenv*' | head -n 1)
[ -n "$envbin" ] || fail "no golang environment under $PRE_COMMIT_HOME"
installed=$(find "$envbin" -mindepth 1 -printf '%f\n' | sort | tr '\n' ' ')
echo "$envbin: $installed"
[ "$installed" = "$hook_binaries " ] || fail "hook environment has binaries '$installed', want '$hook_binaries'"

step "install lefthook $lefthook_version (npm)"
# The package's postinstall runs `lefthook install` in npm's starting
# directory, which would write lefthook.yml and git hooks into this checkout:
# start npm in the temporary directory and skip install scripts.
(cd "$tmp" && npm install --silent --no-audit --no-fund --ignore-scripts --prefix "$tmp/npm" "lefthook@$lefthook_version")
lefthook="$tmp/npm/node_modules/.bin/lefthook"
"$lefthook" version

step "build golint-conc from the working tree for lefthook"
go build -o "$tmp/bin/golint-conc" ./cmd/golint-conc

step "lefthook (docs/examples/lefthook.yml): fail on the bug, pass once fixed"
rm "$scratch/.pre-commit-config.yaml"
cp docs/examples/lefthook.yml "$scratch/lefthook.yml"
write_pool buggy
(cd "$scratch" && PATH="$tmp/bin:$PATH" NO_COLOR=1 expect_run "lefthook on the bug" nonzero "$finding" "$lefthook" run pre-commit --all-files)
write_pool fixed
(cd "$scratch" && PATH="$tmp/bin:$PATH" NO_COLOR=1 expect_run "lefthook on the fixed code" 0 'golint-conc' "$lefthook" run pre-commit --all-files)
grep -qi 'skip' "$tmp/out" && fail "lefthook skipped the job: the glob did not match worker/pool.go"

end_step
echo "hooks.sh passed"
