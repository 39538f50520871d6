package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestHelpShowsDefaultsAndAllowedValues(t *testing.T) {
	stdout, _, code := runCLI(t, "", "run", "--help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	flat := strings.Join(strings.Fields(stdout), " ")
	for _, want := range []string{"(default: 1MiB)", "(one of: auto, bar, log, none; default: auto)", "(default: 10m)", "(one of: text, json; default: text)", "--version"} {
		if !strings.Contains(flat, want) {
			t.Errorf("run --help lacks %q:\n%s", want, stdout)
		}
	}
	stdout, _, _ = runCLI(t, "", "query", "--help")
	if flat := strings.Join(strings.Fields(stdout), " "); !strings.Contains(flat, "(one of: table, vertical, csv, json, markdown; default: table)") || !strings.Contains(flat, "(default: auto)") {
		t.Errorf("query --help:\n%s", stdout)
	}
}

func TestVersionFlag(t *testing.T) {
	stdout, _, code := runCLI(t, "", "--version")
	if code != 0 || stdout != "pysurvey dev (schema 2)\n" {
		t.Errorf("--version: %q exit %d", stdout, code)
	}
}

func TestUnknownQuerySuggestsTheNearest(t *testing.T) {
	for in, want := range map[string]string{"framwork_share": "did you mean framework_share?", "async": "did you mean async_adoption?", "orm": "did you mean orm_share?", "zzzzzzzz": "pysurvey queries lists them"} {
		_, stderr, code := runCLI(t, "", "query", in)
		if code != 2 || !strings.Contains(stderr, want) {
			t.Errorf("%s: exit %d, %q; want %q", in, code, stderr, want)
		}
	}
	if _, stderr, _ := runCLI(t, "", "query", "zzzzzzzz"); strings.Contains(stderr, "did you mean") {
		t.Errorf("a far name got a suggestion: %q", stderr)
	}
}

// surveySample runs the bundled sample twice into one output directory.
func surveySample(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	cache := t.TempDir()
	for range 2 {
		if _, stderr, code := runCLI(t, "", "run", "--sample", "--out", out, "--cache", cache, "-q", "--progress", "none"); code != 0 {
			t.Fatalf("run exited %d: %s", code, stderr)
		}
	}
	return out
}

func TestQueryColumnsAndWidth(t *testing.T) {
	out := surveySample(t)
	stdout, stderr, code := runCLI(t, "", "query", "repo_summary", "--data", out, "--columns", "repo,architecture", "-f", "csv")
	if code != 0 || !strings.HasPrefix(stdout, "repo,architecture\nddd-orders,ddd\n") {
		t.Errorf("--columns (exit %d): %q %s", code, stdout, stderr)
	}
	if _, stderr, code := runCLI(t, "", "query", "repo_summary", "--data", out, "--columns", "nope"); code != 2 || !strings.Contains(stderr, `no column "nope" (columns: repo, commit,`) {
		t.Errorf("unknown column: exit %d %q", code, stderr)
	}
	stdout, _, code = runCLI(t, "", "query", "repo_summary", "--data", out, "--width", "70")
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	for _, l := range lines[:len(lines)-1] {
		if utf8.RuneCountInString(l) > 70 {
			t.Errorf("line of %d columns at --width 70: %q", utf8.RuneCountInString(l), l)
		}
	}
	if code != 0 || !strings.HasPrefix(stdout, "-[ 1 ]") {
		t.Errorf("repo_summary at 70 columns is not vertical (exit %d):\n%s", code, stdout)
	}
	stdout, _, _ = runCLI(t, "", "query", "framework_share", "--data", out, "-f", "json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(stdout), &rows); err != nil || len(rows) != 4 || rows[0]["repos"] != float64(2) || rows[0]["share"] != 0.4 {
		t.Errorf("json: %v %v", rows, err)
	}
	if !strings.HasPrefix(stdout, "[\n  {\n    \"framework\": \"fastapi\",\n    \"repos\": 2,\n    \"share\": 0.4\n") {
		t.Errorf("json keys are not in column order:\n%s", stdout)
	}
}

func TestReportAndDiffVerbs(t *testing.T) {
	one := filepath.Join(t.TempDir(), "one")
	if _, stderr, code := runCLI(t, "", "run", "--sample", "--out", one, "--cache", t.TempDir(), "-q", "--progress", "none"); code != 0 {
		t.Fatalf("run: %s", stderr)
	}
	if _, stderr, code := runCLI(t, "", "diff", "--data", one); code != 1 || !strings.Contains(stderr, "no earlier complete run to compare with") {
		t.Errorf("diff of one run: exit %d %q", code, stderr)
	}

	out := surveySample(t)
	stdout, stderr, code := runCLI(t, "", "diff", "--data", out)
	if code != 0 || !strings.HasPrefix(stdout, "Changes from run ") || !strings.Contains(stdout, ": 0 repositories changed\n") || !strings.HasSuffix(stdout, "(0 rows)\n") {
		t.Errorf("diff (exit %d): %q %s", code, stdout, stderr)
	}
	if stdout, _, code := runCLI(t, "", "diff", "--data", out, "-f", "json"); code != 0 || stdout != "[]\n" {
		t.Errorf("diff json (exit %d): %q", code, stdout)
	}
	if _, stderr, code := runCLI(t, "", "diff", "--data", out, "--from", "1999-01-01"); code != 1 || !strings.Contains(stderr, `--from "1999-01-01": no complete run`) {
		t.Errorf("diff from a date without a run: exit %d %q", code, stderr)
	}

	page := filepath.Join(t.TempDir(), "report.html")
	if _, stderr, code := runCLI(t, "", "report", "--data", out, "--out", page); code != 0 {
		t.Fatalf("report: exit %d %s", code, stderr)
	}
	b, err := os.ReadFile(page)
	if err != nil || !strings.HasPrefix(string(b), "<!DOCTYPE html>") || !strings.Contains(string(b), `id="repo-table"`) {
		t.Errorf("report file: %v %.60q", err, b)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(page), ".*.tmp")); len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}
