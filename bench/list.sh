#!/usr/bin/env bash
# Prints the repo list of the bench's 21 repositories (bench/repos.txt) from
# local mirrors: MIRRORS holds one git repository per line, named owner+name
# (bare, or with the git directory at owner+name/repo or owner+name/repo/.git,
# as the fetch of the accuracy checks leaves them). A missing one is named on
# stderr and the script fails.
# Usage: bench/list.sh MIRRORS > list21.txt
set -euo pipefail
mirrors=${1:?usage: bench/list.sh MIRRORS}
here=$(cd "$(dirname "$0")" && pwd)
missing=0
while read -r repo; do
	case $repo in '' | '#'*) continue ;; esac
	base=$mirrors/${repo/\//+} dir=
	for d in "$base/repo/.git" "$base/repo" "$base"; do
		if [ -d "$d/objects" ]; then dir=$d; break; fi
	done
	if [ -z "$dir" ]; then echo "no mirror of $repo under $mirrors" >&2; missing=$((missing + 1)); continue; fi
	echo "$dir ${repo/\//+}"
done < "$here/repos.txt"
[ "$missing" -eq 0 ]
