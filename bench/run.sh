#!/usr/bin/env bash
# bench/run.sh: golint-conc beside x/tools, go vet and staticcheck.
#
#   bench/run.sh std      the standard library, tests included
#   bench/run.sh corpus   the corpus modules pinned in bench/go.mod, tests excluded
#   bench/run.sh slices   golint-conc on growing slices of the corpus (1, 2, 4, 8 modules)
#   bench/run.sh precision [-only SUBSTR] [-reuse]
#                         golint-conc, every analyzer on, over the precision
#                         corpus (bench/precision/modules.txt), compared with
#                         the verdicts of bench/precision/triage.tsv: the
#                         precision of each analyzer, the findings without a
#                         verdict and the verdicts whose finding is gone
#                         (cmd/precision; exit 1 unless the two agree)
#
# Each run prints a table (tool, wall seconds, peak RSS, packages, findings)
# and writes it, with the conditions and golint-conc's findings, to
# bench/results/MODE-TIMESTAMP.txt. docs/performance.md explains the method.
#
# Environment:
#   MIN_FREE_GB (default 8): memory that must be available before each
#     measured command; the script waits for it, up to 10 minutes.
#   STD_PATTERNS (default std), CORPUS (default: all corpus modules, space
#     separated): smaller sets for trying the script out, such as
#     STD_PATTERNS=net/http or CORPUS=go.uber.org/zap. The patterns used
#     are printed at the top of the result.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
MODE=${1:-}
MIN_FREE_GB=${MIN_FREE_GB:-8}

# The corpus modules, in the order the slices grow: big servers first, so
# that each slice adds a comparable amount of code.
CORPUS_MODULES=(
	google.golang.org/grpc
	go.uber.org/zap
	github.com/nats-io/nats-server/v2
	github.com/redis/go-redis/v9
	go.etcd.io/etcd/server/v3
	github.com/dgraph-io/badger/v4
	github.com/prometheus/prometheus
	github.com/golang/groupcache
)
if [[ -n ${CORPUS:-} ]]; then
	read -r -a CORPUS_MODULES <<<"$CORPUS"
fi
read -r -a STD_PATTERNS <<<"${STD_PATTERNS:-std}"

usage() {
	echo "usage: bench/run.sh std|corpus|slices|precision" >&2
	exit 2
}

case $MODE in
std | corpus | slices) ;;
precision)
	# No timing here, so none of the measurement set-up below: build the
	# tools and compare. The module copies and outputs are kept in
	# PRECISION_WORK for -reuse and for reading the findings' code.
	shift
	cd "$BENCH"
	bin=$(mktemp -d)
	trap 'rm -rf "$bin"' EXIT
	go build -C "$ROOT" -o "$bin/golint-conc" ./cmd/golint-conc
	go build -o "$bin/precision" ./cmd/precision
	"$bin/precision" -bin "$bin/golint-conc" -work "${PRECISION_WORK:-${TMPDIR:-/tmp}/golint-conc-precision}" "$@"
	exit
	;;
*) usage ;;
esac

