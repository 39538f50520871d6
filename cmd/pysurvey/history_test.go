package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Exit codes cron can alert on, and bad nights that never become current.
func TestExitCodesAndBadRunsNeverBecomeCurrent(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	cache := t.TempDir()
	if _, stderr, code := runCLI(t, "", "run", "--sample", "--out", out, "--cache", cache, "-q"); code != 0 {
		t.Fatalf("good run exited %d: %s", code, stderr)
	}
	good, _, _ := runCLI(t, "", "sql", "--data", out, "-f", "csv", "SELECT run_id FROM runs")
	missing := filepath.Join(t.TempDir(), "nope")
	for _, tt := range []struct {
		name, list string
		args       []string
		code       int
		status     string
	}{
		{"empty list", "# nothing\n", nil, 1, "failed"},
		{"every repository failed", missing + " a\n" + missing + " b\n", nil, 1, "failed"},
		{"under --min-ok", samplePath(t, cache) + " ok\n" + missing + " b\n", []string{"--min-ok", "0.9"}, 1, "failed"},
		{"some failed, complete", samplePath(t, cache) + " ok\n" + missing + " b\n", []string{"--min-ok", "0.5"}, 3, "complete"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"run", "--repos", "-", "--out", out, "--cache", cache, "-q"}, tt.args...)
			_, stderr, code := runCLI(t, tt.list, args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, stderr)
			}
			last, _, _ := runCLI(t, "", "runs", "--data", out, "-f", "csv")
			lines := strings.Split(strings.TrimSpace(last), "\n")
			if !strings.Contains(lines[len(lines)-1], ","+tt.status+",") {
				t.Errorf("latest runs row: %s, want status %s", lines[len(lines)-1], tt.status)
			}
			current, _, _ := runCLI(t, "", "sql", "--data", out, "-f", "csv", "SELECT run_id FROM runs")
			if tt.status == "failed" && current != good {
				t.Errorf("a failed run became current: %s (was %s)", current, good)
			}
		})
	}
	if _, stderr, code := runCLI(t, "", "run", "--out", out); code != 2 || !strings.Contains(stderr, "--sample") {
		t.Errorf("run without --repos: exit %d, %s", code, stderr)
	}
}

// samplePath returns the path of one bundled sample repository.
func samplePath(t *testing.T, cache string) string {
	t.Helper()
	dirs, _ := filepath.Glob(filepath.Join(cache, "sample-*", "pylib"))
	if len(dirs) != 1 {
		t.Fatalf("sample repositories in %s: %v", cache, dirs)
	}
	return dirs[0]
}

// A discarded run leaves every query and the current tables; a prune
// keeps the latest complete run and the facts kept runs read.
func TestRunsDiscardAndPrune(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	cache := t.TempDir()
	var ids []string
	for range 3 {
		if _, stderr, code := runCLI(t, "", "run", "--sample", "--out", out, "--cache", cache, "-q"); code != 0 {
			t.Fatalf("run: %s", stderr)
		}
		id, _, _ := runCLI(t, "", "sql", "--data", out, "-f", "csv", "SELECT run_id FROM runs")
		ids = append(ids, strings.TrimSpace(strings.TrimPrefix(id, "run_id\n")))
	}
	if stdout, stderr, code := runCLI(t, "", "runs", "discard", ids[2], "--data", out); code != 0 || !strings.Contains(stdout, "discarded") {
		t.Fatalf("discard: exit %d %s %s", code, stdout, stderr)
	}
	if got, _, _ := runCLI(t, "", "sql", "--data", out, "-f", "csv", "SELECT run_id FROM runs"); !strings.Contains(got, ids[1]) {
		t.Errorf("after discarding %s the latest run is %s, want %s", ids[2], got, ids[1])
	}
	current, _, _ := runCLI(t, "", "sql", "--data", out, "-f", "csv",
		"SELECT DISTINCT run_id FROM read_parquet('"+filepath.Join(out, "current", "repo_summary.parquet")+"')")
	if !strings.Contains(current, ids[1]) {
		t.Errorf("current/repo_summary after the discard: %s", current)
	}
	// Runs 2 and 3 reused run 1's facts: a prune keeping only the latest
	// keeps them in place.
	stdout, stderr, code := runCLI(t, "", "runs", "prune", "--data", out, "--keep-daily", "0", "--keep-monthly", "0")
	if code != 0 || !strings.Contains(stdout, "deleted run "+ids[0]) || strings.Contains(stdout, "deleted run "+ids[1]) {
		t.Fatalf("prune: exit %d\n%s%s", code, stdout, stderr)
	}
	if got, _, code := runCLI(t, "", "query", "framework_share", "--data", out, "-f", "csv"); code != 0 || !strings.Contains(got, "fastapi,2,0.4") {
		t.Errorf("framework_share after the prune (exit %d):\n%s", code, got)
	}
	if got, _, _ := runCLI(t, "", "sql", "--data", out, "-f", "csv", "SELECT count(*) AS n FROM files"); got != "n\n102\n" {
		t.Errorf("files after the prune: %s", got)
	}
}

// --read-only takes one SELECT, reads nothing outside the data, writes
// nothing; a long statement is cancelled with its context.
func TestReadOnlySQLAndCancel(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	if _, stderr, code := runCLI(t, "", "run", "--sample", "--out", out, "--cache", t.TempDir(), "-q"); code != 0 {
		t.Fatalf("run: %s", stderr)
	}
	if got, _, code := runCLI(t, "", "sql", "--read-only", "--data", out, "-f", "csv", "SELECT count(*) AS n FROM repo_summary"); code != 0 || got != "n\n5\n" {
		t.Errorf("a SELECT read-only: exit %d %q", code, got)
	}
	outside := filepath.Join(t.TempDir(), "outside.csv")
	os.WriteFile(outside, []byte("a\n1\n"), 0o644)
	written := filepath.Join(out, "written.csv")
	for _, stmt := range []string{
		"COPY (SELECT 1) TO '" + written + "'",
		"SELECT * FROM read_csv('" + outside + "')",
		"ATTACH '" + filepath.Join(out, "x.duckdb") + "'",
		"SELECT 1; COPY (SELECT 1) TO '" + written + "'",
		"INSTALL httpfs",
		"SET enable_external_access = true",
	} {
		if _, stderr, code := runCLI(t, "", "sql", "--read-only", "--data", out, stmt); code == 0 {
			t.Errorf("%s ran read-only: %s", stmt, stderr)
		}
	}
	if _, err := os.Stat(written); err == nil {
		t.Error("a read-only statement wrote a file")
	}
	if _, err := os.Stat(filepath.Join(out, "x.duckdb")); err == nil {
		t.Error("a read-only ATTACH made a database file")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	var stdout, stderr strings.Builder
	code := Main(ctx, []string{"sql", "--data", out, "SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b"}, strings.NewReader(""), &stdout, &stderr, os.Getenv)
	if code == 0 || time.Since(start) > 10*time.Second {
		t.Errorf("a cancelled statement: exit %d after %s", code, time.Since(start))
	}
}
