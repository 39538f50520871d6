package queries_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/extractors/list"
	"github.com/pysurvey/pysurvey/pipeline"
	"github.com/pysurvey/pysurvey/pipeline/gitrepo"
	"github.com/pysurvey/pysurvey/pipeline/sources"
	"github.com/pysurvey/pysurvey/queries"
)

// surveyTwice writes two complete runs of a small repository into a temp dir.
func surveyTwice(t *testing.T) (string, []string) {
	t.Helper()
	repo := filepath.Join(t.TempDir(), "app.git")
	files := fstest.MapFS{"app/main.py": {Data: []byte("import flask\n")}, "requirements.txt": {Data: []byte("flask\n")}}
	if _, err := gitrepo.Create(repo, files, gitrepo.Options{Bare: true}); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	var ids []string
	for range 2 {
		sum, err := pipeline.Run(context.Background(), pipeline.Config{
			Repos: []sources.RepoSpec{{Name: "app", Source: repo, Path: repo}}, Out: out, CacheDir: t.TempDir(), Extractors: list.All(), Full: true})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, sum.RunID)
	}
	return out, ids
}

func scalar(t *testing.T, db *queries.DB, stmt string, params map[string]string) string {
	t.Helper()
	res, err := db.SQL(context.Background(), stmt, params)
	if err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
	if len(res.Rows) != 1 || len(res.Rows[0]) != 1 {
		t.Fatalf("%s: %d rows", stmt, len(res.Rows))
	}
	var b strings.Builder
	res.Write(&b, "csv")
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	return lines[len(lines)-1]
}

