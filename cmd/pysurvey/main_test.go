package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pysurvey/pysurvey/queries"
)

// runCLI runs the command line in-process and returns stdout, stderr and the exit code.
func runCLI(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	getenv := func(k string) string {
		if k == "HOME" || k == "XDG_CACHE_HOME" {
			return os.Getenv(k)
		}
		return ""
	}
	code := Main(context.Background(), args, strings.NewReader(stdin), &stdout, &stderr, getenv)
	return stdout.String(), stderr.String(), code
}

func TestRunOnTheBundledSampleThenQuery(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	cache := t.TempDir()
	stdout, stderr, code := runCLI(t, "", "run", "--sample", "--out", out, "--cache", cache, "--progress", "log")
	if code != 0 {
		t.Fatalf("run exited %d\n%s\n%s", code, stdout, stderr)
	}
	for _, name := range []string{"django-shop", "fastapi-layered", "ddd-orders", "flask-blog", "pylib"} {
		if !strings.Contains(stdout, name) {
			t.Errorf("overview lacks %s:\n%s", name, stdout)
		}
	}
	if !strings.Contains(stderr, "run finished") {
		t.Errorf("no log line on stderr:\n%s", stderr)
	}
	// The second run reuses the sample repositories and adds history.
	if _, stderr, code := runCLI(t, "", "run", "--sample", "--out", out, "--cache", cache, "-q"); code != 0 {
		t.Fatalf("second run exited %d: %s", code, stderr)
	}
	stdout, stderr, code = runCLI(t, "", "sql", "--data", out, "--all-runs", "-f", "json", "SELECT count(DISTINCT run_id) AS runs, count(*) AS rows FROM repos")
	if code != 0 {
		t.Fatalf("sql exited %d: %s", code, stderr)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("json output %q: %v", stdout, err)
	}
	if len(got) != 1 || got[0]["runs"] != float64(2) || got[0]["rows"] != float64(10) {
		t.Errorf("all runs: %v", got)
	}
	stdout, _, code = runCLI(t, "", "query", "repos_overview", "--data", out, "-f", "csv")
	if code != 0 || strings.Count(stdout, "\n") != 6 || !strings.HasPrefix(stdout, "repo,status,commit") {
		t.Errorf("query csv (exit %d):\n%s", code, stdout)
	}
	stdout, _, code = runCLI(t, "", "sql", "--data", out, "-p", "name=pylib", "-f", "csv", "SELECT repo, status FROM repos WHERE repo = $name")
	if code != 0 || stdout != "repo,status\npylib,ok\n" {
		t.Errorf("bound parameter (exit %d):\n%s", code, stdout)
	}
	stdout, _, code = runCLI(t, "", "sql", "--data", out, "-f", "csv", "SELECT count(*) AS n FROM repo_summary")
	if code != 0 || stdout != "n\n5\n" {
		t.Errorf("repo_summary not materialized (exit %d):\n%s", code, stdout)
	}
}

func TestEveryShippedQueryIsListed(t *testing.T) {
	stdout, _, code := runCLI(t, "", "queries")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	qs, err := queries.List()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		if q.Description == "" {
			t.Errorf("query %s has no description", q.Name)
		}
		if !strings.Contains(stdout, q.Name+" ") || !strings.Contains(stdout, q.Description) {
			t.Errorf("queries output lacks %s", q.Name)
		}
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"unknown flag", "", []string{"run", "--bogus"}, "unknown flag --bogus"},
		{"malformed repo list", "a b c\nftp://x/y\n", []string{"run", "--repos", "-", "--out", "OUT"}, "line 1: want SOURCE [NAME], got 3 fields"},
		{"unknown query", "", []string{"query", "no_such_query"}, "no query named \"no_such_query\""},
		{"bad parameter", "", []string{"sql", "--data", ".", "-p", "novalue", "SELECT 1"}, "want NAME=VALUE"},
		{"bad size", "", []string{"run", "--max-file-size", "lots"}, "invalid size"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i, a := range tt.args {
				if a == "OUT" {
					tt.args[i] = t.TempDir()
				}
			}
			_, stderr, code := runCLI(t, tt.stdin, tt.args...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
		})
	}
}

