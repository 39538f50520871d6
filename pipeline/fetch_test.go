package pipeline_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	git "github.com/go-git/go-git/v5"

	"github.com/pysurvey/pysurvey/pipeline"
	"github.com/pysurvey/pysurvey/pipeline/gitrepo"
)

// TestSecondRunFetchesIntoTheCachedClone clones a file:// remote, adds a
// commit upstream, and checks the next run sees it through the same clone.
func TestSecondRunFetchesIntoTheCachedClone(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("file:// transport needs git")
	}
	upstream := filepath.Join(t.TempDir(), "up.git")
	first, err := gitrepo.Create(upstream, fstest.MapFS{"a.py": {Data: []byte("a = 1\n")}}, gitrepo.Options{Bare: true})
	if err != nil {
		t.Fatal(err)
	}
	repo, err := git.PlainOpen(upstream)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := repo.CreateTag("v1", first, nil); err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	list := "file://" + upstream + " head\nfile://" + upstream + "@v1 tagged\nfile://" + upstream + "@" + first.String() + " pinned"
	commits := func() map[string]string {
		out := t.TempDir()
		sum, err := run(t, list, pipeline.Config{Out: out, CacheDir: cache})
		if err != nil || sum.ReposOK != 3 {
			t.Fatalf("run: %v %+v", err, sum)
		}
		got := map[string]string{}
		for _, row := range query(t, "SELECT repo, commit FROM '"+parquet(out, "repos")+"'") {
			got[row[0]] = row[1]
		}
		return got
	}
	got := commits()
	if got["head"] != first.String() || got["tagged"] != first.String() || got["pinned"] != first.String() {
		t.Fatalf("first run commits %v, want %s", got, first)
	}
	// Mark the clones: a fresh clone would lose the marks.
	var marks []string
	filepath.WalkDir(cache, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() && strings.HasSuffix(p, ".git") {
			mark := filepath.Join(p, "pysurvey-test-mark")
			os.WriteFile(mark, nil, 0o644)
			marks = append(marks, mark)
			return filepath.SkipDir
		}
		return nil
	})
	if len(marks) != 3 {
		t.Fatalf("want 3 clones in the cache, found %v", marks)
	}
	second, err := gitrepo.Commit(repo, fstest.MapFS{"a.py": {Data: []byte("a = 2\n")}, "b.py": {Data: []byte("b = 1\n")}},
		gitrepo.Options{Bare: true, Message: "second"}, "")
	if err != nil {
		t.Fatal(err)
	}
	got = commits()
	if got["head"] != second.String() || got["pinned"] != first.String() {
		t.Errorf("second run commits %v; want head at %s, pinned at %s", got, second, first)
	}
	for _, m := range marks {
		if _, err := os.Stat(m); err != nil {
			t.Errorf("clone was made again instead of fetched into: %v", err)
		}
	}
	if _, err := os.Stat(filepath.Join(upstream, "shallow")); err == nil {
		t.Error("upstream became shallow")
	}
}

// TestRunsSharingACacheTakeTurns starts two runs at once on one cache, as
// two processes would (each run has its own fetcher; only the lock file
// beside the clone keeps them apart): both survey the repository, through
// one clone.
func TestRunsSharingACacheTakeTurns(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("file:// transport needs git")
	}
	upstream := filepath.Join(t.TempDir(), "up.git")
	files := fstest.MapFS{}
	for i := range 200 {
		files[fmt.Sprintf("pkg/m%03d.py", i)] = &fstest.MapFile{Data: []byte("import os\n")}
	}
	if _, err := gitrepo.Create(upstream, files, gitrepo.Options{Bare: true}); err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	var wg sync.WaitGroup
	sums := make([]pipeline.Summary, 4)
	errs := make([]error, 4)
	for i := range sums {
		wg.Go(func() {
			sums[i], errs[i] = run(t, "file://"+upstream+" up", pipeline.Config{Out: t.TempDir(), CacheDir: cache})
		})
	}
	wg.Wait()
	for i := range sums {
		if errs[i] != nil || sums[i].ReposOK != 1 || sums[i].Files != 200 {
			t.Errorf("run %d: %v %+v", i, errs[i], sums[i])
		}
	}
	var clones, locks []string
	filepath.WalkDir(cache, func(p string, d os.DirEntry, err error) error {
		switch {
		case err != nil:
		case d.IsDir() && strings.HasSuffix(p, ".git"):
			clones = append(clones, p)
			return filepath.SkipDir
		case strings.HasSuffix(p, ".git.lock"):
			locks = append(locks, p)
		}
		return nil
	})
	if len(clones) != 1 || len(locks) != 1 {
		t.Errorf("cache holds clones %v and locks %v, want one of each", clones, locks)
	}
}
