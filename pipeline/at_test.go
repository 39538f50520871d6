package pipeline_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/pipeline"
	"github.com/pysurvey/pysurvey/pipeline/fetch"
)

// datedHistory makes a repository of n commits, commit i of day i of
// 2024 (committer time noon UTC), each changing m.py; it returns the
// work tree and the commits, oldest first.
func datedHistory(t *testing.T, n int) (string, []string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs git")
	}
	dir := filepath.Join(t.TempDir(), "dated")
	git := func(env []string, args ...string) string {
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v %s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	os.MkdirAll(dir, 0o755)
	git(nil, "init", "-q", "-b", "main")
	var commits []string
	for i := range n {
		os.WriteFile(filepath.Join(dir, "m.py"), []byte(fmt.Sprintf("x = %d\n", i)), 0o644)
		when := time.Date(2024, 1, 1+i, 12, 0, 0, 0, time.UTC).Format(time.RFC3339)
		env := []string{"GIT_AUTHOR_DATE=" + when, "GIT_COMMITTER_DATE=" + when, "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
			"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com"}
		git(env, "add", ".")
		git(env, "commit", "-q", "-m", fmt.Sprint("c", i))
		commits = append(commits, git(nil, "rev-parse", "HEAD"))
	}
	return dir, commits
}

// run --at surveys each repository at its last commit at or before the
// time: a clone in the cache (depth 1 at first) is deepened as far as
// needed and keeps that history; a repository with no commit yet is
// absent, neither ok nor failed; the run is recorded as of the time.
func TestRunAtSurveysThePast(t *testing.T) {
	work, commits := datedHistory(t, 300)
	cache, out := t.TempDir(), t.TempDir()
	at := time.Date(2024, 3, 1, 23, 59, 59, 0, time.UTC) // day 61: commit 60
	list := "file://" + work + "/.git cloned\n" + work + " local\n"
	sum, err := run(t, list, pipeline.Config{Out: out, CacheDir: cache, At: at, Extractors: []extractors.Extractor{probe{}}})
	if err != nil || sum.ReposOK != 2 {
		t.Fatalf("run --at: %v %+v", err, sum)
	}
	want := commits[60]
	if got := joinRows(query(t, "SELECT repo, commit, commit_time FROM '"+parquet(out, "repos")+"' ORDER BY repo")); got != "cloned "+want+" 2024-03-01T12:00:00Z|local "+want+" 2024-03-01T12:00:00Z" {
		t.Errorf("repos: %s (want commit %s)", got, want)
	}
	if got := joinRows(query(t, "SELECT as_of, run_date FROM '"+parquet(out, "runs")+"'")); got != "2024-03-01T23:59:59Z 2024-03-01T00:00:00Z" {
		t.Errorf("runs as_of, run_date: %s", got)
	}
	// Before the first commit: absent, not failed.
	sum, err = run(t, list, pipeline.Config{Out: out, CacheDir: cache, At: time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC), Extractors: []extractors.Extractor{probe{}}})
	if err != nil || sum.ReposAbsent != 2 || sum.ReposFailed != 0 || sum.Status != "complete" {
		t.Fatalf("run --at before the first commit: %v %+v", err, sum)
	}
	if got := joinRows(query(t, "SELECT DISTINCT status FROM '"+parquet(out, "repos")+"' WHERE run_id = ?", sum.RunID)); got != "absent" {
		t.Errorf("repos status: %s", got)
	}
}

// Runs at several dates that share a FirstParents (as a backfill's points
// do) find the commit each date asks for, whatever the order of the dates:
// later and earlier than a date already seen, before the first commit, on
// a clone deepened after the walk had stopped at its shallow end, and with
// the remembered histories forgotten when over the bound.
func TestRunsAtShareTheHistoriesWalked(t *testing.T) {
	work, commits := datedHistory(t, 300)
	list := "file://" + work + "/.git cloned\n" + work + " local\n"
	for _, bound := range []int{0, 50} {
		cache, out := t.TempDir(), t.TempDir()
		fp := fetch.NewFirstParents(bound)
		for _, day := range []int{250, 61, 280, 0, 120, 299, 1} {
			at := time.Date(2024, 1, day, 23, 0, 0, 0, time.UTC) // day d of 2024 holds commit d-1
			sum, err := run(t, list, pipeline.Config{Out: out, CacheDir: cache, At: at, FirstParents: fp, Extractors: []extractors.Extractor{probe{}}})
			if err != nil || sum.Status != "complete" {
				t.Fatalf("bound %d, day %d: %v %+v", bound, day, err, sum)
			}
			got := joinRows(query(t, "SELECT repo, status, commit FROM '"+parquet(out, "repos")+"' WHERE run_id = ? ORDER BY repo", sum.RunID))
			want := "cloned absent |local absent "
			if day > 0 {
				want = "cloned ok " + commits[day-1] + "|local ok " + commits[day-1]
			}
			if got != want {
				t.Errorf("bound %d, day %d: %s, want %s", bound, day, got, want)
			}
		}
	}
}
