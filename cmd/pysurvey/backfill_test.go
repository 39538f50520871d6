package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// datedCommit is one commit of a made-up history: a file written at noon
// UTC of a day.
type datedCommit struct{ day, file, text string }

// datedRepo makes a repository of the commits, oldest first, and returns
// its work tree.
func datedRepo(t *testing.T, name string, commits ...datedCommit) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	os.MkdirAll(dir, 0o755)
	git := func(when string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+when, "GIT_COMMITTER_DATE="+when, "GIT_AUTHOR_NAME=t",
			"GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v %s", args, err, out)
		}
	}
	git("", "init", "-q", "-b", "main")
	for _, c := range commits {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, c.file)), 0o755)
		os.WriteFile(filepath.Join(dir, c.file), []byte(c.text), 0o644)
		when := c.day + "T12:00:00Z"
		git(when, "add", ".")
		git(when, "commit", "-q", "-m", c.file)
	}
	return dir
}

// webHistories makes two repositories: web serves Flask from 2024-01-10
// (a file added on 2024-01-20 changes nothing the survey decides) and
// FastAPI from 2024-03-10; late has its first commit, a Django project,
// on 2024-03-20.
func webHistories(t *testing.T) string {
	web := datedRepo(t, "web",
		datedCommit{"2024-01-10", "app.py", "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route('/')\ndef index():\n    return 'hi'\n"},
		datedCommit{"2024-01-20", "util.py", "def helper():\n    return 1\n"},
		datedCommit{"2024-03-10", "app.py", "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get('/')\nasync def index():\n    return {}\n"})
	late := datedRepo(t, "late",
		datedCommit{"2024-03-20", "shop/views.py", "from django.http import HttpResponse\n\n\ndef index(request):\n    return HttpResponse('hi')\n"},
		datedCommit{"2024-03-20", "shop/models.py", "from django.db import models\n\n\nclass Item(models.Model):\n    name = models.CharField(max_length=10)\n"},
		datedCommit{"2024-03-20", "manage.py", "import django\nfrom django.core.management import execute_from_command_line\n"})
	return web + " web\n" + late + " late\n"
}

// A backfill makes one complete run a point, each what run --at that
// point makes on its own; trends draw the series; started again or
// extended, it makes no point twice.
func TestBackfillIsASeriesOfRunsAt(t *testing.T) {
	list := webHistories(t)
	out, cache := filepath.Join(t.TempDir(), "out"), t.TempDir()
	args := []string{"backfill", "--repos", "-", "--out", out, "--cache", cache, "--since", "2024-01-01", "-q"}
	// Two points first, then the series to April: the two are not made
	// again.
	if stdout, stderr, code := runCLI(t, list, append(args, "--until", "2024-02-01")...); code != 0 || strings.Count(stdout, " complete: ") != 2 {
		t.Fatalf("backfill to February: exit %d:\n%s%s", code, stdout, stderr)
	}
	args = append(args, "--until", "2024-04-01")
	stdout, stderr, code := runCLI(t, list, args...)
	if code != 0 {
		t.Fatalf("backfill exited %d: %s %s", code, stdout, stderr)
	}
	for _, want := range []string{
		"2024-01-01: run 20240101T235959Z-bf", "is complete already",
		"2024-02-01: run 20240201T235959Z-bf", "is complete already",
		"2024-03-01: run ", "complete: 1 ok (1 carried forward), 0 failed, 1 absent",
		"2024-04-01: run ", "complete: 2 ok (0 carried forward), 0 failed, 0 absent",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("backfill output lacks %q:\n%s", want, stdout)
		}
	}
	// Each point is read back as it was.
	trends, _, code := runCLI(t, "", "query", "trends", "--data", out, "-f", "csv", "--columns", "run_date,framework,repos")
	if code != 0 {
		t.Fatalf("trends exited %d", code)
	}
	if want := "run_date,framework,repos\n2024-02-01,flask,1\n2024-03-01,flask,1\n2024-04-01,django,1\n2024-04-01,fastapi,1\n"; trends != want {
		t.Errorf("trends:\n%s\nwant:\n%s", trends, want)
	}

	// The report places the last point in the past and says how long its
	// survey took.
	page, stderr, code := runCLI(t, "", "report", "--data", out, "--out", "-")
	if code != 0 || !strings.Contains(page, "as of 2024-04-01 23:59 UTC · surveyed ") || !regexp.MustCompile(`· took \d+(ms|\.\d+s|s)`).MatchString(page) {
		line := regexp.MustCompile(`id="run-line">[^\n]*`).FindString(page)
		t.Errorf("report (exit %d): %s %s", code, line, stderr)
	}

	// The last point equals a run --at of its own that reads every file.
	alone := filepath.Join(t.TempDir(), "alone")
	if _, stderr, code := runCLI(t, list, "run", "--repos", "-", "--out", alone, "--cache", t.TempDir(), "--at", "2024-04-01", "--no-fact-cache", "-q"); code != 0 {
		t.Fatalf("run --at exited %d: %s", code, stderr)
	}
	for _, table := range []string{"repo_summary", "repo_patterns", "pattern_hits"} {
		q := "SELECT * EXCLUDE (run_id) FROM " + table + " ORDER BY ALL"
		got, _, _ := runCLI(t, "", "sql", "--data", out, "-f", "csv", q)
		want, _, _ := runCLI(t, "", "sql", "--data", alone, "-f", "csv", q)
		if got != want || strings.Count(want, "\n") < 2 {
			t.Errorf("%s of the backfill's last point:\n%s\nof run --at alone:\n%s", table, got, want)
		}
	}

	// Started again: every point is complete already; no run is added.
	stdout, stderr, code = runCLI(t, list, args...)
	if code != 0 || strings.Count(stdout, "is complete already") != 4 {
		t.Errorf("backfill again: exit %d:\n%s%s", code, stdout, stderr)
	}
	runs, _, _ := runCLI(t, "", "sql", "--data", out, "--all-runs", "-f", "csv", "SELECT count(*) AS n, count(DISTINCT run_id) AS ids FROM runs")
	if runs != "n,ids\n4,4\n" {
		t.Errorf("runs after the second backfill: %s", runs)
	}
}

// The points of a series: since, each interval after it, none after until.
func TestBackfillPoints(t *testing.T) {
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		since, until, every string
		want                []string
	}{
		{"2024-01-31", "2024-05-01", "month", []string{"2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"}},
		{"2026-11-10", "", "week", []string{"2026-11-10", "2026-11-17", "2026-11-24", "2026-12-01"}},
		{"2025-01-01", "2025-12-31", "quarter", []string{"2025-01-01", "2025-04-01", "2025-07-01", "2025-10-01"}},
	} {
		points, err := backfillPoints(tt.since, tt.until, tt.every, now)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range points {
			if p.Hour() != 23 || p.Minute() != 59 || p.Second() != 59 {
				t.Errorf("point %s is not the end of its day", p)
			}
			got = append(got, p.Format(time.DateOnly))
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("%s..%s every %s: %v, want %v", tt.since, tt.until, tt.every, got, tt.want)
		}
	}
	for _, bad := range [][2]string{{"2024-13-01", ""}, {"2025-01-01", "2024-01-01"}, {"yesterday", ""}} {
		if _, err := backfillPoints(bad[0], bad[1], "month", now); err == nil {
			t.Errorf("backfillPoints(%q, %q): no error", bad[0], bad[1])
		}
	}
}
