#!/usr/bin/env bash
# Side-by-side benchmarks on one local repository (make bench BENCH_REPO=path):
#   end-to-end `pysurvey run` vs `git cat-file --batch` reading the same blobs,
#   pysurvey's throughput in MB/s per core, and fact extraction vs CPython's ast.
# Each command runs RUNS times (default 3); the best wall time counts.
set -euo pipefail
repo=${1:?usage: bench/compare.sh PATH_TO_GIT_REPOSITORY}
runs=${RUNS:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
bin=$here/bin/pysurvey
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gitdir=$(git -C "$repo" rev-parse --absolute-git-dir)

best() { sort -g | head -1; }
seconds() { # prints wall, user+sys seconds of a command; its stderr goes to $work/err
	/usr/bin/time -f "%e %U %S" -o "$work/t" "$@" >/dev/null 2>"$work/err" || true
	tail -1 "$work/t" | awk '{ printf "%s %.2f\n", $1, $2 + $3 }'
}
# pipeline_seconds prints the duration of the run's pipeline (survey and
# tables, before repo_summary) from its "run finished" log line.
pipeline_seconds() {
	sed -n 's/.*msg="run finished".* duration=\([0-9.]*\)\(m\?s\).*/\1 \2/p' "$work/err" |
		awk '{ printf "%.3f\n", $2 == "ms" ? $1 / 1000 : $1 }'
}

echo "repository: $repo"
run_walls=(); run_cpus=(); pipe_walls=()
for i in $(seq "$runs"); do
	read -r wall cpu < <(seconds "$bin" run --repos <(echo "$repo bench") --out "$work/out$i" --cache "$work/cache" -q --progress none)
	run_walls+=("$wall"); run_cpus+=("$cpu"); pipe_walls+=("$(pipeline_seconds)")
done
"$bin" sql --data "$work/out1" -f csv "SELECT path FROM files WHERE lines IS NOT NULL" | tail -n +2 > "$work/paths"
stats=$("$bin" sql --data "$work/out1" -f csv "SELECT count(*) FILTER (lines IS NOT NULL), sum(size) FILTER (lines IS NOT NULL), count(*) FROM files" | tail -1)
IFS=, read -r read_files read_bytes all_files <<<"$stats"
git --git-dir="$gitdir" ls-tree -r -z HEAD | tr '\0' '\n' | awk -F'\t' 'NR==FNR { want[$0]=1; next } ($2 in want) { split($1, a, " "); print a[3] }' "$work/paths" - > "$work/blobs"
cat_walls=()
for i in $(seq "$runs"); do
	read -r wall _ < <(seconds sh -c "git --git-dir='$gitdir' cat-file --batch < '$work/blobs'")
	cat_walls+=("$wall")
done
run_best=$(printf '%s\n' "${run_walls[@]}" | best)
cpu_best=$(printf '%s\n' "${run_cpus[@]}" | best)
cat_best=$(printf '%s\n' "${cat_walls[@]}" | best)
pipe_best=$(printf '%s\n' "${pipe_walls[@]}" | best)
awk -v f="$read_files" -v all="$all_files" -v b="$read_bytes" -v r="$run_best" -v c="$cat_best" -v p="$pipe_best" -v cpu="$cpu_best" -v n="$(wc -l < "$work/blobs")" 'BEGIN {
	printf "files in tree %d; files read and extracted %d (%.1f MB); blobs for cat-file %d\n", all, f, b / 1e6, n
	printf "%-44s %8.2f s\n", "pysurvey run (end to end, best wall)", r
	printf "%-44s %8.2f s\n", "  of which the pipeline (best)", p
	printf "%-44s %8.2f s\n", "git cat-file --batch, same blobs (best wall)", c
	printf "%-44s %8.2fx (target: at most 3x)\n", "ratio run / cat-file", r / (c > 0 ? c : 0.01)
	printf "%-44s %8.2fx\n", "ratio pipeline / cat-file", p / (c > 0 ? c : 0.01)
	printf "%-44s %8.1f MB/s per core (%.2f s CPU)\n", "pysurvey throughput", b / 1e6 / (cpu > 0 ? cpu : 0.01), cpu
}'

# Fact extraction alone over the Python files of the same commit: Go
# testing.B benchmarks (one core, allocations), then Go vs CPython's ast,
# each on all cores.
mkdir -p "$work/tree"
git --git-dir="$gitdir" archive HEAD | tar -x -C "$work/tree"
(cd "$here" && BENCH_REPO="$work/tree" go test -run '^$' -bench . -benchmem ./extractors/python/...)
(cd "$here" && go run ./bench/pyextract "$work/tree")
