#!/usr/bin/env bash
# Helpers shared by the integration scripts: a temporary directory removed on
# exit (KEEP_TMP=1 keeps it), timed steps with a summary at the end, fail, and
# snapshot_tree. Source it after cd to the repository root.

tmp=$(mktemp -d)
current_step=""
step_started=0
timings=()
now_ms() { date +%s%3N; }
end_step() {
	if [ -n "$current_step" ]; then
		local ms=$(($(now_ms) - step_started))
		timings+=("$(printf '%4d.%ds  %s' $((ms / 1000)) $((ms % 1000 / 100)) "$current_step")")
		current_step=""
	fi
}
step() {
	end_step
	current_step=$1
	step_started=$(now_ms)
	echo "== $1"
}
finish() {
	local status=$?
	local failed_step=$current_step
	end_step
	echo "== timings"
	printf '%s\n' "${timings[@]}"
	if [ "$status" -ne 0 ]; then echo "$(basename "$0") FAILED in step: $failed_step"; fi
	if [ "${KEEP_TMP:-}" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap finish EXIT
fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# snapshot_tree copies the files on disk that git tracks or would track (so
# uncommitted work is tested, build outputs are not) into a new repository
# at $1, commits them and tags the commit.
snapshot_tree() {
	local dest=$1 tag=$2
	mkdir -p "$dest"
	git ls-files -z --cached --others --exclude-standard |
		tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null |
		tar -C "$dest" -xf -
	git -C "$dest" init -q
	git -C "$dest" add -A
	git -C "$dest" -c user.name=ci -c user.email=ci@example.com commit -qm "snapshot of the working tree"
	git -C "$dest" tag "$tag"
}
