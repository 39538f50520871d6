package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pysurvey/pysurvey/queries"
)

// latin1Checkout commits, with plain git add as an old Latin-1 system
// did, names that are not UTF-8, in a checkout whose own directory name
// is not UTF-8 either.
func latin1Checkout(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs git")
	}
	dir := filepath.Join(t.TempDir(), "d\xe9p\xf4t", "legacy")
	for name, content := range map[string]string{
		"caf\xe9.py":              "import flask\napp = flask.Flask(__name__)\n",
		`caf\xe9.py`:              "import requests\n", // ASCII: reads like the escaped form of the other
		"d\xe9p/requirements.txt": "flask==3.0\nrequests\n",
		"d\xe9p/pyproject.toml":   "[project]\nname = \"a\\u0000b\"\n",
		"pkg\xe9/__init__.py":     "__all__ = ['x']\n",
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "-A"},
		{"-c", "user.name=old", "-c", "user.email=old@example.invalid", "commit", "-q", "-m", "latin-1"}} {
		if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return dir
}

// TestLatin1NamesEndToEnd surveys, through the command line, a real
// repository holding Latin-1 file names (the checkout and --out also in
// Latin-1 directories), twice, then runs every shipped query over the
// latest run and over --all-runs: all of it must work, and the names read
// back escaped with their bytes in path_raw.
func TestLatin1NamesEndToEnd(t *testing.T) {
	checkout := latin1Checkout(t)
	list := filepath.Join(t.TempDir(), "repos.txt")
	if err := os.WriteFile(list, []byte(checkout+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "sortie-\xe9t\xe9")
	cache := t.TempDir()
	for range 2 {
		if stdout, stderr, code := runCLI(t, "", "run", "--repos", list, "--out", out, "--cache", cache, "-q"); code != 0 {
			t.Fatalf("run exited %d\n%s\n%s", code, stdout, stderr)
		}
	}
	if fi, err := os.Stat(filepath.Join(out, "runs")); err != nil || !fi.IsDir() {
		t.Fatalf("--out not kept byte for byte: %v", err)
	}
	qs, err := queries.List()
	if err != nil {
		t.Fatal(err)
	}
	listed, _, _ := runCLI(t, "", "queries")
	for _, q := range qs {
		if !strings.Contains(listed, q.Name) {
			t.Errorf("pysurvey queries does not list %s", q.Name)
		}
		for _, extra := range [][]string{nil, {"--all-runs"}} {
			args := append([]string{"query", q.Name, "--data", out, "-f", "csv"}, extra...)
			if stdout, stderr, code := runCLI(t, "", args...); code != 0 || stdout == "" {
				t.Errorf("query %s %v exited %d: %s", q.Name, extra, code, stderr)
			}
		}
	}
	sql := func(stmt string, extra ...string) []map[string]any {
		t.Helper()
		stdout, stderr, code := runCLI(t, "", append([]string{"sql", "--data", out, "-f", "json", stmt}, extra...)...)
		if code != 0 {
			t.Fatalf("sql %s exited %d: %s", stmt, code, stderr)
		}
		var rows []map[string]any
		if err := json.Unmarshal([]byte(stdout), &rows); err != nil {
			t.Fatalf("%s: %v\n%s", stmt, err, stdout)
		}
		return rows
	}
	rows := sql("SELECT string_agg(path || '=' || coalesce(hex(path_raw), 'null'), ' ' ORDER BY path) AS files FROM files")
	if got := rows[0]["files"]; got != `caf\\xe9.py=6361665C7865392E7079 caf\xe9.py=636166E92E7079 d\xe9p/pyproject.toml=64E9702F707970726F6A6563742E746F6D6C `+
		`d\xe9p/requirements.txt=64E9702F726571756972656D656E74732E747874 pkg\xe9/__init__.py=706B67E92F5F5F696E69745F5F2E7079` {
		t.Errorf("files: %v", got)
	}
	rows = sql("SELECT repo, source, status FROM repos")
	if len(rows) != 1 || rows[0]["repo"] != "legacy" || !strings.HasSuffix(rows[0]["source"].(string), `/d\xe9p\xf4t/legacy`) || rows[0]["status"] != "ok" {
		t.Errorf("repos: %v", rows)
	}
	rows = sql("SELECT count(DISTINCT run_id) AS runs, count(*) AS files FROM all_files")
	if rows[0]["runs"] != float64(2) || rows[0]["files"] != float64(10) {
		t.Errorf("all_files: %v", rows)
	}
	rows = sql("SELECT frameworks, architecture, architecture_evidence, package_managers FROM repo_summary")
	if len(rows) != 1 || rows[0]["frameworks"] != "flask" || rows[0]["architecture"] != "flask_app" ||
		rows[0]["architecture_evidence"] != `Flask() in caf\xe9.py` || rows[0]["package_managers"] != "pip" {
		t.Errorf("repo_summary: %v", rows)
	}
	// A pattern catalog saved as cp1252 is refused, naming its line, before DuckDB sees it.
	bad := filepath.Join(t.TempDir(), "patterns.csv")
	os.WriteFile(bad, []byte("category,pattern,signal_kind,signal_value,description\r\nframework,caf\xe9,import_root,cafe,Caf\xe9\r\n"), 0o644)
	if _, stderr, code := runCLI(t, "", "query", "framework_share", "--data", out, "--patterns", bad); code != 2 ||
		!strings.Contains(stderr, "patterns.csv: line 2: invalid pattern catalog: byte 0xe9 at offset 13 is not valid UTF-8") {
		t.Errorf("cp1252 catalog: exit %d, %s", code, stderr)
	}
}

// TestFlagsAreValidated gives every verb values of the wrong shape: each
// is a usage error (exit 2) naming the flag, before anything runs.
func TestFlagsAreValidated(t *testing.T) {
	dataDir := t.TempDir()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"run", "--log-interval", "0s"}, "--log-interval: 0s is shorter than 100ms"},
		{[]string{"run", "--log-interval", "1ms"}, "--log-interval: 1ms is shorter than 100ms"},
		{[]string{"run", "--max-file-size", "9000000000GiB"}, `--max-file-size: size "9000000000GiB" is too large`},
		{[]string{"run", "--max-file-size", "9223372036854775807KB"}, "is too large"},
		{[]string{"run", "--max-file-size", "2GiB"}, "--max-file-size: 2147483648 bytes is over the limit of 1GiB"},
		{[]string{"run", "--readers", "1000000"}, "--readers: 1000000 is not between 1 and 256"},
		{[]string{"run", "--workers=-1"}, "--workers: -1 is not between 1 and 256"},
		{[]string{"run", "--workers", "257"}, "--workers: 257 is not between 1 and 256"},
		{[]string{"run", "--repo-timeout", "0s"}, "--repo-timeout: 0s is not a positive duration"},
		{[]string{"run", "--file-timeout=-1m"}, "--file-timeout: -1m0s is not a positive duration"},
		{[]string{"run", "--repo-timeout", "99999999999h"}, "--repo-timeout"},
		{[]string{"run", "--out", ""}, "--out: no output location"},
		{[]string{"run", "--sample", "--out", "s3:/bucket/x"}, "a bucket URL is s3://bucket/prefix"},
		{[]string{"sql", "--data", "gcs://bucket/x", "SELECT 1"}, `scheme "gcs" is not supported`},
		{[]string{"runs", "prune", "--data", "s3://bucket/x"}, "runs prune works on an output directory, not a bucket"},
		{[]string{"run", "--progress", "bar\xe9"}, "--progress"},
		{[]string{"sql", "--data", "", "SELECT 1"}, "--data: no output location"},
		{[]string{"sql", "--data", dataDir, "SELECT '\xe9'"}, `"SELECT '\xe9'": byte 0xe9 at offset 8 is not valid UTF-8`},
		{[]string{"sql", "--data", dataDir, "SELECT 1\x00; DROP TABLE x"}, "NUL byte at offset 8"},
		{[]string{"sql", "--data", dataDir, "-p", "na-me=1", "SELECT 1"}, `parameter "na-me=1": want NAME=VALUE`},
		{[]string{"sql", "--data", dataDir, "-p", "n=1", "-p", "n=2", "SELECT 1"}, "parameter n given twice"},
		{[]string{"sql", "--data", dataDir, "-p", "n=caf\xe9", "SELECT $n"}, `--param: "n=caf\xe9": byte 0xe9`},
		{[]string{"sql", "--data", dataDir, "--run", "r\xe9", "SELECT 1"}, `--run: "r\xe9": byte 0xe9`},
		{[]string{"sql", "--data", dataDir, "--run", "r1", "--all-runs", "SELECT 1"}, "--all-runs and --run can't be used together"},
		{[]string{"sql", "--data", dataDir, "--patterns", filepath.Join(dataDir, "none.csv"), "SELECT 1"}, "--patterns: stat"},
		{[]string{"sql", "--data", dataDir, "--patterns", dataDir, "SELECT 1"}, "is a directory"},
		{[]string{"query", "caf\xe9", "--data", dataDir}, `"caf\xe9": byte 0xe9`},
	}
	for _, tt := range tests {
		_, stderr, code := runCLI(t, "", tt.args...)
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

// TestParamValuesKeepCommas binds a -p value holding commas whole (kong
// split it into several flags).
func TestParamValuesKeepCommas(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	if _, stderr, code := runCLI(t, "", "run", "--sample", "--out", out, "--cache", t.TempDir(), "-q"); code != 0 {
		t.Fatalf("run: %s", stderr)
	}
	stdout, stderr, code := runCLI(t, "", "sql", "--data", out, "-p", "names=pylib,flask-blog", "-f", "csv",
		"SELECT count(*) AS n FROM repos WHERE list_contains(string_split($names, ','), repo)")
	if code != 0 || stdout != "n\n2\n" {
		t.Errorf("exit %d, %q %s", code, stdout, stderr)
	}
}

func TestByteSizeRefusesOverflow(t *testing.T) {
	for _, in := range []string{"9000000000GiB", "9223372036854775807KiB", "8589934592GiB"} {
		var b ByteSize
		if err := b.UnmarshalText([]byte(in)); err == nil || !strings.Contains(err.Error(), "too large") {
			t.Errorf("%q: %d, %v", in, b, err)
		}
	}
	var b ByteSize
	if err := b.UnmarshalText([]byte("8589934591GiB")); err != nil || b != 8589934591<<30 {
		t.Errorf("largest size: %d, %v", b, err)
	}
}
