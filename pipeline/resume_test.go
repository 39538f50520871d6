package pipeline_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pysurvey/pysurvey/extractors/list"
	"github.com/pysurvey/pysurvey/pipeline"
	"github.com/pysurvey/pysurvey/pipeline/gitrepo"
	"github.com/pysurvey/pysurvey/pipeline/sources"
	"github.com/pysurvey/pysurvey/queries"
	"github.com/pysurvey/pysurvey/schema/history"
)

// resumeList is the repo list of the kill-and-resume tests: the sample
// repositories and a larger one, each under a few names.
func resumeList(t *testing.T) string {
	t.Helper()
	trees := filepath.Join("..", "testdata", "sample")
	entries, err := os.ReadDir(trees)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(t.TempDir(), e.Name()+".git")
		if _, err := gitrepo.Create(dir, os.DirFS(filepath.Join(trees, e.Name())), gitrepo.Options{Bare: true}); err != nil {
			t.Fatal(err)
		}
		for i := range 4 {
			fmt.Fprintf(&b, "%s %s-%d\n", dir, e.Name(), i)
		}
	}
	many := makeManyFiles(t, 400)
	for i := range 12 {
		fmt.Fprintf(&b, "%s many-%d\n", many, i)
	}
	return b.String()
}

// surveyList runs the real pipeline with the interpretation over a list.
func surveyList(ctx context.Context, repoList, out, resume string) (pipeline.Summary, error) {
	return interpretedRun(ctx, repoList, pipeline.Config{Out: out, Resume: resume})
}

// interpretedRun runs the real pipeline with the interpretation over a
// list, in small parts, every repository surveyed (cfg says the rest).
func interpretedRun(ctx context.Context, repoList string, cfg pipeline.Config) (pipeline.Summary, error) {
	specs, err := sources.ParseRepoList(strings.NewReader(repoList), "/")
	if err != nil {
		return pipeline.Summary{}, err
	}
	in, err := queries.NewInterpreter(ctx, "")
	if err != nil {
		return pipeline.Summary{}, err
	}
	defer in.Close()
	cache, err := os.MkdirTemp("", "pysurvey-cache-")
	if err != nil {
		return pipeline.Summary{}, err
	}
	defer os.RemoveAll(cache)
	cfg.Repos, cfg.CacheDir, cfg.Extractors, cfg.Interpreter, cfg.CatalogHash = specs, cache, list.All(), in, in.CatalogHash()
	cfg.Workers, cfg.Readers, cfg.PartRows, cfg.Full = 2, 2, 2000, true
	return pipeline.Run(ctx, cfg)
}

// TestResumeChild is the child of TestKilledRunsResumeToTheSameResult.
func TestResumeChild(t *testing.T) {
	out := os.Getenv("PYSURVEY_RESUME_OUT")
	if out == "" {
		t.Skip("runs only as the child of TestKilledRunsResumeToTheSameResult")
	}
	b, _ := os.ReadFile(filepath.Join(out, "..", "list.txt"))
	surveyList(context.Background(), string(b), out, "")
}

