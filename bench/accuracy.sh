#!/usr/bin/env bash
# Accuracy against repositories read by hand: bench/accuracy/verdicts.csv
# holds, for each repository of the accuracy checks (the check it was
# judged in, owner/name, the commit judged), the primary framework and the
# architecture its judge wrote down after reading it, before anyone looked
# at pysurvey's answer. This surveys each repository at that commit from
# local mirrors and prints, by check, where pysurvey agrees.
# bench/accuracy/GUIDE.md is the brief that the judges of a check are given.
#
# MIRRORS holds one git repository per line of the CSV, named owner+name
# (bare, or with the git directory at owner+name/repo or owner+name/repo/.git,
# as the fetch tool lays them out); repositories not there are left out.
# Use it to catch a change that breaks answers already judged. The checks'
# own figures, and new checks, stay with repositories nobody tuned on.
# Usage: bench/accuracy.sh MIRRORS [CHECK...]   (make build first; PYSURVEY=path runs another build)
set -euo pipefail
mirrors=${1:?usage: bench/accuracy.sh MIRRORS [CHECK...]}
shift
checks=" $* "
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${PYSURVEY:-$here/bin/pysurvey} # PYSURVEY: another build to compare
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
list=$work/repos.txt
: > "$list"
missing=0
while IFS=, read -r check repo commit _; do
	[ "$check" = check ] && continue
	[ "$checks" = "  " ] || [[ "$checks" == *" $check "* ]] || continue
	base=$mirrors/${repo/\//+}
	# GitHub names are case-insensitive: a judge's LMFDB/LMFDB is the mirror LMFDB+lmfdb
	[ -e "$base" ] || base=$(find "$mirrors" -maxdepth 1 -iname "${repo/\//+}" -print -quit)
	dir=""
	for d in "$base/repo/.git" "$base/repo" "$base"; do
		if git -C "$d" rev-parse --git-dir > /dev/null 2>&1; then dir=$d; break; fi
	done
	if [ -z "$dir" ]; then missing=$((missing + 1)); continue; fi
	echo "$dir@$commit ${repo/\//+}" >> "$list"
done < "$here/bench/accuracy/verdicts.csv"
echo "work directory: $work; $(wc -l < "$list") repositories surveyed, $missing not in $mirrors"
[ -s "$list" ] || exit 0
"$bin" run --repos "$list" --out "$work/out" --cache "$work/cache" --progress none -q 2> "$work/run.log" || {
	echo "the survey failed:"; tail -5 "$work/run.log"; exit 1; }
"$bin" sql --data "$work/out" -f csv "SELECT replace(repo, '+', '/') AS repo, primary_framework, architecture FROM repo_summary" > "$work/answers.csv"
python3 - "$here/bench/accuracy/verdicts.csv" "$work/answers.csv" "$checks" <<'PY'
import csv, sys
verdicts, answers, checks = sys.argv[1], sys.argv[2], sys.argv[3].split()
got = {r["repo"]: r for r in csv.DictReader(open(answers))}
by_check = {}
for v in csv.DictReader(open(verdicts)):
    if checks and v["check"] not in checks or v["repo"] not in got:
        continue
    a = got[v["repo"]]
    ok_p, ok_a = a["primary_framework"] == v["primary_framework"], a["architecture"] == v["architecture"]
    t = by_check.setdefault(v["check"], [0, 0, 0])
    t[0] += 1; t[1] += ok_p; t[2] += ok_a
    if not (ok_p and ok_a):
        print(f"  check {v['check']} {v['repo']}: judged {v['primary_framework']}/{v['architecture']} ({v['confidence']}), "
              f"pysurvey {a['primary_framework']}/{a['architecture']}")
for c, (n, p, a) in sorted(by_check.items()):
    print(f"check {c}: {n} repositories, primary framework {p}/{n}, architecture {a}/{n}")
PY
