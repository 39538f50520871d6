package queries

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pysurvey/pysurvey/extractors/list"
	"github.com/pysurvey/pysurvey/pipeline"
	"github.com/pysurvey/pysurvey/pipeline/gitrepo"
	"github.com/pysurvey/pysurvey/pipeline/sources"
	"github.com/pysurvey/pysurvey/schema"
)

// surveyTrees makes a repository of every directory under each of trees
// and surveys them with the interpreter, partRows fact rows to a part.
func surveyTrees(t testing.TB, partRows int, trees ...string) (string, pipeline.Summary) {
	t.Helper()
	repos := t.TempDir()
	var specs []sources.RepoSpec
	for _, dir := range trees {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if !e.IsDir() {
				continue
			}
			git := filepath.Join(repos, e.Name()+".git")
			if _, err := gitrepo.Create(git, os.DirFS(filepath.Join(dir, e.Name())), gitrepo.Options{Bare: true}); err != nil {
				t.Fatal(err)
			}
			specs = append(specs, sources.RepoSpec{Name: e.Name(), Source: git, Path: git})
		}
	}
	ctx := context.Background()
	in, err := NewInterpreter(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out := t.TempDir()
	sum, err := pipeline.Run(ctx, pipeline.Config{Repos: specs, Out: out, CacheDir: t.TempDir(), Extractors: list.All(),
		Interpreter: in, CatalogHash: in.CatalogHash(), PartRows: partRows, Workers: 2, Readers: 3,
		Now: func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	return out, sum
}

// BenchmarkInterpret interprets one part holding the bundled sample and
// the architecture fixtures: what a part costs beyond its data (planning
// the result statements, reading the part's files), the most of a small
// run's end.
// wholeRun opens an interpreter and returns it with the unit of all of a
// run's parts under out and the paths to write each result table at.
func wholeRun(t testing.TB, out, runID string) (*Interpreter, unit, map[string]string) {
	t.Helper()
	in, err := NewInterpreter(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { in.Close() })
	u := unit{runID: runID, files: map[string][]string{}}
	for _, tb := range interpretInputs() {
		u.files[tb.Name], _ = filepath.Glob(filepath.Join(out, tb.Name, "*", runID+"-p*.parquet"))
	}
	outputs := map[string]string{}
	scratch := t.TempDir()
	for _, tb := range schema.ResultTables() {
		outputs[tb.Name] = filepath.Join(scratch, tb.Name+".parquet")
	}
	return in, u, outputs
}

func BenchmarkInterpret(b *testing.B) {
	out, sum := surveyTrees(b, 1<<30, filepath.Join("..", "testdata", "sample"), filepath.Join("..", "testdata", "arch"))
	ctx := context.Background()
	in, u, outputs := wholeRun(b, out, sum.RunID)
	for name, files := range u.files {
		if len(files) != 1 {
			b.Fatalf("%s: %d parts, want 1", name, len(files))
		}
	}
	for b.Loop() {
		if err := in.interpret(ctx, u, outputs); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPartsGiveWhatTheWholeRunGives: the results computed part by part as
// the run writes them (one repository a part here) are exactly those of
// the same SQL over the whole run's facts at once.
func TestPartsGiveWhatTheWholeRunGives(t *testing.T) {
	out, sum := surveyTrees(t, 1, filepath.Join("..", "testdata", "sample"), filepath.Join("..", "testdata", "arch"))
	parts, _ := filepath.Glob(filepath.Join(out, "repos", "*", sum.RunID+"-p*.parquet"))
	if len(parts) != sum.ReposOK || len(parts) < 10 {
		t.Fatalf("%d parts for %d repositories", len(parts), sum.ReposOK)
	}
	ctx := context.Background()
	in, whole, outputs := wholeRun(t, out, sum.RunID)
	if err := in.interpret(ctx, whole, outputs); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, tb := range schema.ResultTables() {
		var cols []string
		for _, c := range tb.Columns {
			cols = append(cols, c.Name)
		}
		sel := strings.Join(cols, ", ")
		byPart := "SELECT " + sel + " FROM read_parquet('" + filepath.Join(out, tb.Name, "*", "*.parquet") + "')"
		atOnce := "SELECT " + sel + " FROM read_parquet('" + outputs[tb.Name] + "')"
		var n, diff int
		if err := db.QueryRow("SELECT count(*) FROM (" + atOnce + ")").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow("SELECT count(*) FROM ((" + byPart + " EXCEPT ALL " + atOnce + ") UNION ALL (" + atOnce + " EXCEPT ALL " + byPart + "))").Scan(&diff); err != nil {
			t.Fatal(err)
		}
		if n == 0 || diff != 0 {
			t.Errorf("%s: %d rows at once, %d differ from the rows part by part", tb.Name, n, diff)
		}
	}
}
