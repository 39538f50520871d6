#!/usr/bin/env python3
"""Print CPython's tokenize output for files, one JSON object per line:
{"path", "ok", "tokens": [[type, line, string], ...]}. Only files that
ast.parse accepts and that have no lone CR are reported ok (the pure-Python
tokenize reads lines split at LF only). Paths come from stdin."""
import ast
import json
import sys
import tokenize
from concurrent.futures import ProcessPoolExecutor

SKIP = (tokenize.ENCODING, tokenize.ENDMARKER)


def toks(path):
    try:
        with open(path, "rb") as f:
            src = f.read()
        if b"\r" in src.replace(b"\r\n", b""):
            return {"path": path, "ok": False, "error": "lone CR"}
        ast.parse(src)
        with open(path, "rb") as f:
            out = [[tokenize.tok_name[t.type], t.start[0], t.string]
                   for t in tokenize.tokenize(f.readline) if t.type not in SKIP]
        return {"path": path, "ok": True, "tokens": out}
    except Exception as e:  # noqa: BLE001 - any failure excludes the file
        return {"path": path, "ok": False, "error": "%s: %s" % (type(e).__name__, e)}


if __name__ == "__main__":
    sys.setrecursionlimit(10000)
    paths = [l.rstrip("\n") for l in sys.stdin if l.strip()]
    jobs = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    with ProcessPoolExecutor(jobs) as ex:
        for r in ex.map(toks, paths, chunksize=32):
            sys.stdout.write(json.dumps(r) + "\n")