// TestKilledRunsResumeToTheSameResult kills a survey (kill -9) at random
// points, resumes it, and compares with an uninterrupted survey: the same
// repo_summary and the same rows in every table, none twice. While the
// survey runs, a reader reads every visible Parquet file again and again:
// none may ever be half written. PYSURVEY_KILL_ROUNDS sets the rounds
// (default 2).
func TestKilledRunsResumeToTheSameResult(t *testing.T) {
	rounds := 2
	if n, err := strconv.Atoi(os.Getenv("PYSURVEY_KILL_ROUNDS")); err == nil {
		rounds = n
	}
	list := resumeList(t)
	want := filepath.Join(t.TempDir(), "whole")
	if _, err := surveyList(context.Background(), list, want, ""); err != nil {
		t.Fatal(err)
	}
	wantRows := surveyRows(t, want)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	for round := range rounds {
		root := t.TempDir()
		out := filepath.Join(root, "out")
		os.WriteFile(filepath.Join(root, "list.txt"), []byte(list), 0o644)
		cmd := exec.Command(os.Args[0], "-test.run=^TestResumeChild$")
		cmd.Env = append(os.Environ(), "PYSURVEY_RESUME_OUT="+out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var stop atomic.Bool
		var reads sync.WaitGroup
		reads.Go(func() { readEveryVisibleFile(t, out, &stop) })
		// Kill once some parts are committed, after a random extra delay.
		deadline := time.Now().Add(60 * time.Second)
		for time.Now().Before(deadline) {
			if parts, _ := filepath.Glob(filepath.Join(out, "repos", "*", "*.parquet")); len(parts) >= 1 {
				break
			}
			time.Sleep(2 * time.Millisecond)
		}
		time.Sleep(time.Duration(rng.IntN(150)) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		stop.Store(true)
		reads.Wait()
		runs, err := history.List(out)
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) != 1 || runs[0].State == "complete" {
			t.Logf("round %d: the child finished before the kill", round)
			continue
		}
		if runs[0].State != "unfinished" {
			t.Fatalf("round %d: killed run is %s", round, runs[0].State)
		}
		sum, err := surveyList(context.Background(), list, out, runs[0].Run.RunID)
		if err != nil {
			t.Fatalf("round %d: resume: %v", round, err)
		}
		t.Logf("round %d: killed after %d parts; resumed run %s: %d ok", round, runs[0].Parts, sum.RunID, sum.ReposOK)
		if got := surveyRows(t, out); got != wantRows {
			t.Errorf("round %d: the resumed run differs from an uninterrupted one:\n got %s\nwant %s", round, got, wantRows)
		}
		if litter, _ := filepath.Glob(filepath.Join(out, "*", "*", ".*")); len(litter) > 0 {
			t.Errorf("round %d: temporary files left: %v", round, litter)
		}
	}
}

// surveyRows summarises the latest run of out: repo_summary's rows and the
// number of rows and distinct keys of every table.
func surveyRows(t *testing.T, out string) string {
	t.Helper()
	db, err := queries.Open(context.Background(), queries.Options{DataDir: out})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b strings.Builder
	for _, stmt := range []string{
		"SELECT * EXCLUDE (run_id, run_date) FROM repo_summary ORDER BY ALL",
		"SELECT count(*), count(DISTINCT (repo, path)) FROM files",
		"SELECT count(*), count(DISTINCT (repo, path, line, name, alias, module)) FROM imports",
		"SELECT count(*) FROM symbols", "SELECT count(*) FROM dependencies", "SELECT count(*) FROM projects",
		"SELECT count(*), count(DISTINCT repo) FROM repos", "SELECT count(*) FROM repo_patterns",
		"SELECT count(*) FROM pattern_hits", "SELECT count(*) FROM repo_imports",
	} {
		res, err := db.SQL(context.Background(), stmt, nil)
		if err != nil {
			t.Fatal(err)
		}
		res.Write(&b, "csv")
	}
	return b.String()
}

// readEveryVisibleFile reads every Parquet file under out whole, again
// and again until stop: a file visible under its name must always be whole.
func readEveryVisibleFile(t *testing.T, out string, stop *atomic.Bool) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Error(err)
		return
	}
	defer db.Close()
	for !stop.Load() {
		files, _ := filepath.Glob(filepath.Join(out, "*", "*", "*.parquet"))
		for _, f := range files {
			var n int
			if err := db.QueryRow("SELECT count(*) FROM read_parquet(?)", f).Scan(&n); err != nil && !os.IsNotExist(err) && !strings.Contains(err.Error(), "No such file") {
				t.Errorf("a visible file is not whole: %s: %v", f, err)
				return
			}
		}
		time.Sleep(time.Millisecond)
	}
}
