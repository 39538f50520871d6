package pipeline_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/pysurvey/pysurvey/pipeline"
	"github.com/pysurvey/pysurvey/pipeline/factcache"
	"github.com/pysurvey/pysurvey/pipeline/gitrepo"
)

// With the fact cache, a night after one file changed parses that file
// alone, and its facts are those of a run that parses every file.
func TestTheFactCacheParsesOnlyChangedFiles(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs git")
	}
	work, _ := makeRepo(t, "webapp", gitrepo.Options{})
	cache, err := factcache.Open(filepath.Join(t.TempDir(), "facts"), 64<<20)
	if err != nil {
		t.Fatal(err)
	}
	defer cache.Close()
	list := work + " web\n"
	out := t.TempDir()
	if sum, err := run(t, list, pipeline.Config{Out: out, FactCache: cache}); err != nil || sum.ReposOK != 1 {
		t.Fatalf("first night: %v %+v", err, sum)
	}
	hits, misses := cache.Stats()
	if misses < 4 || hits+misses != 5 { // five Python files, two of them empty (one blob)
		t.Fatalf("first night: %d hits, %d misses; want every distinct Python blob missed", hits, misses)
	}

	os.WriteFile(filepath.Join(work, "app", "main.py"), []byte("from fastapi import FastAPI\n\napp = FastAPI(title='changed')\n"), 0o644)
	for _, args := range [][]string{{"add", "."}, {"-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "change"}} {
		if out, err := exec.Command("git", append([]string{"-C", work}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v %s", args, err, out)
		}
	}
	second, err := run(t, list, pipeline.Config{Out: out, FactCache: cache})
	if err != nil || second.ReposOK != 1 || second.ReposReused != 0 {
		t.Fatalf("second night: %v %+v", err, second)
	}
	h2, m2 := cache.Stats()
	if m2-misses != 1 || h2-hits != 4 {
		t.Errorf("second night: %d hits, %d misses; want 4 and the changed file", h2-hits, m2-misses)
	}

	// The same commit parsed file by file, without the cache.
	fresh, err := run(t, list, pipeline.Config{Out: out, Full: true})
	if err != nil || fresh.ReposOK != 1 {
		t.Fatalf("run without the cache: %v %+v", err, fresh)
	}
	for _, table := range []string{"files", "symbols", "imports", "dependencies"} {
		q := "SELECT * EXCLUDE (run_id) FROM '" + parquet(out, table) + "' WHERE run_id = ? ORDER BY ALL"
		got, want := joinRows(query(t, q, second.RunID)), joinRows(query(t, q, fresh.RunID))
		if got != want || want == "" {
			t.Errorf("%s from the cache:\n%s\nparsed:\n%s", table, got, want)
		}
	}
}
