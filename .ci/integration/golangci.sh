#!/usr/bin/env bash
# Integration test of the golangci-lint v2 module plugin (package gclplugin).
#
# It builds custom-gcl from the nested module internal/customgcl (the binary
# "golangci-lint custom" would build from .custom-gcl.yml, which cannot run
# offline because it git-clones golangci-lint), then runs it on the fixture
# module testdata/golangci and checks:
#   - internal/customgcl/.custom-gcl.yml names the golangci-lint version and
#     package the nested module builds, and docs/golangci-lint.md quotes it
#     and the fixture's .golangci.yml verbatim;
#   - "config verify" accepts the fixture's .golangci.yml;
#   - the JSON output holds exactly the issues marked "// gcl: NAME" in the
#     fixture (file:line, FromLinter golint-conc, Text "NAME: ..."), so the
#     disabled analyzer and the //nolint and //golint-conc:ignore lines
#     ("// gcl-quiet: NAME") are absent;
#   - those quiet lines are real findings: with the directives blanked out
#     and nothing disabled, every marked line is reported;
#   - vscode-go's flag set prints lines its regexp parses, and exits 0, both
#     from the module root and from a package directory;
#   - a misspelt settings key fails the run with an error naming the key;
#   - "run --fix" on a copy applies exactly the announced edits, removes those
#     issues, and leaves code that go build and go vet accept.
# Needs go and python3. Run from anywhere: .ci/integration/golangci.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
fixture=$root/testdata/golangci
bin=${CUSTOM_GCL_BIN:-$root/bin/custom-gcl}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# seconds_since T prints the seconds since T (from date +%s%N), e.g. 12.3.
seconds_since() {
	local ms=$((($(date +%s%N) - $1) / 1000000))
	printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100))
}
started=$(date +%s%N)
step_started=$started
step_name=
# step ends the previous step, printing its time, and starts the next.
step() {
	if [ -n "$step_name" ]; then
		echo "   ($step_name: $(seconds_since "$step_started")s)"
	fi
	step_name=$1
	step_started=$(date +%s%N)
	echo "== $1"
}

# check.py holds the assertions; each subcommand exits non-zero with a
# message saying what differs.
cat >"$work/check.py" <<'PY'
import base64, json, os, re, sys

MARKER = re.compile(r'//\s*gcl(-quiet)?:\s*(\w+)\s*$')
# vscode-go's lint line regexp (extension/src/util.ts).
VSCODE = re.compile(r'^([^:]*: )?((.:)?[^:]*):(\d+)(:(\d+)?)?:(?:\w+:)? (.*)$')

def fail(msg):
    print('FAIL: ' + msg)
    sys.exit(1)

def markers(root):
    """{(relpath, line): (quiet, analyzer)} from the fixture's marker comments."""
    found = {}
    for d, _, files in os.walk(root):
        for f in files:
            if not f.endswith('.go'):
                continue
            path = os.path.join(d, f)
            with open(path) as fh:
                for n, line in enumerate(fh, 1):
                    m = MARKER.search(line)
                    if m:
                        found[(os.path.relpath(path, root), n)] = (bool(m.group(1)), m.group(2))
    return found

def issues(json_path):
    with open(json_path) as fh:
        data = json.load(fh)
    return data.get('Issues') or []

def found_set(json_path):
    got = {}
    for i in issues(json_path):
        pos = i['Pos']
        if i['FromLinter'] != 'golint-conc':
            fail('issue from linter %r, want golint-conc: %s' % (i['FromLinter'], i['Text']))
        name, sep, _ = i['Text'].partition(': ')
        if not sep:
            fail('issue text does not start with "analyzer: ": %r' % i['Text'])
        got[(pos['Filename'], pos['Line'])] = name
    return got

