package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pysurvey/pysurvey/schema"
	"github.com/pysurvey/pysurvey/schema/store/s3test"
)

// Four shards, each a process of its own with its JOB_COMPLETION_INDEX and
// a cache of its own (as pods), write one run into an S3 bucket on
// loopback; finalize refuses while a shard is missing and names it; a
// shard killed midway and started again (a new pod, an empty cache) leaves
// no row twice; the finalized run equals an unsharded run of the same list
// in a directory, table by table; queries answer from the bucket.
func TestShardsIntoABucketEqualOneRun(t *testing.T) {
	srv := s3test.New(t, nil)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	bucket := srv.Location("nightly")
	list := shardList(t)
	const runID = "survey-29000000"
	for i := range 3 {
		code, out := runShard(t, list, bucket, runID, i, t.TempDir())
		if code != 0 && code != exitSomeFailed {
			t.Fatalf("shard %d exited %d: %s", i, code, out)
		}
	}
	if _, stderr, code := runCLI(t, "", "finalize", "--out", bucket, "--cache", t.TempDir(), "--run-id", runID, "--shards", "4"); code != 1 || !strings.Contains(stderr, "shards missing: 3 of 4") {
		t.Fatalf("finalize with shard 3 missing: exit %d: %s", code, stderr)
	}

	// Shard 3 is killed once a part of it is in the bucket.
	cmd, out := startShard(t, list, bucket, runID, 3, t.TempDir())
	deadline := time.Now().Add(time.Minute)
	for !hasKey(srv.Keys(t), "repos/", "-s0003-p0000.parquet") {
		if time.Now().After(deadline) {
			t.Fatalf("shard 3 committed no part within a minute: %s", out)
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if code, out := runShard(t, list, bucket, runID, 3, t.TempDir()); code != 0 && code != exitSomeFailed {
		t.Fatalf("shard 3 again exited %d: %s", code, out)
	}
	stdout, stderr, code := runCLI(t, "", "finalize", "--out", bucket, "--cache", t.TempDir(), "--run-id", runID, "--shards", "4")
	if code != 0 || !strings.Contains(stdout, "run "+runID+" complete: 4 shards") {
		t.Fatalf("finalize: exit %d: %s%s", code, stdout, stderr)
	}

	// The same list in one run, into a directory.
	local := filepath.Join(t.TempDir(), "out")
	if _, stderr, code := runCLI(t, list, "run", "--repos", "-", "--out", local, "--cache", t.TempDir(), "-q"); code != 0 && code != exitSomeFailed {
		t.Fatalf("unsharded run exited %d: %s", code, stderr)
	}
	tables := append(append([]*schema.Table{schema.ReposTable}, schema.FactTables()...), schema.ResultTables()...)
	for _, table := range tables {
		count := "SELECT count(*) AS n, count(DISTINCT repo) AS repos FROM " + table.Name
		if got, want := sqlOf(t, bucket, count), sqlOf(t, local, count); got != want || want == "n,repos\n0,0\n" {
			t.Errorf("%s in the bucket: %s, in one run: %s", table.Name, got, want)
		}
	}
	rows := "SELECT * EXCLUDE (run_id, run_date) FROM repo_summary ORDER BY ALL"
	if got, want := sqlOf(t, bucket, rows), sqlOf(t, local, rows); got != want {
		t.Errorf("repo_summary in the bucket:\n%s\nin one run:\n%s", got, want)
	}
	if got := sqlOf(t, bucket, "SELECT count(*) - count(DISTINCT repo) AS twice FROM repos"); got != "twice\n0\n" {
		t.Errorf("repositories recorded twice: %s", got)
	}
	// A machine that never read the bucket copies what the query reads,
	// then reuses it.
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	got, cold, code := runCLI(t, "", "query", "framework_share", "--data", bucket, "-f", "csv")
	want, _, _ := runCLI(t, "", "query", "framework_share", "--data", local, "-f", "csv")
	if code != 0 || got != want || strings.Count(want, "\n") < 2 {
		t.Errorf("framework_share from the bucket (exit %d):\n%s\nfrom the directory:\n%s", code, got, want)
	}
	_, warm, _ := runCLI(t, "", "query", "framework_share", "--data", bucket, "-f", "csv")
	if strings.Contains(cold, "pulled_objects=0 ") || !strings.Contains(warm, "pulled_objects=0 ") {
		t.Errorf("the first query should copy files, the second none:\n%s\n%s", cold, warm)
	}
	t.Logf("first query: %s\nsecond: %s", strings.TrimSpace(cold), strings.TrimSpace(warm))
	// The current tables are in the bucket, for BI tools.
	for _, key := range []string{"nightly/current/repo_summary.parquet", "nightly/current/repo_patterns.parquet", "nightly/current/repos.parquet"} {
		if !hasKey(srv.Keys(t), key, "") {
			t.Errorf("%s is not in the bucket", key)
		}
	}
	// The next night, on a machine of its own, carries every unchanged
	// repository forward from the bucket's last run.
	if _, stderr, code := runCLI(t, list, "run", "--repos", "-", "--out", bucket, "--cache", t.TempDir(), "-q"); code != 0 {
		t.Fatalf("next night exited %d: %s", code, stderr)
	}
	if got := sqlOf(t, bucket, "SELECT count(*) FILTER (reused_from = '"+runID+"') AS carried, count(*) AS n FROM repos"); got != "carried,n\n15,15\n" {
		t.Errorf("the next night's repositories: %s", got)
	}
	if got, want := sqlOf(t, bucket, rows), sqlOf(t, local, rows); got != want {
		t.Errorf("repo_summary of the next night:\n%s\nof one run:\n%s", got, want)
	}
	for _, k := range srv.Keys(t) {
		if strings.HasSuffix(k, ".tmp") || strings.Contains(k, "/.") {
			t.Errorf("a temporary object is in the bucket: %s", k)
		}
	}
}

// shardList is a repo list of the bundled sample's repositories, each under
// three names, so that every one of four shards gets some.
func shardList(t *testing.T) string {
	t.Helper()
	cache := t.TempDir()
	if _, stderr, code := runCLI(t, "", "run", "--sample", "--out", filepath.Join(t.TempDir(), "out"), "--cache", cache, "-q"); code != 0 {
		t.Fatalf("sample run exited %d: %s", code, stderr)
	}
	dirs, _ := filepath.Glob(filepath.Join(cache, "sample-*", "*"))
	var b strings.Builder
	for _, d := range dirs {
		if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
			continue
		}
		for _, suffix := range []string{"a", "b", "c"} {
			fmt.Fprintf(&b, "%s %s-%s\n", d, filepath.Base(d), suffix)
		}
	}
	return b.String()
}

// shardArgs are the arguments of a shard of the run.
func shardArgs(bucket, runID, cache string) []string {
	return []string{"run", "--repos", "-", "--out", bucket, "--cache", cache, "--shards", "4", "--run-id", runID,
		"--part-rows", "1", "--progress", "none", "-q"}
}

// startShard starts shard i as a process, as an Indexed Job's pod would.
func startShard(t *testing.T, list, bucket, runID string, i int, cache string) (*exec.Cmd, *syncBuffer) {
	t.Helper()
	t.Setenv("JOB_COMPLETION_INDEX", fmt.Sprint(i))
	return startPysurvey(t, strings.NewReader(list), shardArgs(bucket, runID, cache)...)
}

// runShard runs shard i to its end and returns its exit code and output.
func runShard(t *testing.T, list, bucket, runID string, i int, cache string) (int, string) {
	t.Helper()
	cmd, out := startShard(t, list, bucket, runID, i, cache)
	return exitWithin(t, cmd, 2*time.Minute), out.String()
}

// hasKey reports whether a key starts with prefix and ends with suffix.
func hasKey(keys []string, prefix, suffix string) bool {
	for _, k := range keys {
		if strings.Contains(k, prefix) && strings.HasSuffix(k, suffix) {
			return true
		}
	}
	return false
}

// sqlOf answers a statement over data (a directory or a bucket) as CSV.
func sqlOf(t *testing.T, data, stmt string) string {
	t.Helper()
	out, stderr, code := runCLI(t, "", "sql", "--data", data, "-f", "csv", stmt)
	if code != 0 {
		t.Fatalf("sql --data %s %q: exit %d: %s", data, stmt, code, stderr)
	}
	return out
}
