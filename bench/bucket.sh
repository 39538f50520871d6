#!/usr/bin/env bash
# Bucket benchmark: LIST surveyed in SHARDS shard processes (each with its
# JOB_COMPLETION_INDEX and an empty cache, as pods) into an S3 bucket on
# loopback (bench/s3fake), then finalized, then framework_share asked of the
# bucket from a machine that never read it, and again; side by side with
# the same into a directory. Prints wall times, peak RSS and bytes moved.
# Usage: bench/bucket.sh LIST [SHARDS]   (make build first)
set -euo pipefail
list=${1:?usage: bench/bucket.sh LIST [SHARDS]}
shards=${2:-4}
here=$(cd "$(dirname "$0")/.." && pwd)
bin=$here/bin/pysurvey
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
echo "work directory: $work"
(cd "$here" && go build -o "$work/s3fake" ./bench/s3fake)
"$work/s3fake" > "$work/s3fake.addr" 2> "$work/s3fake.log" &
fake=$!
trap 'kill $fake 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$work/s3fake.addr" ] && break; sleep 0.1; done
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
bucket="s3://survey/bench?endpoint=$(cat "$work/s3fake.addr")&use_path_style=true&region=us-east-1"
export XDG_CACHE_HOME=$work/xdg

# timed NAME CMD...: wall, peak RSS and the bucket line of the log.
timed() {
	local name=$1; shift
	/usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" > "$work/$name.out" 2> "$work/$name.log" || {
		code=$?; [ $code -eq 3 ] || { echo "$name failed ($code):"; tail -3 "$work/$name.log"; exit 1; }; }
	read -r wall rss < <(tail -1 "$work/$name.time")
	moved=$(grep -o 'pulled_objects=.*' "$work/$name.log" | tail -1 || true)
	printf '%-28s %7.2f s %6d MB  %s\n' "$name" "$wall" "$((rss / 1024))" "$moved"
}

timed directory-run "$bin" run --repos "$list" --out "$work/dir" --cache "$work/cache-dir" --no-fact-cache --progress none -q
run_id=bench-$(date +%s)
pids=()
start=$(date +%s.%N)
for i in $(seq 0 $((shards - 1))); do
	JOB_COMPLETION_INDEX=$i timed "shard-$i" "$bin" run --repos "$list" --out "$bucket" --cache "$work/cache-$i" --no-fact-cache \
		--shards "$shards" --run-id "$run_id" --run-date "$(date -u +%F)" --progress none -q &
	pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
python3 -c "import time; print(f'{\"$shards shards, side by side\":<28} {time.time() - $start:7.2f} s')"
timed finalize "$bin" finalize --out "$bucket" --cache "$work/cache-fin" --run-id "$run_id" --shards "$shards"
timed query-cold "$bin" query framework_share --data "$bucket" -f csv
timed query-warm "$bin" query framework_share --data "$bucket" -f csv
timed query-directory "$bin" query framework_share --data "$work/dir" -f csv
cmp -s "$work/query-cold.out" "$work/query-directory.out" && echo "framework_share: the bucket's equals the directory's" || echo "framework_share: DIFFERENT"
kill -TERM $fake; wait $fake 2>/dev/null || true
cat "$work/s3fake.log"
