package pipeline_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/pysurvey/pysurvey/extractors/list"
	"github.com/pysurvey/pysurvey/pipeline"
	"github.com/pysurvey/pysurvey/pipeline/gitrepo"
	"github.com/pysurvey/pysurvey/pipeline/sources"
)

// makeRepo builds a git repository in a temp dir from testdata/repos/NAME.
func makeRepo(t *testing.T, name string, opts gitrepo.Options) (string, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	if opts.Bare {
		dir += ".git"
	}
	h, err := gitrepo.Create(dir, os.DirFS(filepath.Join("..", "testdata", "repos", name)), opts)
	if err != nil {
		t.Fatal(err)
	}
	return dir, h.String()
}

// query runs SQL in a fresh DuckDB and returns the rows as strings.
func query(t *testing.T, q string, args ...any) [][]string {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = v.String
			if !v.Valid {
				row[i] = "NULL"
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func parquet(out, table string) string {
	return filepath.ToSlash(filepath.Join(out, table, "**", "*.parquet"))
}

func run(t *testing.T, repoList string, cfg pipeline.Config) (pipeline.Summary, error) {
	t.Helper()
	specs, err := sources.ParseRepoList(strings.NewReader(repoList), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cfg.Repos = specs
	if cfg.Out == "" {
		cfg.Out = t.TempDir()
	}
	if cfg.CacheDir == "" {
		cfg.CacheDir = t.TempDir()
	}
	if cfg.Extractors == nil {
		cfg.Extractors = list.All()
	}
	return pipeline.Run(context.Background(), cfg)
}

func TestRunSurveysLocalBareAndClonedRepos(t *testing.T) {
	work, commit := makeRepo(t, "webapp", gitrepo.Options{})
	bare, _ := makeRepo(t, "tinylib", gitrepo.Options{Bare: true})
	var lines []string
	lines = append(lines, "# a comment", "", work+"  web", bare)
	if _, err := exec.LookPath("git"); err == nil {
		lines = append(lines, "file://"+bare+" cloned", "file://"+work+"/.git@main pinned")
	}
	out := t.TempDir()
	sum, err := run(t, strings.Join(lines, "\n"), pipeline.Config{Out: out})
	if err != nil {
		t.Fatalf("run: %v (failures %v)", err, sum.Failures)
	}
	if sum.ReposFailed != 0 || sum.ReposOK != len(lines)-2 {
		t.Fatalf("summary %+v", sum)
	}
	got := query(t, "SELECT repo, status, commit, files, python_files FROM '"+parquet(out, "repos")+"' ORDER BY repo")
	want := map[string][]string{
		"web":     {"web", "ok", commit, "7", "5"},
		"tinylib": {"tinylib", "ok", "", "4", "2"},
		"cloned":  {"cloned", "ok", "", "4", "2"},
		"pinned":  {"pinned", "ok", commit, "7", "5"},
	}
	for _, row := range got {
		w := want[row[0]]
		if w == nil || row[1] != w[1] || (w[2] != "" && row[2] != w[2]) || row[3] != w[3] || row[4] != w[4] {
			t.Errorf("repos row %v, want %v", row, w)
		}
	}
	if len(got) != len(lines)-2 {
		t.Errorf("got %d repos rows, want %d", len(got), len(lines)-2)
	}
	kinds := query(t, "SELECT path, kind, size, is_test FROM '"+parquet(out, "files")+"' WHERE repo = 'web' ORDER BY path")
	wantKinds := "README.md other " + size(t, "webapp/README.md") + " false|app/__init__.py python 0 false|app/api/__init__.py python 0 false|" +
		"app/api/routes.py python " + size(t, "webapp/app/api/routes.py") + " false|app/main.py python " + size(t, "webapp/app/main.py") +
		" false|requirements.txt manifest " + size(t, "webapp/requirements.txt") + " false|tests/test_health.py python " + size(t, "webapp/tests/test_health.py") + " true"
	if s := joinRows(kinds); s != wantKinds {
		t.Errorf("files rows\n got %s\nwant %s", s, wantKinds)
	}
	runs := query(t, "SELECT status, repos_ok, repos_failed, tool_version FROM '"+parquet(out, "runs")+"'")
	if s := joinRows(runs); s != "complete "+itoa(len(lines)-2)+" 0 dev" {
		t.Errorf("runs = %s", s)
	}
}

// size is the size of a fixture file, as a string.
func size(t *testing.T, p string) string {
	fi, err := os.Stat(filepath.Join("..", "testdata", "repos", p))
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(fi.Size(), 10)
}

func joinRows(rows [][]string) string {
	var parts []string
	for _, r := range rows {
		parts = append(parts, strings.Join(r, " "))
	}
	return strings.Join(parts, "|")
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestFailingReposNeverStopTheRun(t *testing.T) {
	good, _ := makeRepo(t, "webapp", gitrepo.Options{})
	corrupt, _ := makeRepo(t, "tinylib", gitrepo.Options{Bare: true})
	// Corrupt the repository: remove every object.
	if err := os.RemoveAll(filepath.Join(corrupt, "objects")); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "nope")
	repoList := strings.Join([]string{
		good,
		corrupt + " corrupt",
		missing + " missing",
		"https://127.0.0.1:1/org/unreachable.git",
	}, "\n")
	out := t.TempDir()
	sum, err := run(t, repoList, pipeline.Config{Out: out})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	if sum.ReposOK != 1 || sum.ReposFailed != 3 {
		t.Fatalf("summary %+v", sum)
	}
	rows := query(t, "SELECT repo, status, error <> '' FROM '"+parquet(out, "repos")+"' ORDER BY repo")
	if s := joinRows(rows); s != "127.0.0.1/org/unreachable failed true|corrupt failed true|missing failed true|webapp ok false" {
		t.Errorf("repos = %s", s)
	}
	files := query(t, "SELECT count(*) FROM '"+parquet(out, "files")+"' WHERE repo = 'webapp'")
	if files[0][0] != "7" {
		t.Errorf("webapp has %s files rows, want 7", files[0][0])
	}
}

func TestEveryRepoFailingIsAnError(t *testing.T) {
	_, err := run(t, filepath.Join(t.TempDir(), "nope"), pipeline.Config{})
	if !errors.Is(err, pipeline.ErrAllFailed) {
		t.Fatalf("err = %v, want ErrAllFailed", err)
	}
}

// BenchmarkRun surveys the git directory PYSURVEY_BENCH_REPO with every
// extractor, for profiling a whole run (-cpuprofile).
func BenchmarkRun(b *testing.B) {
	dir := os.Getenv("PYSURVEY_BENCH_REPO")
	if dir == "" {
		b.Skip("set PYSURVEY_BENCH_REPO to a git directory")
	}
	for b.Loop() {
		specs, err := sources.ParseRepoList(strings.NewReader(dir+" bench\n"), b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		sum, err := pipeline.Run(b.Context(), pipeline.Config{Repos: specs, Out: b.TempDir(), CacheDir: b.TempDir(), Extractors: list.All()})
		if err != nil || sum.ReposOK != 1 {
			b.Fatalf("run: %v %+v", err, sum)
		}
	}
}
