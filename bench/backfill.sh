#!/usr/bin/env bash
# Backfill benchmark: LIST (repo-list lines; local repositories with their
# full history, opened in place) surveyed once at HEAD, reading every file,
# then backfilled over POINTS monthly points ending at UNTIL, with a cold
# fact cache; then, side by side, the backfill against the HEAD run (the
# target: at most 3x), and a point of it against a plain run --at that
# date with reuse off (the results must be equal).
# Usage: bench/backfill.sh LIST [POINTS [UNTIL]]   (make build first)
set -euo pipefail
list=${1:?usage: bench/backfill.sh LIST [POINTS [UNTIL]]}
points=${2:-12}
until=${3:-2026-08-01}
since=$(date -u -d "$until -$((points - 1)) months" +%Y-%m-%d)
here=$(cd "$(dirname "$0")/.." && pwd)
bin=$here/bin/pysurvey
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
echo "work directory: $work; $(grep -cv '^\s*\(#\|$\)' "$list") repositories, $points points from $since to $until"

# timed NAME CMD...: wall and peak RSS of a command.
timed() {
	local name=$1; shift
	/usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" > "$work/$name.out" 2> "$work/$name.log" || {
		echo "$name failed:"; tail -5 "$work/$name.log"; exit 1; }
	read -r wall rss < <(tail -1 "$work/$name.time")
	printf '%-34s %8.2f s wall %7.0f MB peak RSS\n' "$name" "$wall" "$((rss / 1024))"
	eval "${name//-/_}_wall=$wall"
}

timed head-run "$bin" run --repos "$list" --out "$work/head" --cache "$work/cache-head" --no-fact-cache --progress none -q
timed backfill "$bin" backfill --repos "$list" --out "$work/backfill" --cache "$work/cache-backfill" \
	--since "$since" --until "$until" --every month --progress none -q
grep -c 'complete:' "$work/backfill.out" | xargs printf '  points complete: %s\n'
python3 -c "print(f'backfill / HEAD run: {$backfill_wall / $head_run_wall:.2f}x (target <= 3x)')"

# The middle point against run --at alone, reuse off.
mid=$(date -u -d "$since +$((points / 2)) months" +%Y-%m-%d)
timed run-at-alone "$bin" run --repos "$list" --out "$work/alone" --cache "$work/cache-head" --at "$mid" --no-fact-cache --full --progress none -q
run=$(grep "^$mid: run" "$work/backfill.out" | awk '{print $3}')
for table in repo_summary repo_patterns pattern_hits repo_imports; do
	q="SELECT * EXCLUDE (run_id) FROM $table ORDER BY ALL"
	a=$("$bin" sql --data "$work/backfill" --run "$run" -f csv "$q" | sha256sum)
	b=$("$bin" sql --data "$work/alone" -f csv "$q" | sha256sum)
	rows=$("$bin" sql --data "$work/alone" -f csv "SELECT count(*) FROM $table" | tail -1)
	[ "$a" = "$b" ] && echo "  $mid $table: equal ($rows rows)" || echo "  $mid $table: DIFFERENT"
done