WORK=$(mktemp -d)
BIN=$WORK/bin
TOUCHED=""
cleanup() {
	# Put back the file the incremental go vet run edited, whatever happened.
	if [[ -n $TOUCHED && -f $WORK/touched.orig ]]; then
		cp "$WORK/touched.orig" "$TOUCHED"
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$BENCH/results"
RESULT=$BENCH/results/$MODE-$STAMP.txt
# Everything printed goes to the result file too.
exec > >(tee "$RESULT") 2>&1

cd "$BENCH"

# --- tools -----------------------------------------------------------------

build_tools() {
	mkdir -p "$BIN"
	go build -o "$BIN/" ./cmd/noop ./cmd/xtoolsconc ./cmd/countfindings
	# staticcheck at the version the tool directive in bench/go.mod pins,
	# the one "go tool staticcheck" runs; built once so that its link time
	# and the go command around it stay out of the measurement.
	go build -o "$BIN/staticcheck" honnef.co/go/tools/cmd/staticcheck
	# golint-conc from the working tree, built with the root module's own
	# requirements, as users build it.
	go build -C "$ROOT" -o "$BIN/golint-conc" ./cmd/golint-conc
}

# --- measurement -----------------------------------------------------------

available_gb() {
	awk '/^MemAvailable:/ { printf "%d", $2 / 1048576 }' /proc/meminfo
}

# wait_for_memory waits until MIN_FREE_GB is available, so that a
# measurement is not cut short or slowed down by another job's peak.
wait_for_memory() {
	local waited=0
	while (($(available_gb) < MIN_FREE_GB)); do
		if ((waited >= 600)); then
			echo "warning: only $(available_gb) GB available after 10 minutes; measuring anyway" >&2
			return
		fi
		sleep 10
		waited=$((waited + 10))
	done
}

load1() {
	cut -d' ' -f1 /proc/loadavg
}

TABLE=$WORK/table
printf '%-44s %8s %9s %9s %9s %7s %5s %5s\n' tool wall_s rss_MB packages findings errors exit load >"$TABLE"

# measure NAME PACKAGES FINDINGS_FROM COUNT_FLAGS -- COMMAND...
# runs COMMAND under /usr/bin/time with its output in $WORK/NAME.{out,err},
# counts the findings in the stream FINDINGS_FROM (out or err) with
# countfindings COUNT_FLAGS, and adds a row to the table. A non-zero exit
# (staticcheck exits 1 with findings) is recorded, not fatal.
measure() {
	local name=$1 packages=$2 from=$3 countflags=$4
	shift 5
	local file=$WORK/${name//[^A-Za-z0-9_.-]/_}
	wait_for_memory
	local load rc=0
	load=$(load1)
	/usr/bin/time -f '%e %M' -o "$file.time" "$@" >"$file.out" 2>"$file.err" || rc=$?
	local wall rss
	read -r wall rss < <(tail -n 1 "$file.time") # GNU time says "Command exited with non-zero status N" first
	# shellcheck disable=SC2086 # countflags is a list of flags
	"$BIN/countfindings" $countflags <"$file.$from" >"$file.count" || {
		echo "$name: output not understood (exit $rc):" >&2
		head -c 2000 "$file.err" >&2
		echo "findings ?" >"$file.count"
		echo "errors ?" >>"$file.count"
	}
	local findings errors
	findings=$(awk '$1 == "findings" { print $2 }' "$file.count")
	errors=$(awk '$1 == "errors" { print $2 }' "$file.count")
	printf '%-44s %8s %9d %9s %9s %7s %5s %5s\n' "$name" "$wall" $((rss / 1024)) \
		"$packages" "$findings" "$errors" "$rc" "$load" | tee -a "$TABLE"
	LAST=$file
	LAST_LOAD=$load
}

# --- packages and lines ------------------------------------------------------

# corpus_packages [MODULE...] lists the packages of the given corpus
# modules (all of them by default) that corpus.go imports, directly or not:
# the corpus is what those imports pull in, not every package the modules
# hold, whose dependencies the module graph need not provide.
corpus_packages() {
	local modules=("$@")
	((${#modules[@]})) || modules=("${CORPUS_MODULES[@]}")
	local re
	re=$(printf '%s|' "${modules[@]}")
	go list -deps . | grep -E "^(${re%|})(/|$)" | sort
}

# go_files TESTS [-deps] PATTERN... lists the Go files that a load of the
# patterns parses: the packages' own files (test files too when TESTS is
# true), or with -deps those of every package loaded, dependencies included.
go_files() {
	local tests=$1
	shift
	# shellcheck disable=SC2016 # a go list template, not shell
	local tmpl='{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{range .CgoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}'
	if [[ $tests == true ]]; then
		# shellcheck disable=SC2016
		tmpl+='{{range .TestGoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{range .XTestGoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}'
	fi
	go list -test="$tests" -f "$tmpl" "$@" | grep -vF "$(go env GOCACHE)/" | sort -u
}

lines_of() {
	xargs -d '\n' cat | wc -l
}

# --- the runs ----------------------------------------------------------------

print_conditions() {
	echo "# bench/run.sh $MODE, $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
	echo "machine: $(nproc) cores, $(awk '/^MemTotal:/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)," \
		"$(available_gb) GB available, load average $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "cpu: $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
	echo "go: $(go version | cut -d' ' -f3-)"
	local dirty=""
	if [[ -n $(git -C "$ROOT" status --porcelain -- . ':!bench/results' 2>/dev/null) ]]; then
		dirty=" + uncommitted changes"
	fi
	echo "golint-conc: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$dirty"
	echo "staticcheck: $("$BIN/staticcheck" -version)"
	echo "x/tools: $(go list -m -f '{{.Version}}' golang.org/x/tools)"
}

# vet_series NAME TOUCHFILE PACKAGES VETFLAGS... PATTERN... measures one
# go vet setup three times over the same patterns: with go vet's analysis
# cache cold, again with it warm, and after an edit of TOUCHFILE. The
# compiled packages stay cached throughout (the build cache was warmed
# before): the caller passes flags that make the analysis results alone
# miss the cache, see uncached_vet_flags.
vet_series() {
	local name=$1 touchfile=$2 packages=$3
	shift 3
	measure "$name" "$packages" out "$VETCOUNT" -- go vet -json "$@"
	measure "$name (cached)" "$packages" out "$VETCOUNT" -- go vet -json "$@"
	TOUCHED=$touchfile
	cp "$touchfile" "$WORK/touched.orig"
	# A comment at the end of the file: the package is recompiled and
	# re-analysed, its export data and facts do not change, so nothing
	# that imports it is redone, as after a typical edit of application code.
	printf '\n// edited by bench/run.sh at %s\n' "$(date -u +%T.%N)" >>"$touchfile"
	measure "$name (1 file edited)" "$packages" out "$VETCOUNT" -- go vet -json "$@"
	cp "$WORK/touched.orig" "$touchfile"
	TOUCHED=""
}

# uncached_vet_flags TOOL prints go vet flags under which no analysis
# result is in go vet's cache yet, while compiled packages are. go vet
# keys each package's analysis on the tool's ID and the flags passed to it
# (cmd/go/internal/work: "vetflags"), not on -json or -c, which it handles
# itself. So:
#   - built-in vet: -printfuncs names a print wrapper that does not exist,
#     a unique name each run; with any flag given, go vet stops turning
#     off unsafeptr on the standard library by default, so in std mode
#     -unsafeptr=false keeps the analysis that "go vet std" does;
#   - golint-conc: a build of its own (build_fresh_vettool), whose version
#     string is unique, so its tool ID (a hash of the executable) is new.
# Neither changes what is analysed or reported.
uncached_vet_flags() {
	if [[ $1 == vet ]]; then
		echo "-printfuncs=bench_$(date -u +%s%N)"
		if [[ $MODE == std ]]; then echo "-unsafeptr=false"; fi
	else
		echo "-vettool=$BIN/golint-conc-vet"
		echo "-all"
	fi
}

build_fresh_vettool() {
	go build -C "$ROOT" -ldflags="-X=main.version=bench-$(date -u +%s%N)" -o "$BIN/golint-conc-vet" ./cmd/golint-conc
}

compare() {
	local tests patterns touchpkg
	if [[ $MODE == std ]]; then
		tests=true
		patterns=("${STD_PATTERNS[@]}")
		touchpkg=./touch/stdapp
	else
		tests=false
		mapfile -t patterns < <(corpus_packages)
		touchpkg=./touch/corpusapp
	fi
	local npkgs rootlines alllines
	npkgs=$(go list "${patterns[@]}" | wc -l)
	rootlines=$(go_files "$tests" "${patterns[@]}" | lines_of)
	alllines=$(go_files "$tests" -deps "${patterns[@]}" | lines_of)
	echo "patterns: ${patterns[*]:0:8}$( ((${#patterns[@]} > 8)) && echo " ... (${#patterns[@]} in all)")"
	echo "packages: $npkgs; lines of Go: $rootlines in them, $alllines with all their dependencies"
	echo "tests: the go vet rows analyse test files too, the others -test=$tests"
	echo

	local vetpkgs
	vetpkgs=$(go list "${patterns[@]}" "$touchpkg" | wc -l)
	# go vet compiles every package it analyses, tests included, and the
	# other tools do not; a first go vet run (untimed) fills the build
	# cache so that the measured ones pay for analysis, not compilation.
	echo "Warming the build cache (go vet, untimed) ..."
	go vet "${patterns[@]}" "$touchpkg" >/dev/null 2>&1 || true
	# The first go/packages load of a pattern set also fills the go
	# command's caches for the list of packages and their test variants
	# (94 s instead of 9 s for the noop row on std), so one untimed load
	# keeps that cost out of whichever row happens to run first.
	"$BIN/noop" -test="$tests" "${patterns[@]}" >/dev/null 2>&1 || true
	echo

	cat "$TABLE"
	measure noop "$npkgs" out "" -- "$BIN/noop" -json -test="$tests" "${patterns[@]}"
	measure xtoolsconc "$npkgs" out "" -- "$BIN/xtoolsconc" -json -test="$tests" "${patterns[@]}"
	# -all: the cost of every analyzer, not only of the default set.
	measure golint-conc "$npkgs" out -golint-conc -- "$BIN/golint-conc" -all -json -test="$tests" "${patterns[@]}"
	cp "$LAST.out" "$WORK/golint-conc.json"
	measure staticcheck "$npkgs" out -staticcheck -- env STATICCHECK_CACHE="$WORK/staticcheck-cache" \
		"$BIN/staticcheck" -checks 'SA2*,SA1015' -f json -tests="$tests" "${patterns[@]}"

	# go vet always analyses test files too, whatever the mode.
	local vetflags
	mapfile -t vetflags < <(uncached_vet_flags vet)
	VETCOUNT=""
	vet_series "go vet" "$touchpkg/app.go" "$vetpkgs" "${vetflags[@]}" "${patterns[@]}" "$touchpkg"
	build_fresh_vettool
	mapfile -t vetflags < <(uncached_vet_flags golint-conc)
	VETCOUNT=-golint-conc
	vet_series "go vet -vettool=golint-conc" "$touchpkg/app.go" "$vetpkgs" "${vetflags[@]}" "${patterns[@]}" "$touchpkg"

	echo
	echo "## Table"
	cat "$TABLE"
	echo
	echo "## golint-conc findings per analyzer (standalone run)"
	"$BIN/countfindings" -golint-conc <"$WORK/golint-conc.json"
	echo
	echo "## golint-conc findings"
	"$BIN/countfindings" -list <"$WORK/golint-conc.json" |
		sed -e "s|$(go env GOROOT)/|\$GOROOT/|" -e "s|$(go env GOMODCACHE)/|\$GOMODCACHE/|"
}

slices() {
	local n
	echo "tests: false; golint-conc standalone, all analyzers"
	echo
	printf '%-8s %9s %12s %12s %8s %9s %9s %5s\n' modules packages lines lines_deps wall_s rss_MB findings load
	local sizes=() m=${#CORPUS_MODULES[@]}
	for n in 1 2 4 8 16; do
		((n < m)) && sizes+=("$n")
	done
	sizes+=("$m")
	for n in "${sizes[@]}"; do
		local patterns npkgs rootlines alllines
		mapfile -t patterns < <(corpus_packages "${CORPUS_MODULES[@]:0:n}")
		npkgs=${#patterns[@]}
		rootlines=$(go_files false "${patterns[@]}" | lines_of)
		alllines=$(go_files false -deps "${patterns[@]}" | lines_of)
		measure "golint-conc $n" "$npkgs" out "" -- "$BIN/golint-conc" -all -json -test=false "${patterns[@]}" >/dev/null
		local wall rss findings
		read -r wall rss < <(tail -n 1 "$LAST.time")
		findings=$(awk '$1 == "findings" { print $2 }' "$LAST.count")
		printf '%-8s %9d %12d %12d %8s %9d %9s %5s\n' "$n" "$npkgs" "$rootlines" "$alllines" "$wall" \
			$((rss / 1024)) "$findings" "$LAST_LOAD"
	done
	echo
	echo "modules, in slice order: ${CORPUS_MODULES[*]}"
}

build_tools
print_conditions
echo
case $MODE in
std | corpus) compare ;;
slices) slices ;;
esac
echo
echo "done: $(date -u '+%H:%M:%S UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
