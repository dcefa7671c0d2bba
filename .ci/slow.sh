#!/usr/bin/env bash
# The slow lane, outside the 15-minute CI budget: `.ci/run --slow` calls it
# after the usual steps, or run it alone.
#
#   - FuzzAnalyzers (analyzers/fuzz_test.go) fuzzes every analyzer for
#     FUZZTIME (default 5m). A crasher is written to
#     analyzers/testdata/fuzz/FuzzAnalyzers/, where `go test ./analyzers`
#     then replays it: commit it with the fix.
#   - golint-conc over the standard library twice: no analyzer may fail
#     (panic, internal error) and both runs must print the same findings.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

echo "== fuzz: FuzzAnalyzers for ${FUZZTIME:=5m}"
if ! go test -run '^$' -fuzz '^FuzzAnalyzers$' -fuzztime "$FUZZTIME" ./analyzers; then
	echo "crashers:"; git status --short analyzers/testdata/fuzz
	exit 1
fi

echo "== golint-conc std, twice [$((SECONDS - started))s]"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/golint-conc" ./cmd/golint-conc
for run in 1 2; do
	# -json exits 0 with findings; any other status is an error.
	if ! "$work/golint-conc" -json std >"$work/std$run.json" 2>"$work/std$run.err"; then
		cat "$work/std$run.err"; exit 1
	fi
	if [ -s "$work/std$run.err" ]; then
		echo "golint-conc std printed errors:"; cat "$work/std$run.err"; exit 1
	fi
done
if ! cmp -s "$work/std1.json" "$work/std2.json"; then
	echo "two runs over std differ:"; diff "$work/std1.json" "$work/std2.json" | head -40; exit 1
fi
if grep -q '"error"' "$work/std1.json"; then
	echo "an analysis failed on std:"; grep -B2 '"error"' "$work/std1.json" | head -40; exit 1
fi
echo "slow lane passed in $((SECONDS - started))s"