func TestQueryWithoutDataSaysWhatToDo(t *testing.T) {
	_, stderr, code := runCLI(t, "", "query", "repos_overview", "--data", filepath.Join(t.TempDir(), "none"))
	if code != 1 || !strings.Contains(stderr, "run pysurvey run first") {
		t.Errorf("exit %d stderr %q", code, stderr)
	}
}

func TestSchemaVerbPrintsTheDictionary(t *testing.T) {
	stdout, _, code := runCLI(t, "", "schema")
	want, err := os.ReadFile(filepath.Join("..", "..", "docs", "schema.md"))
	if err != nil {
		t.Fatal(err)
	}
	if code != 0 || stdout != string(want) {
		t.Errorf("schema output differs from docs/schema.md (exit %d)", code)
	}
}

func TestVersion(t *testing.T) {
	stdout, _, code := runCLI(t, "", "version")
	if code != 0 || !strings.HasPrefix(stdout, "pysurvey dev (schema 2)") {
		t.Errorf("version: %q exit %d", stdout, code)
	}
}

func TestByteSize(t *testing.T) {
	for in, want := range map[string]ByteSize{"1048576": 1 << 20, "512KiB": 512 << 10, "1MiB": 1 << 20, "2 GiB": 2 << 30, "10MB": 10e6, "7B": 7} {
		var b ByteSize
		if err := b.UnmarshalText([]byte(in)); err != nil || b != want {
			t.Errorf("%q: got %d, %v; want %d", in, b, err, want)
		}
	}
	for _, in := range []string{"", "MiB", "-1", "0", "1.5MiB", "1TiB", "lots"} {
		var b ByteSize
		if err := b.UnmarshalText([]byte(in)); err == nil {
			t.Errorf("%q accepted as %d", in, b)
		}
	}
}

// With --patterns, run persists results under that catalog (recorded in
// runs), and query and sql read the same repo_summary.
func TestPatternsAtRunAndQueryTime(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	custom := filepath.Join(t.TempDir(), "patterns.csv")
	if err := os.WriteFile(custom, []byte("category,pattern,signal_kind,signal_value,description\nframework,pydantic_app,import_root,pydantic,pydantic as a framework\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runCLI(t, "", "run", "--sample", "--out", out, "--cache", t.TempDir(), "--patterns", custom, "-q"); code != 0 {
		t.Fatalf("run exited %d: %s", code, stderr)
	}
	stdout, stderr, code := runCLI(t, "", "sql", "--data", out, "-f", "csv", "SELECT custom_patterns, catalog_hash <> '' AS hashed FROM runs")
	if code != 0 || stdout != "custom_patterns,hashed\ntrue,true\n" {
		t.Errorf("runs row (exit %d): %s%s", code, stdout, stderr)
	}
	// BI tools reading the Parquet see the custom catalog's answer.
	stdout, _, _ = runCLI(t, "", "sql", "--data", out, "-f", "csv",
		"SELECT count(*) AS n FROM read_parquet('"+filepath.Join(out, "repo_patterns", "*", "*.parquet")+"') WHERE pattern = 'pydantic_app'")
	if stdout != "n\n2\n" {
		t.Errorf("persisted repo_patterns with the custom pattern: %q", stdout)
	}
	viaQuery, _, code1 := runCLI(t, "", "query", "repo_summary", "--data", out, "--patterns", custom, "-f", "csv")
	viaSQL, _, code2 := runCLI(t, "", "sql", "--data", out, "--patterns", custom, "-f", "csv", "SELECT * EXCLUDE (run_id, run_date) FROM repo_summary ORDER BY repo")
	if code1 != 0 || code2 != 0 || viaQuery != viaSQL || !strings.Contains(viaQuery, "pydantic_app") {
		t.Errorf("query and sql disagree (exit %d, %d):\n%s\n%s", code1, code2, viaQuery, viaSQL)
	}
	// Without --patterns the shipped catalog is asked for: recomputed.
	shipped, _, _ := runCLI(t, "", "query", "repo_summary", "--data", out, "-f", "csv")
	if strings.Contains(shipped, "pydantic_app") || strings.Count(shipped, "\n") != 6 {
		t.Errorf("shipped catalog's repo_summary:\n%s", shipped)
	}
}
