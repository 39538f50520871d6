package queries_test

import (
	"bytes"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/extractors/list"
	"github.com/pysurvey/pysurvey/extractors/python"
	"github.com/pysurvey/pysurvey/pipeline"
	"github.com/pysurvey/pysurvey/pipeline/gitrepo"
	"github.com/pysurvey/pysurvey/pipeline/sources"
	"github.com/pysurvey/pysurvey/queries"
)

var update = flag.Bool("update", false, "rewrite queries/testdata/golden/*.csv from the current answers")

// runDate is the fixed clock of the surveys made here, so that run dates
// (and the trends query) are reproducible.
var runDate = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// nonDeterministic lists shipped queries whose answers change from run to
// run (timings), which have no golden file.
var nonDeterministic = map[string]bool{"repos_overview": true}

// survey turns every directory of trees (a testdata directory of plain
// file trees) into a git repository, runs the real pipeline over them
// with the interpretation, as pysurvey run does, into a temporary
// directory and returns that directory.
func survey(t *testing.T, trees string) string {
	t.Helper()
	entries, err := os.ReadDir(trees)
	if err != nil {
		t.Fatal(err)
	}
	repos := t.TempDir()
	var specs []sources.RepoSpec
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(repos, e.Name()+".git")
		if _, err := gitrepo.Create(dir, os.DirFS(filepath.Join(trees, e.Name())), gitrepo.Options{Bare: true}); err != nil {
			t.Fatal(err)
		}
		specs = append(specs, sources.RepoSpec{Name: e.Name(), Source: "testdata/" + e.Name(), Path: dir})
	}
	out := t.TempDir()
	in, err := queries.NewInterpreter(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	_, err = pipeline.Run(context.Background(), pipeline.Config{
		Repos:       specs,
		Out:         out,
		CacheDir:    t.TempDir(),
		Extractors:  allExtractors(),
		Interpreter: in,
		CatalogHash: in.CatalogHash(),
		PartRows:    200, // a few parts
		Now:         func() time.Time { return runDate },
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// allExtractors returns the registered extractors, with the Python source
// extractor added when the registry does not list it yet: every query
// needs its facts.
func allExtractors() []extractors.Extractor {
	all := list.All()
	for _, e := range all {
		if e.Name() == "python" {
			return all
		}
	}
	return append(all, python.New())
}

// open opens the survey in dir, with an optional patterns file.
func open(t *testing.T, dir, patterns string) *queries.DB {
	t.Helper()
	db, err := queries.Open(context.Background(), queries.Options{DataDir: dir, PatternsFile: patterns})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// answer runs a shipped query and returns its answer as CSV.
func answer(t *testing.T, db *queries.DB, name string) string {
	t.Helper()
	res, err := db.Query(context.Background(), name, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := res.Write(&b, "csv"); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestGolden runs every shipped query over the sample repositories and
// compares the answer with queries/testdata/golden/NAME.csv. Run with
// -update to rewrite the golden files, then read the diff.
func TestGolden(t *testing.T) {
	db := open(t, survey(t, filepath.Join("..", "testdata", "sample")), "")
	qs, err := queries.List()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		if nonDeterministic[q.Name] {
			continue
		}
		t.Run(q.Name, func(t *testing.T) {
			got := answer(t, db, q.Name)
			golden := filepath.Join("testdata", "golden", q.Name+".csv")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./queries -run TestGolden -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("answer differs from %s (-update rewrites it):\n%s", golden, diff(string(want), got))
			}
		})
	}
}

// diff shows the lines of want and got that differ, in order.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d\n  want: %s\n  got:  %s\n", i+1, wl, gl)
		}
	}
	return b.String()
}

// TestArchitecture checks the classifier on the sample repositories and on
// the fixtures of testdata/arch: nested applications, a monorepo, both
// DDD namings, flat applications and scripts.
func TestArchitecture(t *testing.T) {
	want := map[string]string{
		// testdata/sample
		"django-shop":     "django_mtv",
		"fastapi-layered": "fastapi_layered",
		"ddd-orders":      "ddd",
		"flask-blog":      "flask_app",
		"pylib":           "library",
		// testdata/arch
		"nested-fastapi": "fastapi_layered",
		"monorepo":       "fastapi_layered",
		"ddd-seed":       "ddd",
		"django-nested":  "django_mtv",
		"flat-fastapi":   "other",
		"scripts":        "other",
	}
	got := map[string]string{}
	for _, trees := range []string{"sample", "arch"} {
		db := open(t, survey(t, filepath.Join("..", "testdata", trees)), "")
		res, err := db.SQL(context.Background(), "SELECT repo, architecture, evidence FROM repo_architecture ORDER BY repo", nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range res.Rows {
			repo, arch := row[0].(string), row[1].(string)
			got[repo] = arch
			t.Logf("%s: %s (%s)", repo, arch, row[2])
		}
	}
	for repo, arch := range want {
		if got[repo] != arch {
			t.Errorf("%s: architecture %q, want %q", repo, got[repo], arch)
		}
	}
	if len(got) != len(want) {
		t.Errorf("classified %d repositories, want %d: %v", len(got), len(want), got)
	}
}

// TestPatternsFile checks that --patterns rows add patterns and override
// shipped rows with the same key.
func TestPatternsFile(t *testing.T) {
	custom := filepath.Join(t.TempDir(), "patterns.csv")
	rows := "category,pattern,signal_kind,signal_value,description\n" +
		"# a comment line\n" +
		"framework,pydantic_app,import_root,pydantic,Counts pydantic as a framework\n" +
		"orm,sqlalchemy,import_root,sqlalchemy,overridden description\n"
	if err := os.WriteFile(custom, []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	db := open(t, survey(t, filepath.Join("..", "testdata", "sample")), custom)
	got := answer(t, db, "framework_share")
	if !strings.Contains(got, "\npydantic_app,2,0.4\n") {
		t.Errorf("framework_share lacks the added pattern:\n%s", got)
	}
	res, err := db.SQL(context.Background(), "SELECT description FROM patterns WHERE category = 'orm' AND pattern = 'sqlalchemy' AND signal_value = 'sqlalchemy'", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 1 || res.Rows[0][0] != "overridden description" {
		t.Errorf("override not applied: %v", res.Rows)
	}
}

// TestRecomputedResultsEqualTheRunsOwn: asked for another catalog, the
// queries recompute the results from the facts; with a catalog that adds
// only a pattern nothing matches, every result equals the run's own.
func TestRecomputedResultsEqualTheRunsOwn(t *testing.T) {
	out := survey(t, filepath.Join("..", "testdata", "sample"))
	custom := filepath.Join(t.TempDir(), "patterns.csv")
	rows := "category,pattern,signal_kind,signal_value,description\nnothing,never,import_root,zz_no_such_module,matches nothing\n"
	if err := os.WriteFile(custom, []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	own, recomputed := open(t, out, ""), open(t, out, custom)
	if own.CatalogHash() == recomputed.CatalogHash() {
		t.Fatal("the catalogs hash alike")
	}
	for _, q := range []string{"SELECT * FROM repo_summary ORDER BY repo", "SELECT * FROM repo_patterns ORDER BY ALL",
		"SELECT * FROM pattern_hits ORDER BY ALL", "SELECT * FROM repo_imports ORDER BY ALL"} {
		a, b := sqlCSV(t, own, q), sqlCSV(t, recomputed, q)
		if a != b || strings.Count(a, "\n") < 6 {
			t.Errorf("%s: recomputed differs:\n%s", q, diff(a, b))
		}
	}
}

// sqlCSV runs a statement and returns its answer as CSV.
func sqlCSV(t *testing.T, db *queries.DB, stmt string) string {
	t.Helper()
	res, err := db.SQL(context.Background(), stmt, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := res.Write(&b, "csv"); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestScriptMakesTheViewsInAnyDuckDB runs the script of pysurvey views in a
// plain DuckDB and compares the shipped queries' answers.
func TestScriptMakesTheViewsInAnyDuckDB(t *testing.T) {
	out := survey(t, filepath.Join("..", "testdata", "sample"))
	ctx := context.Background()
	db, err := queries.Open(ctx, queries.Options{DataDir: out, AsWritten: true, Script: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var script bytes.Buffer
	if err := db.Script(ctx, &script); err != nil {
		t.Fatal(err)
	}
	plain, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	conn, err := plain.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, script.String()); err != nil {
		t.Fatalf("running the script: %v", err)
	}
	for _, name := range []string{"framework_share", "architecture_share", "top_imports", "signal_usage", "repo_summary"} {
		q, err := queries.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		res, err := db.Query(ctx, name, nil)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := conn.QueryContext(ctx, q.SQL)
		if err != nil {
			t.Fatalf("%s in the plain DuckDB: %v", name, err)
		}
		n := 0
		for rows.Next() {
			n++
		}
		rows.Close()
		if n != len(res.Rows) || n == 0 {
			t.Errorf("%s: %d rows in the plain DuckDB, %d through pysurvey", name, n, len(res.Rows))
		}
	}
}
