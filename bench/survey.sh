#!/usr/bin/env bash
# Whole-survey benchmark over LIST (repo-list lines; local repositories,
# opened in place), side by side in one go:
#   pysurvey run over the list (every file read and parsed: no fact cache;
#     best wall of RUNS, default 3);
#   git cat-file --batch reading the same blobs (the files pysurvey read),
#     two repositories at a time;
#   CPython's ast extracting the same facts from the same Python files
#     (bench/ast_extract.py, a process per core).
# Targets: run within 3x of cat-file; at least 10x faster than the ast.
# Usage: bench/survey.sh LIST   (make build first)
set -euo pipefail
list=${1:?usage: bench/survey.sh LIST}
runs=${RUNS:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
bin=$here/bin/pysurvey
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
echo "work directory: $work"
wall() { /usr/bin/time -f "%e" -o "$work/t" "$@" > /dev/null 2> "$work/err" || { tail -3 "$work/err"; exit 1; }; tail -1 "$work/t"; }

best_run=
for i in $(seq "$runs"); do
	rm -rf "$work/out"
	w=$(wall "$bin" run --repos "$list" --out "$work/out" --cache "$work/cache" --no-fact-cache --progress none -q)
	best_run=$(printf '%s\n%s\n' "$w" "${best_run:-$w}" | sort -g | head -1)
done

# The blobs pysurvey read (lines counted), by repository.
"$bin" sql --data "$work/out" -f csv "SELECT r.source, f.path FROM files f JOIN repos r USING (run_id, repo) WHERE f.lines IS NOT NULL" |
	tail -n +2 > "$work/read.csv"
rm -rf "$work/blobs" "$work/trees"; mkdir -p "$work/blobs" "$work/trees"
python3 - "$work" <<'PY'
import csv, os, subprocess, sys
work = sys.argv[1]
by_repo = {}
for source, path in csv.reader(open(os.path.join(work, "read.csv"))):
    by_repo.setdefault(source, set()).add(path)
for i, (source, paths) in enumerate(sorted(by_repo.items())):
    gitdir = subprocess.run(["git", "-C", source, "rev-parse", "--absolute-git-dir"], capture_output=True, text=True, check=True).stdout.strip()
    tree = subprocess.run(["git", "--git-dir", gitdir, "ls-tree", "-r", "-z", "HEAD"], capture_output=True, check=True).stdout
    python = []
    with open(os.path.join(work, "blobs", f"{i:03d}"), "w") as out:
        out.write(gitdir + "\n")
        for entry in tree.split(b"\0"):
            if not entry:
                continue
            meta, path = entry.split(b"\t", 1)
            name = path.decode("utf-8", "surrogateescape")
            if name in paths:
                out.write(meta.split()[2].decode() + "\n")
                if name.endswith((".py", ".pyi")):
                    python.append((meta.split()[2].decode(), name))
    # The same Python files, for the ast.
    dest = os.path.join(work, "trees", f"{i:03d}")
    batch = subprocess.run(["git", "--git-dir", gitdir, "cat-file", "--batch"], input="".join(h + "\n" for h, _ in python).encode(),
                           capture_output=True, check=True).stdout
    pos = 0
    for h, name in python:
        header_end = batch.index(b"\n", pos)
        size = int(batch[pos:header_end].split()[2])
        data = batch[header_end + 1:header_end + 1 + size]
        pos = header_end + 1 + size + 1
        target = os.path.join(dest, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as f:
            f.write(data)
PY
catfile() { # one repository's blobs
	gitdir=$(head -1 "$1"); tail -n +2 "$1" | git --git-dir="$gitdir" cat-file --batch > /dev/null
}
export -f catfile
best_cat=
for i in $(seq "$runs"); do
	w=$(wall bash -c "ls '$work'/blobs/* | xargs -P 2 -I{} bash -c 'catfile {}'")
	best_cat=$(printf '%s\n%s\n' "$w" "${best_cat:-$w}" | sort -g | head -1)
done
ast=$(python3 "$here/bench/ast_extract.py" "$work/trees")
files=$(cat "$work"/blobs/* | grep -vc '^/')
python3 - "$best_run" "$best_cat" "$ast" "$files" <<'PY'
import json, sys
run, cat, ast, files = float(sys.argv[1]), float(sys.argv[2]), json.loads(sys.argv[3]), int(sys.argv[4])
print(f"blobs read by pysurvey: {files}; Python files for the ast: {ast['files']} ({ast['bytes'] / 1e6:.1f} MB)")
print(f"{'pysurvey run (best wall)':<44} {run:8.2f} s")
print(f"{'git cat-file --batch, 2 repositories at once':<44} {cat:8.2f} s   run / cat-file {run / cat:5.2f}x (target <= 3x)")
print(f"{'CPython ast extraction, all cores':<44} {ast['seconds']:8.2f} s   ast / run      {ast['seconds'] / run:5.2f}x (target >= 10x)")
PY
