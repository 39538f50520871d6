package queries

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/go-git/go-git/v5"
	"github.com/pysurvey/pysurvey/extractors/list"
	"github.com/pysurvey/pysurvey/pipeline"
	"github.com/pysurvey/pysurvey/pipeline/gitrepo"
	"github.com/pysurvey/pysurvey/pipeline/sources"
	"github.com/pysurvey/pysurvey/schema"
)

// The current tables copied from the latest run's own files are the
// tables the query DB gives for that run (a history of two runs, the
// second carrying a repository forward, in several parts); when a file
// that run's views read is broken, the query DB decides.
func TestCurrentFromTheRunsFilesIsTheQueryDBs(t *testing.T) {
	ctx := context.Background()
	log := slog.New(slog.DiscardHandler)
	api := fstest.MapFS{
		"app/main.py":      {Data: []byte("from fastapi import FastAPI\n\napp = FastAPI()\n")},
		"app/models.py":    {Data: []byte("import sqlalchemy\n")},
		"requirements.txt": {Data: []byte("fastapi\nsqlalchemy\n")},
	}
	web := fstest.MapFS{
		"site/app.py":    {Data: []byte("from flask import Flask\n\napp = Flask(__name__)\n")},
		"pyproject.toml": {Data: []byte("[project]\nname = \"site\"\ndependencies = [\"flask\"]\n")},
	}
	specs := []sources.RepoSpec{}
	for name, files := range map[string]fstest.MapFS{"api": api, "web": web} {
		dir := filepath.Join(t.TempDir(), name+".git")
		if _, err := gitrepo.Create(dir, files, gitrepo.Options{Bare: true}); err != nil {
			t.Fatal(err)
		}
		specs = append(specs, sources.RepoSpec{Name: name, Source: dir, Path: dir})
	}
	out := t.TempDir()
	in, err := NewInterpreter(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	var first, last pipeline.Summary
	for i := range 2 {
		if i == 1 { // the second night, api changed and web did not
			api["app/tasks.py"] = &fstest.MapFile{Data: []byte("import celery\n")}
			repo, err := git.PlainOpen(specs[0].Path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := gitrepo.Commit(repo, api, gitrepo.Options{Bare: true, Message: "tasks"}, ""); err != nil {
				t.Fatal(err)
			}
		}
		if last, err = pipeline.Run(ctx, pipeline.Config{Repos: specs, Out: out, CacheDir: t.TempDir(), Extractors: list.All(),
			Interpreter: in, CatalogHash: in.CatalogHash(), PartRows: 1}); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = last
		}
	}
	if last.ReposReused != 1 {
		t.Fatalf("second run carried %d repositories forward, want 1", last.ReposReused)
	}
	if _, ok := latestResultFiles(out); !ok {
		t.Fatal("the latest run's own files were not taken")
	}
	// compare writes the current tables, and the current tables as the
	// query DB reads them into another directory, and compares them.
	compare := func(t *testing.T, wantRun string) {
		t.Helper()
		if err := WriteCurrent(ctx, out, false, log); err != nil {
			t.Fatal(err)
		}
		db, err := Open(ctx, Options{DataDir: out, AsWritten: true, Logger: log})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		ref := t.TempDir()
		if err := writeCurrentTables(ctx, db.e, ref, func(tb *schema.Table) (string, error) {
			return tb.Name, db.prepare(ctx, "SELECT * FROM "+tb.Name)
		}); err != nil {
			t.Fatal(err)
		}
		for _, tb := range currentTables {
			got := fileRows(t, db, filepath.Join(out, CurrentDir, tb.Name+".parquet"))
			want := fileRows(t, db, filepath.Join(ref, CurrentDir, tb.Name+".parquet"))
			if got != want {
				t.Errorf("current %s:\n%s\nthe query DB's:\n%s", tb.Name, got, want)
			}
			if wantRun != "" && !strings.Contains(want, wantRun) {
				t.Errorf("current %s is not run %s's:\n%s", tb.Name, wantRun, want)
			}
		}
	}
	compare(t, last.RunID)
	db, err := Open(ctx, Options{DataDir: out, AsWritten: true, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	if got := fileRows(t, db, filepath.Join(out, CurrentDir, "repo_summary.parquet")); !strings.Contains(got, "celery") {
		t.Errorf("current repo_summary lacks the changed repository's task queue:\n%s", got)
	}
	db.Close()

	// A fact file of the part the changed repository's rows lie in is
	// broken: the last run cannot be read, and the query DB takes the
	// first.
	repos, err := schema.ReadFile[schema.Repo](schema.ReposTable, schema.RunFiles(out, schema.ReposTable, last.RunID)[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range repos {
		if r.ReusedFrom == "" {
			f := filepath.Join(out, schema.SymbolsTable.Name, filepath.FromSlash(r.Part)+".parquet")
			if err := os.WriteFile(f, []byte("PAR1 broken"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, ok := latestResultFiles(out); ok {
		t.Fatal("a run with a broken fact file was taken as it is")
	}
	compare(t, first.RunID)
}

// fileRows returns a Parquet file's rows as text, sorted.
func fileRows(t *testing.T, db *DB, file string) string {
	t.Helper()
	res, err := db.SQL(context.Background(), "SELECT * FROM read_parquet("+quote(file)+") ORDER BY ALL", nil)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, row := range res.Rows {
		fmt.Fprintln(&b, row...)
	}
	return b.String()
}
