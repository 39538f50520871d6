package fetch

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pysurvey/pysurvey/pipeline/gitrepo"
	"github.com/pysurvey/pysurvey/pipeline/sources"
)

// Sources that the old cache key (':' made '/') sent to one clone get
// clones of their own; the same source always gets the same one.
func TestCacheKeysNeverCollide(t *testing.T) {
	for _, pair := range [][2]string{
		{"file:///a/x:y", "file:///a/x/y"},
		{"https://h:8443/r", "https://h/8443/r"},
		{"https://h/r.git@a_b", "https://h/r.git_a@b"},
		{"ssh://git@h/r.git", "ssh://other@h/r.git"},
		{"https://h/r.git@v1", "https://h/r.git"},
	} {
		a, err := sources.ParseSource(pair[0], "/")
		if err != nil {
			t.Fatal(err)
		}
		b, err := sources.ParseSource(pair[1], "/")
		if err != nil {
			t.Fatal(err)
		}
		if cacheKey(a) == cacheKey(b) {
			t.Errorf("%s and %s share the clone %s", pair[0], pair[1], cacheKey(a))
		}
		if again, _ := sources.ParseSource(pair[0], "/"); cacheKey(again) != cacheKey(a) {
			t.Errorf("%s: key not stable", pair[0])
		}
	}
}

// Two repositories whose old cache keys collided are each surveyed at
// their own commit; a clone recording another origin is not used.
func TestEachRepositoryGetsItsOwnClone(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("file:// needs git")
	}
	root := t.TempDir()
	colon, err := gitrepo.Create(filepath.Join(root, "x:y"), fstest.MapFS{"colon.py": {Data: []byte("a = 1\n")}}, gitrepo.Options{Bare: true})
	if err != nil {
		t.Fatal(err)
	}
	slash, err := gitrepo.Create(filepath.Join(root, "x", "y"), fstest.MapFS{"slash.py": {Data: []byte("b = 2\n")}}, gitrepo.Options{Bare: true})
	if err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	a, err := prepare(t, "file://"+root+"/x:y", Options{CacheDir: cache}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	b, err := prepare(t, "file://"+root+"/x/y", Options{CacheDir: cache}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if a.Commit.Hash != colon || b.Commit.Hash != slash || a.GitDir == b.GitDir {
		t.Fatalf("x:y at %s in %s, x/y at %s in %s", a.Commit.Hash, a.GitDir, b.Commit.Hash, b.GitDir)
	}
	// Put x/y's clone where x:y's belongs: it is not taken for x:y's.
	if err := os.RemoveAll(a.GitDir); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(a.GitDir, os.DirFS(b.GitDir)); err != nil {
		t.Fatal(err)
	}
	again, err := prepare(t, "file://"+root+"/x:y", Options{CacheDir: cache}, time.Minute)
	if err != nil || again.Commit.Hash != colon {
		t.Fatalf("with another repository's clone in its place: %v, commit %v", err, again.Commit)
	}
}