def compare(json_path, root, include_quiet):
    want = {k: name for k, (quiet, name) in markers(root).items() if include_quiet or not quiet}
    got = found_set(json_path)
    for k in sorted(set(want) | set(got)):
        where = '%s:%d' % k
        if k not in got:
            fail('%s: want a %s issue, got none' % (where, want[k]))
        if k not in want:
            why = ' (a gcl-quiet line: suppression or disable failed)' if k in markers(root) else ''
            fail('%s: unexpected %s issue%s' % (where, got[k], why))
        if got[k] != want[k]:
            fail('%s: got a %s issue, want %s' % (where, got[k], want[k]))
    quiet = sorted('%s:%d %s' % (k + (n,)) for k, (q, n) in markers(root).items() if q)
    print('ok: %d issues as marked%s' % (len(got), '' if include_quiet else '; quiet: ' + ', '.join(quiet)))

def vscode(text_path, root, subdir='.'):
    """Lines for the marked issues under subdir, in a form vscode-go parses."""
    with open(text_path) as fh:
        lines = [l.rstrip('\n') for l in fh if l.strip()]
    prefix = os.path.normpath(subdir) + os.sep
    want = sum(1 for (f, _), (quiet, _) in markers(root).items()
               if not quiet and (subdir == '.' or f.startswith(prefix)))
    if len(lines) != want:
        fail('%d output lines, want %d:\n%s' % (len(lines), want, '\n'.join(lines)))
    for l in lines:
        m = VSCODE.match(l)
        if not m:
            fail('vscode-go regexp does not match: %r' % l)
        if not os.path.isabs(m.group(2)) or not os.path.exists(m.group(2)):
            fail('not an existing absolute path: %r' % m.group(2))
    print('ok: %d lines match the vscode-go regexp' % len(lines))

def fixed(before_json, after_json, orig_root, copy_root):
    """--fix must apply exactly the edits the JSON output announced."""
    fixable = [i for i in issues(before_json) if i.get('SuggestedFixes')]
    if not fixable:
        fail('no issue carries a suggested fix')
    edits = {}
    for i in fixable:
        for e in i['SuggestedFixes'][0]['TextEdits']:
            edits.setdefault(i['Pos']['Filename'], []).append(e)
    changed = []
    for f, es in sorted(edits.items()):
        data = open(os.path.join(orig_root, f), 'rb').read()
        want = data
        for e in sorted(es, key=lambda e: e['Pos'], reverse=True):
            want = want[:e['Pos']] + base64.b64decode(e['NewText'] or '') + want[e['End']:]
            changed.append('%s:%d' % (f, data[:e['Pos']].count(b'\n') + 1))
        got = open(os.path.join(copy_root, f), 'rb').read()
        if got == data:
            fail('%s unchanged by --fix' % f)
        if got != want:
            fail('%s after --fix differs from the announced edits:\n%s' % (f, got.decode()))
    left = sorted(i['Text'].partition(':')[0] for i in issues(after_json))
    want = sorted(i['Text'].partition(':')[0] for i in issues(before_json) if not i.get('SuggestedFixes'))
    if left != want:
        fail('after --fix, issues %s remain, want %s' % (left, want))
    print('ok: fixes edited %s; remaining issues: %s' % (', '.join(changed), ', '.join(left) or 'none'))

def quoted(doc, *files):
    """The docs quote each file whole, so the two cannot drift apart."""
    text = open(doc).read()
    for f in files:
        if open(f).read() not in text:
            fail('%s does not quote %s verbatim' % (doc, f))
    print('ok: %s quotes %s' % (doc, ', '.join(files)))

cmd, args = sys.argv[1], sys.argv[2:]
{'marked': lambda j, r: compare(j, r, False),
 'all-marked': lambda j, r: compare(j, r, True),
 'vscode': vscode,
 'fixed': fixed,
 'quoted': quoted}[cmd](*args)
PY
check() { python3 "$work/check.py" "$@"; }

step "go version"
go version

step "build custom-gcl from internal/customgcl -> ${bin#$root/}"
if ! go build -C internal/customgcl -o "$bin" .; then
	echo "hint: if the root module's requirements changed, run: cd internal/customgcl && go mod tidy" >&2
	exit 1
