package queries_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	git "github.com/go-git/go-git/v5"

	"github.com/pysurvey/pysurvey/pipeline"
	"github.com/pysurvey/pysurvey/pipeline/gitrepo"
	"github.com/pysurvey/pysurvey/pipeline/sources"
	"github.com/pysurvey/pysurvey/queries"
	"github.com/pysurvey/pysurvey/schema"
)

// sampleSpecs makes the sample repositories and returns their specs.
func sampleSpecs(t *testing.T) ([]sources.RepoSpec, map[string]string) {
	t.Helper()
	trees := filepath.Join("..", "testdata", "sample")
	entries, err := os.ReadDir(trees)
	if err != nil {
		t.Fatal(err)
	}
	dirs := map[string]string{}
	var specs []sources.RepoSpec
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(t.TempDir(), e.Name()+".git")
		if _, err := gitrepo.Create(dir, os.DirFS(filepath.Join(trees, e.Name())), gitrepo.Options{Bare: true}); err != nil {
			t.Fatal(err)
		}
		dirs[e.Name()] = dir
		specs = append(specs, sources.RepoSpec{Name: e.Name(), Source: "testdata/" + e.Name(), Path: dir})
	}
	return specs, dirs
}

// runWith surveys specs into out with the interpretation.
func runWith(t *testing.T, specs []sources.RepoSpec, out string, full bool) pipeline.Summary {
	t.Helper()
	ctx := context.Background()
	in, err := queries.NewInterpreter(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	sum, err := pipeline.Run(ctx, pipeline.Config{Repos: specs, Out: out, CacheDir: t.TempDir(), Extractors: allExtractors(),
		Interpreter: in, CatalogHash: in.CatalogHash(), Full: full, PartRows: 300})
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// tableRows returns a table's rows of one run as CSV, without the columns
// that differ between runs by nature.
func tableRows(t *testing.T, out, run string, table *schema.Table) string {
	t.Helper()
	db, err := queries.Open(context.Background(), queries.Options{DataDir: out, RunID: run})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	skip := map[string]bool{"run_id": true, "run_date": true, "duration_ms": true, "reused_from": true, "part": true}
	var cols []string
	for _, c := range table.Columns {
		if !skip[c.Name] {
			cols = append(cols, `"`+c.Name+`"`)
		}
	}
	return sqlCSV(t, db, "SELECT "+strings.Join(cols, ", ")+" FROM "+table.Name+" ORDER BY ALL")
}

// TestCarriedRowsAreTheRowsOfAFreshSurvey: a second run carries every
// unchanged repository forward instead of surveying it, and every table
// of that run holds exactly the rows a fresh survey (--full) gives; a
// repository changed in between is surveyed again; a run of unchanged
// repositories alone too.
func TestCarriedRowsAreTheRowsOfAFreshSurvey(t *testing.T) {
	specs, dirs := sampleSpecs(t)
	out := t.TempDir()
	first := runWith(t, specs, out, false)
	if first.ReposReused != 0 {
		t.Fatalf("first run reused %d", first.ReposReused)
	}
	// pylib gets a new commit.
	repo, err := git.PlainOpen(dirs["pylib"])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := gitrepo.Commit(repo, fstest.MapFS{"src/pylib/__init__.py": {Data: []byte("import flask\n__all__ = []\n")}}, gitrepo.Options{Bare: true, Message: "more"}, ""); err != nil {
		t.Fatal(err)
	}
	second := runWith(t, specs, out, false)
	if second.ReposReused != len(specs)-1 || second.ReposOK != len(specs) {
		t.Fatalf("second run: %d ok, %d reused; want %d ok, %d reused", second.ReposOK, second.ReposReused, len(specs), len(specs)-1)
	}
	// A night when nothing changed carries every repository (its results
	// are copied, none computed).
	third := runWith(t, specs, out, false)
	if third.ReposReused != len(specs) {
		t.Fatalf("third run: %d reused, want %d", third.ReposReused, len(specs))
	}
	fresh := runWith(t, specs, out, true)
	if fresh.ReposReused != 0 {
		t.Fatalf("--full reused %d", fresh.ReposReused)
	}
	for _, table := range append(schema.FactTables(), append([]*schema.Table{schema.ReposTable}, schema.ResultTables()...)...) {
		surveyed := tableRows(t, out, fresh.RunID, table)
		for _, run := range []string{second.RunID, third.RunID} {
			if carried := tableRows(t, out, run, table); carried != surveyed || strings.Count(carried, "\n") < 2 {
				t.Errorf("%s: the carried run %s differs from a fresh survey:\n%s", table.Name, run, diff(surveyed, carried))
			}
		}
	}
	db := open(t, out, "")
	if got := sqlCSV(t, db, "SELECT count(*) AS n FROM repos WHERE reused_from = ''"); got != "n\n5\n" {
		t.Errorf("latest (--full) run: %s", got)
	}
	// History holds one row per run and repository.
	db2, err := queries.Open(context.Background(), queries.Options{DataDir: out, AllRuns: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if got := sqlCSV(t, db2, "SELECT count(*) AS n, count(DISTINCT run_id) AS runs FROM repo_summary"); got != "n,runs\n20,4\n" {
		t.Errorf("repo_summary over every run: %s", got)
	}
	if got := sqlCSV(t, db2, "SELECT count(*) AS n FROM (SELECT run_id, repo, path, count(*) AS c FROM files GROUP BY ALL HAVING c > 1)"); got != "n\n0\n" {
		t.Errorf("duplicated files rows: %s", got)
	}
}