func TestViewsSelectRuns(t *testing.T) {
	out, ids := surveyTwice(t)
	ctx := context.Background()
	for _, tt := range []struct {
		opts queries.Options
		want string
	}{
		{queries.Options{DataDir: out}, ids[1]},
		{queries.Options{DataDir: out, RunID: ids[0]}, ids[0]},
		{queries.Options{DataDir: out, AllRuns: true}, strings.Join(slices.Sorted(slices.Values(ids)), "|")},
	} {
		db, err := queries.Open(ctx, tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		if got := scalar(t, db, "SELECT string_agg(DISTINCT run_id, '|' ORDER BY run_id) FROM files", nil); got != tt.want {
			t.Errorf("%+v: runs %s, want %s", tt.opts, got, tt.want)
		}
		if got := scalar(t, db, "SELECT count(DISTINCT run_id) FROM all_repos", nil); got != "2" {
			t.Errorf("all_repos covers %s runs", got)
		}
		db.Close()
	}
	if _, err := queries.Open(ctx, queries.Options{DataDir: out, RunID: "nope"}); !errors.Is(err, queries.ErrNoRuns) {
		t.Errorf("unknown run id: %v", err)
	}
}

// Helper views are made when a statement first needs them, whatever the
// case it names them in, and only then.
func TestHelperViewsAreMadeWhenNeeded(t *testing.T) {
	out, _ := surveyTwice(t)
	db, err := queries.Open(context.Background(), queries.Options{DataDir: out})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Spelled so that the statement itself names neither view.
	const made = "SELECT count(*) FROM duckdb_views() WHERE view_name IN ('code' || '_files', 'repo' || '_architecture')"
	if got := scalar(t, db, made, nil); got != "0" {
		t.Errorf("after Open, %s of the helper views exist", got)
	}
	if got := scalar(t, db, "SELECT count(*) FROM CODE_FILES", nil); got != "1" {
		t.Errorf("code_files has %s rows, want 1 (app/main.py)", got)
	}
	if got := scalar(t, db, made, nil); got != "1" {
		t.Errorf("after naming code_files, %s of code_files and repo_architecture exist", got)
	}
}

func TestPatternsFileAddsAndOverrides(t *testing.T) {
	out, _ := surveyTwice(t)
	ctx := context.Background()
	base, err := queries.Open(ctx, queries.Options{DataDir: out})
	if err != nil {
		t.Fatal(err)
	}
	shipped := scalar(t, base, "SELECT count(*) FROM patterns", nil)
	res, err := base.SQL(ctx, "SELECT category, pattern, signal_kind, signal_value FROM patterns ORDER BY ALL LIMIT 1", nil)
	if err != nil || len(res.Rows) != 1 {
		t.Fatalf("no shipped pattern rows: %v", err)
	}
	base.Close()
	first := make([]string, 4)
	for i, v := range res.Rows[0] {
		first[i] = v.(string)
	}
	csv := "category,pattern,signal_kind,signal_value,description\n" +
		"# overrides the first shipped row, adds one\n" +
		strings.Join(first, ",") + ",overridden\n" +
		"framework,bottle,import_root,bottle,Bottle micro framework\n"
	file := filepath.Join(t.TempDir(), "extra.csv")
	os.WriteFile(file, []byte(csv), 0o644)
	db, err := queries.Open(ctx, queries.Options{DataDir: out, PatternsFile: file})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := scalar(t, db, "SELECT count(*) FROM patterns", nil); got != itoa(atoi(shipped)+1) {
		t.Errorf("patterns rows %s, want shipped %s + 1", got, shipped)
	}
	params := map[string]string{"c": first[0], "p": first[1], "k": first[2], "v": first[3]}
	if got := scalar(t, db, "SELECT string_agg(description) FROM patterns WHERE category = $c AND pattern = $p AND signal_kind = $k AND signal_value = $v", params); got != "overridden" {
		t.Errorf("override gave %q", got)
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("kind,value\nx,y\n"), 0o644)
	if _, err := queries.Open(ctx, queries.Options{DataDir: out, PatternsFile: bad}); err == nil || !strings.Contains(err.Error(), "header") {
		t.Errorf("bad header: %v", err)
	}
}

// A run one of whose files is missing or damaged is skipped, with a
// warning naming the file: queries read the latest run that is whole.
func TestARunWithAnUnreadableFileIsSkipped(t *testing.T) {
	out, ids := surveyTwice(t)
	damaged, _ := filepath.Glob(filepath.Join(out, "symbols", "*", ids[1]+"-p0000.parquet"))
	if len(damaged) != 1 {
		t.Fatalf("symbols files of run %s: %v", ids[1], damaged)
	}
	for _, damage := range []func(string) error{
		func(p string) error { return os.Truncate(p, 100) },
		os.Remove,
	} {
		if err := damage(damaged[0]); err != nil {
			t.Fatal(err)
		}
		var logs strings.Builder
		db, err := queries.Open(context.Background(), queries.Options{DataDir: out, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
		if err != nil {
			t.Fatal(err)
		}
		if got := scalar(t, db, "SELECT string_agg(DISTINCT run_id, '|') FROM files", nil); got != ids[0] {
			t.Errorf("files read from run %s, want the whole run %s", got, ids[0])
		}
		if got := scalar(t, db, "SELECT count(*) FROM repo_summary", nil); got != "1" {
			t.Errorf("repo_summary has %s rows", got)
		}
		db.Close()
		if !strings.Contains(logs.String(), damaged[0]) || !strings.Contains(logs.String(), ids[1]) {
			t.Errorf("no warning naming %s and its run:\n%s", damaged[0], logs.String())
		}
	}
}

func TestQueryFilesParse(t *testing.T) {
	qs, err := queries.List()
	if err != nil || len(qs) == 0 {
		t.Fatalf("List: %v %d", err, len(qs))
	}
	for _, q := range qs {
		if q.Description == "" || strings.HasSuffix(q.SQL, ";") {
			t.Errorf("%s: description %q, SQL ends %q", q.Name, q.Description, q.SQL[len(q.SQL)-1:])
		}
	}
	for _, bad := range []string{"", "../db", "x.sql", "nope"} {
		if _, err := queries.Get(bad); err == nil {
			t.Errorf("Get(%q) found a query", bad)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// The path macros agree with Go: path_dir and path_base with path.Split,
// path_uncounted with extractors.IsUncounted, both looking at directory
// components only.
func TestPathMacros(t *testing.T) {
	out, _ := surveyTwice(t)
	db, err := queries.Open(context.Background(), queries.Options{DataDir: out})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, p := range []string{
		"setup.py", "tests.py", "tests/test_a.py", "src/tests/a.py", "a/b/c.py", ".github/x.py", "a/.venv/b.py",
		"venv/lib/x.py", "a/venvs/x.py", "docs_src/app.py", "doc-examples/x.py", "docsrc/x.py", "a/examples-py/b/c.py",
		"vendor", "a/vendor", "a/vendor/b.py", "node_modules/x/y.py", "site-packages/a.py", "a/testing/b/c.py",
		"fixtures/a.py", "test-data/packages/p/pyproject.toml", "a/test_data/b.py", "test-datasets/x.py",
		"demo/main.py", "a/demos/b.py", "demolition/x.py", "demo_project/main.py", "a/demo-app/b.py", "demos_x/c.py", "demo_.py", "src/kit/demo_projects/a.py",
		"{{cookiecutter.project_slug}}/manage.py", "{{a}}/{{b}}/c.py", "{{a}}/x/{{b}}/c.py", "t/{{ project_name }}/a/b.py",
		"t/{{a}}/{{b}}/c.py", "a{b}/c.py", "{{x}}.py", "a/{{x}}.py",
		"example_project/pyproject.toml", "docs_/x.py", "examples-/a.py", "exampled/x.py",
		"features/test_plugin/setup.py", "a/api_tests/b.py", "test_x.py", "a/contest/b.py", "a/tests_x/b.py", "tests-e2e/a.py", "testsuite/a.py", "x_tests.py",
		"app/sample/x.py", "app/samples.py", "telethon_examples/x.py", "pkg/api-docs/x.py", "my_samples/a.py", "_examples/x.py",
		"counterexamples/x.py", "a/b-demos/c.py", "x-/a.py", "styleguide_example/x.py", "a/b_sample/c.py", "x/.hidden", "x.y/z.py", "é/ü/名前.py", "/lead.py", "a/",
	} {
		wantUncounted := extractors.IsUncounted(p)
		wantVendored := false
		if dir := path.Dir(p); dir != "." {
			for _, d := range strings.Split(dir, "/") {
				wantVendored = wantVendored || strings.HasPrefix(d, ".") || slices.Contains([]string{"vendor", "node_modules", "site-packages", "venv"}, d)
			}
		}
		want := fmt.Sprintf("%t %t", wantUncounted, wantVendored)
		if got := scalar(t, db, "SELECT path_uncounted($p) || ' ' || path_vendored($p)", map[string]string{"p": p}); got != want {
			t.Errorf("%s: path_uncounted, path_vendored = %s, want %s", p, got, want)
		}
		dir, base := path.Split(p)
		want = strings.TrimSuffix(dir, "/") + "|" + base
		if got := scalar(t, db, "SELECT path_dir($p) || '|' || path_base($p)", map[string]string{"p": p}); got != want {
			t.Errorf("%s: path_dir, path_base = %q, want %q", p, got, want)
		}
	}
}

// Cached helper views follow the selected runs: a query over every run
// (trends) does not leave them reading every run.
func TestCachedViewsFollowTheSelectedRuns(t *testing.T) {
	out, ids := surveyTwice(t)
	ctx := context.Background()
	db, err := queries.Open(ctx, queries.Options{DataDir: out})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const hits = "SELECT string_agg(DISTINCT run_id, '|') FROM pattern_hits WHERE pattern = 'flask'"
	if got := scalar(t, db, hits, nil); got != ids[1] {
		t.Errorf("pattern_hits reads run %s, want %s", got, ids[1])
	}
	res, err := db.Query(ctx, "trends", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 1 || fmt.Sprint(res.Rows[0][1:3]) != "[flask 1]" {
		t.Errorf("trends = %v, want one day with flask in 1 repository", res.Rows)
	}
	if got := scalar(t, db, hits, nil); got != ids[1] {
		t.Errorf("after trends, pattern_hits reads run %s, want %s", got, ids[1])
	}
}
