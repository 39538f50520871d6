#!/usr/bin/env bash
# Org-scale benchmark: LIST (repo-list lines, local repositories opened in
# place) surveyed under COPIES names each (default 64: 21 repositories give
# 1,344), then, side by side:
#   the run: wall, peak RSS, and its end after its last file (the share of
#     the run spent between the last repository's file and the runs row);
#   every shipped query over it: wall and peak RSS (targets: 1 s, 1 GiB);
#   the answers for the first copy's names against a survey of LIST alone;
#   a rerun with no change, and with one repository changed (a clone of the
#     first list entry that gets a new commit), against the first run.
# Every run reads and parses every file (--no-fact-cache): the copies
# share their blobs, which the fact cache would parse once.
# Usage: bench/scale.sh LIST [COPIES]   (make build first)
set -euo pipefail
list=${1:?usage: bench/scale.sh LIST [COPIES]}
copies=${2:-64}
here=$(cd "$(dirname "$0")/.." && pwd)
bin=$here/bin/pysurvey
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
echo "work directory: $work"

# The first entry of the first copy is a clone, so that it can change
# between runs (one repository changed).
first=$(grep -v '^\s*#' "$list" | awk 'NF {print $1; exit}')
git clone -q --bare "$first" "$work/changing.git"
: > "$work/list"
for i in $(seq -w 0 $((copies - 1))); do
	awk -v i="$i" -v first="$(printf '%0*d' ${#copies} 0)" -v c="$work/changing.git" 'NF && $1 !~ /^#/ {
		name = (NF > 1 ? $2 : $1); gsub(/.*\//, "", name)
		src = (NR == 1 && i == first ? c : $1)
		print src " " name "-" i
	}' "$list" >> "$work/list"
done
pad=$(printf '%0*d' ${#copies} 0)
awk -v p="$pad" 'NF && $1 !~ /^#/ { name = (NF > 1 ? $2 : $1); gsub(/.*\//, "", name); print (NR == 1 ? c : $1) " " name "-" p }' c="$work/changing.git" "$list" > "$work/list1"
repos=$(wc -l < "$work/list")

# run NAME LIST OUT [FLAGS]: wall, peak RSS and the run's end after its last file.
run() {
	local name=$1 lst=$2 out=$3; shift 3
	/usr/bin/time -f "%e %M" -o "$work/$name.time" "$bin" --log-format json --log-level info run --repos "$lst" --out "$out" \
		--cache "$work/cache" --no-fact-cache --progress none -q "$@" 2> "$work/$name.log" || true
	python3 - "$work/$name.log" "$work/$name.time" "$name" <<'EOF'
import json, sys, datetime
last = fin = start = None
for line in open(sys.argv[1]):
    try:
        r = json.loads(line)
    except ValueError:
        continue
    t = datetime.datetime.fromisoformat(r["time"].replace("Z", "+00:00"))
    if r["msg"] == "run started": start = t
    if r["msg"].startswith("repository "): last = t
    if r["msg"] == "run finished": fin = t; status = r.get("status"); ok = r.get("repos_ok"); reused = r.get("repos_reused")
wall, rss = open(sys.argv[2]).read().split()[-2:]
total = (fin - start).total_seconds()
tail = (fin - last).total_seconds()
print(f"{sys.argv[3]:<28} {float(wall):8.2f} s wall  {int(rss)/1024:7.0f} MB peak RSS  status {status}, {ok} ok, {reused} reused;"
      f" end after the last repository {tail:.2f} s = {100*tail/total:.1f} % of the run")
EOF
}

echo "== $repos repositories ($copies copies of $(wc -l < "$work/list1"))"
run first "$work/list" "$work/out"
for q in $("$bin" queries | awk '{print $1}'); do
	/usr/bin/time -f "%e %M" -o "$work/q.time" "$bin" query "$q" --data "$work/out" -f csv > "$work/q-$q.csv" 2> "$work/q.err" || echo "query $q failed: $(tail -1 "$work/q.err")"
	read -r wall rss < "$work/q.time"
	awk -v q="$q" -v w="$wall" -v r="$rss" 'BEGIN { printf "  query %-24s %6.2f s  %6.0f MB%s\n", q, w, r / 1024, (w > 1 || r > 1048576 ? "  OVER TARGET" : "") }'
done

echo "== the first copy's answers against a survey of the list alone"
run alone "$work/list1" "$work/out1"
cols="repo, commit, python_files, primary_framework, frameworks, package_managers, architecture, architecture_evidence, orms, api_styles, di, task_queues, async_share, has_py_typed"
"$bin" sql --data "$work/out" -f csv "SELECT $cols FROM repo_summary WHERE repo LIKE '%-$pad' ORDER BY repo" > "$work/sub.csv"
"$bin" sql --data "$work/out1" -f csv "SELECT $cols FROM repo_summary ORDER BY repo" > "$work/alone.csv"
if cmp -s "$work/sub.csv" "$work/alone.csv"; then echo "  repo_summary equal ($(($(wc -l < "$work/alone.csv") - 1)) repositories)"; else echo "  repo_summary DIFFERS:"; diff "$work/alone.csv" "$work/sub.csv" | head -20; fi

echo "== reruns"
run "rerun, no change" "$work/list" "$work/out"
git -C "$work/changing.git" fetch -q "$first" 'HEAD:refs/heads/bench-base' 2>/dev/null || true
tree=$(git -C "$work/changing.git" rev-parse 'HEAD^{tree}')
commit=$(echo "bench: one new commit" | git -C "$work/changing.git" commit-tree "$tree" -p HEAD)
git -C "$work/changing.git" update-ref HEAD "$commit" 2>/dev/null || git -C "$work/changing.git" update-ref "$(git -C "$work/changing.git" symbolic-ref HEAD)" "$commit"
run "rerun, one repository changed" "$work/list" "$work/out"
python3 - "$work" <<'EOF'
import sys
w = sys.argv[1]
def wall(n): return float(open(f"{w}/{n}.time").read().split()[-2])
f = wall("first")
for n, target in (("rerun, no change", 10), ("rerun, one repository changed", 10)):
    print(f"  {n:<32} {100 * wall(n) / f:5.1f} % of the first run (target {target} %, plus the changed repository's own time)")
EOF
