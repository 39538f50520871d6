package pipeline_test

import (
	"database/sql"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pysurvey/pysurvey/pipeline"
	"github.com/pysurvey/pysurvey/schema"
)

// latin1Repo commits, with plain git add as an old Latin-1 system did, a
// tree whose names are not UTF-8 (caf\xe9.py, d\xe9p/), beside an ASCII
// name that reads like the escaped form of one, and manifests whose text
// holds NUL escapes; the commit's time is past year 9999 (git takes it).
func latin1Repo(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "latin1")
	files := map[string]string{
		"caf\xe9.py":                 "import flask\napp = flask.Flask(__name__)\n",
		`caf\xe9.py`:                 "import django\n",
		"d\xe9p/requirements.txt":    "requests==2.31\n",
		"d\xe9p/pyproject.toml":      "[project]\nname = \"a\\u0000b\"\ndependencies = [\"httpx\"]\n",
		"d\xe9p/caf\xe9/__init__.py": "from . import x\n",
		"environment.yml":            "name: env\ndependencies:\n  - \"py\\0thon\"\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	runGit(t, dir, "init", "-q", "-b", "main")
	runGit(t, dir, "add", "-A")
	t.Setenv("GIT_COMMITTER_DATE", "@99999999999999 +0000")
	runGit(t, dir, "-c", "user.name=old", "-c", "user.email=old@example.invalid", "commit", "-q", "-m", "latin-1")
	return dir
}

// TestNamesThatAreNotUTF8 surveys a real repository holding Latin-1 names:
// the run completes, every Parquet file reads whole through DuckDB, the
// names are stored escaped (distinct from the ASCII look-alike) with their
// bytes in path_raw, facts and project roots carry the same escaped form,
// text with NUL is cleaned and the far commit time is null. A missing
// checkout with a Latin-1 name fails alone, its error quoting the path
// cleaned.
func TestNamesThatAreNotUTF8(t *testing.T) {
	repo := latin1Repo(t)
	gone := filepath.Join(t.TempDir(), "caf\xe9") // its error quotes the path
	out := t.TempDir()
	sum, err := run(t, repo+" latin1\n"+gone+"\n", pipeline.Config{Out: out})
	if err != nil || sum.ReposOK != 1 || sum.ReposFailed != 1 || sum.Status != "complete" {
		t.Fatalf("run: %v %+v", err, sum)
	}
	// Every value of every file decodes (count(*) alone would not read the strings).
	db, _ := sql.Open("duckdb", "")
	defer db.Close()
	paths, _ := filepath.Glob(filepath.Join(out, "*", "*", "*.parquet"))
	for _, p := range paths {
		rows, err := db.Query("SELECT * FROM read_parquet(?)", p)
		if err == nil {
			for rows.Next() {
			}
			err = rows.Err()
			rows.Close()
		}
		if err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}

	files := query(t, "SELECT path, coalesce(hex(path_raw), 'null'), kind FROM '"+parquet(out, "files")+"' ORDER BY path")
	want := `caf\\xe9.py 6361665C7865392E7079 python|caf\xe9.py 636166E92E7079 python|d\xe9p/caf\xe9/__init__.py ` +
		hexOf("d\xe9p/caf\xe9/__init__.py") + ` python|d\xe9p/pyproject.toml ` + hexOf("d\xe9p/pyproject.toml") +
		` manifest|d\xe9p/requirements.txt ` + hexOf("d\xe9p/requirements.txt") + ` manifest|environment.yml null manifest`
	if got := joinRows(files); got != want {
		t.Errorf("files\n got %s\nwant %s", got, want)
	}
	for _, row := range files {
		raw, err := schema.UnescapePath(row[0])
		if err != nil || row[1] != "null" && hexOf(raw) != row[1] {
			t.Errorf("%s does not unescape to its path_raw %s: %q, %v", row[0], row[1], raw, err)
		}
	}
	// Facts name the file as files does; the import in the Latin-1 file is found.
	if got := joinRows(query(t, "SELECT path, module FROM '"+parquet(out, "imports")+"' WHERE level = 0 ORDER BY path")); got != `caf\\xe9.py django|caf\xe9.py flask` {
		t.Errorf("imports: %s", got)
	}
	if got := joinRows(query(t, "SELECT i.path FROM '"+parquet(out, "imports")+"' i ANTI JOIN '"+parquet(out, "files")+"' f USING (path)")); got != "" {
		t.Errorf("imports of paths files does not hold: %s", got)
	}
	// A project root is the directory part of its manifests' paths; text with NUL is escaped.
	projects := query(t, "SELECT root, manifests, managers, name FROM '"+parquet(out, "projects")+"' ORDER BY root")
	if got := joinRows(projects); got != ` environment.yml conda |d\xe9p pyproject.toml,requirements.txt pip a\x00b` {
		t.Errorf("projects: %s", got)
	}
	if got := joinRows(query(t, "SELECT d.path, d.name, d.specifier FROM '"+parquet(out, "dependencies")+"' d ORDER BY ALL")); got != `d\xe9p/pyproject.toml httpx |d\xe9p/requirements.txt requests ==2.31|environment.yml py \x00thon` {
		t.Errorf("dependencies: %s", got)
	}
	repos := query(t, "SELECT repo, source, status, commit_time IS NULL, error FROM '"+parquet(out, "repos")+"' ORDER BY repo")
	if len(repos) != 2 || joinRows(repos[1:]) != "latin1 "+repo+" ok true " ||
		repos[0][0] != `caf\xe9` || repos[0][1] != schema.EscapePath(gone) || repos[0][2] != "failed" || !strings.Contains(repos[0][4], `caf\xe9`) {
		t.Errorf("repos: %q", repos)
	}
}

func hexOf(s string) string { return strings.ToUpper(hex.EncodeToString([]byte(s))) }

// runGit runs git in dir, skipping the test when git is not installed.
func runGit(t *testing.T, dir string, args ...string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs git")
	}
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}