fi
"$bin" version

step ".custom-gcl.yml example matches internal/customgcl; docs quote the examples"
# The example builds, through "golangci-lint custom", what internal/customgcl
# builds here; they must name the same golangci-lint version and package.
custom=internal/customgcl/.custom-gcl.yml
want_version=$(sed -nE 's#^\s*github.com/golangci/golangci-lint/v2 (v[^ ]+)$#\1#p' internal/customgcl/go.mod)
grep -qx "version: $want_version" "$custom" ||
	{ echo "FAIL: $custom does not say version: $want_version"; exit 1; }
want_import=$(sed -nE 's#^\s*_ "([^"]*gclplugin)".*#\1#p' internal/customgcl/main.go)
grep -qE "^\s*import: $want_import$" "$custom" ||
	{ echo "FAIL: $custom does not import $want_import"; exit 1; }
echo "ok: golangci-lint $want_version, plugin $want_import"
check quoted docs/golangci-lint.md "$custom" testdata/golangci/.golangci.yml
check quoted README.md "$custom" testdata/golangci/.golangci.yml

cd "$fixture"
# A cache of our own: results from another build or run cannot leak in.
export GOLANGCI_LINT_CACHE=$work/golangci-cache

step "config verify"
"$bin" config verify

step "run: JSON output holds exactly the marked issues"
status=0
"$bin" run --show-stats=false --output.json.path=stdout ./... >"$work/run.json" || status=$?
if [ "$status" != 1 ]; then
	echo "FAIL: exit status $status, want 1 (issues found)"; cat "$work/run.json"; exit 1
fi
check marked "$work/run.json" "$fixture"

step "run without directives or disable: the quiet lines are real findings"
cp -r "$fixture" "$work/loud"
sed -i -E 's#^([[:space:]]*)//(nolint|golint-conc:ignore)\b.*#\1//#' "$work"/loud/*/*.go
sed -i -E 's#disable: \[.*\]#disable: []#' "$work/loud/.golangci.yml"
(cd "$work/loud" && "$bin" run --show-stats=false --output.json.path=stdout ./... >"$work/loud.json") || true
check all-marked "$work/loud.json" "$work/loud"

step "run with vscode-go's flags, workspace and package scope"
# vscode-go ("go.lintTool": "golangci-lint-v2") adds these flags, reads
# stdout only, and runs "./..." from the workspace root or no pattern from
# the package's directory.
vscode_flags=(--issues-exit-code=0 --output.text.print-issued-lines=false --show-stats=false
	--output.text.path=stdout --path-mode=abs)
"$bin" run "${vscode_flags[@]}" ./... >"$work/vscode.txt"
check vscode "$work/vscode.txt" "$fixture"
(cd jobs && "$bin" run "${vscode_flags[@]}") >"$work/vscode-jobs.txt"
check vscode "$work/vscode-jobs.txt" "$fixture" jobs

step "misspelt settings key fails the run and names the key"
status=0
"$bin" run --config bad-settings/.golangci.yml --show-stats=false ./... >"$work/bad.out" 2>&1 || status=$?
if [ "$status" = 0 ] || ! grep -q '"disbale"' "$work/bad.out"; then
	echo "FAIL: exit status $status, output:"; cat "$work/bad.out"; exit 1
fi
echo "ok (exit $status): $(grep -m1 'disbale' "$work/bad.out")"

step "run --fix on a copy, then go build and go vet"
cp -r "$fixture" "$work/fix"
cd "$work/fix"
"$bin" run --fix --show-stats=false ./... >/dev/null || true
"$bin" run --show-stats=false --output.json.path=stdout ./... >"$work/after.json" || true
check fixed "$work/run.json" "$work/after.json" "$fixture" "$work/fix"
go build ./...
go vet ./...
diff -ru "$fixture" "$work/fix" || true

step "done"
echo "golangci-lint integration passed in $(seconds_since "$started")s"
