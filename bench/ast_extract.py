#!/usr/bin/env python3
"""CPython-ast fact extraction over a directory tree, on all cores.

Runs extractors/python/astref/facts.py's extraction (ast.parse plus the
walk that computes the same facts as the Go extractor) over every .py and
.pyi file under DIR with a multiprocessing pool of one process per core,
and prints one JSON object: files, bytes, seconds, files_per_s, mb_per_s,
workers.

Usage: ast_extract.py DIR [WORKERS]
"""
import json
import multiprocessing
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "extractors", "python", "astref"))
import facts  # noqa: E402


def work(path):
    facts.facts(path)
    return os.path.getsize(path)


def main():
    root = sys.argv[1]
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else os.cpu_count()
    paths = []
    for d, _, names in os.walk(root):
        paths += [os.path.join(d, n) for n in names
                  if n.endswith((".py", ".pyi")) and not os.path.islink(os.path.join(d, n))]
    paths.sort()
    start = time.perf_counter()
    with multiprocessing.Pool(workers, initializer=sys.setrecursionlimit, initargs=(10000,)) as pool:
        total = sum(pool.imap_unordered(work, paths, chunksize=64))
    secs = time.perf_counter() - start
    print(json.dumps({"files": len(paths), "bytes": total, "seconds": secs, "workers": workers,
                      "files_per_s": len(paths) / secs, "mb_per_s": total / secs / 1e6}))


if __name__ == "__main__":
    main()
