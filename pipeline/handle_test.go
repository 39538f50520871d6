package pipeline

import (
	"bytes"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	git "github.com/go-git/go-git/v5"

	"github.com/pysurvey/pysurvey/pipeline/gitpack"
	"github.com/pysurvey/pysurvey/pipeline/gitrepo"
)

// TestHandleMatchesGoGit reads every entry of a commit whose objects are
// partly packed and partly loose through a reader's handle (pack reader,
// go-git for the loose objects), and looks paths up in its tree, comparing
// with go-git.
func TestHandleMatchesGoGit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "repo.git")
	if err := gitrepo.Versions(dir, 6); err != nil {
		t.Fatal(err)
	}
	gitCmd(t, dir, "repack", "-adf", "--depth=50", "--window=50")
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	// A loose commit on top: new and changed files.
	files := fstest.MapFS{"pkg/m1.py": {Data: []byte("changed\n")}, "new/x.py": {Data: []byte("x = 1\n")}, "pkg/m2.py": {Data: []byte("m2\n")}}
	commit, err := gitrepo.Commit(repo, files, gitrepo.Options{Bare: true}, "")
	if err != nil {
		t.Fatal(err)
	}
	c, err := repo.CommitObject(commit)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := c.Tree()
	if err != nil {
		t.Fatal(err)
	}
	pr, err := gitpack.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	h := &handle{gitDir: dir, commit: commit, tree: c.TreeHash, packs: pr, maxSize: 100 << 10}
	h.files = &treeReader{h: h}
	defer h.close()
	var paths []string
	sizes := NewBlobSizes(3)
	w := &walker{objects: objects{packs: pr, repo: repo}, maxEntries: 1 << 20}
	w.walk(t.Context(), c.TreeHash, "", func(e entry) error {
		paths = append(paths, e.path)
		want, wantSize, wantErr := readGitBlob(repo, e.hash, h.maxSize)
		got, size, err := h.readBlob(e.hash)
		if !bytes.Equal(got, want) || size != wantSize || (err == nil) != (wantErr == nil) {
			t.Errorf("%s: got %d bytes, size %d, %v; go-git %d bytes, size %d, %v", e.path, len(got), size, err, len(want), wantSize, wantErr)
		}
		if s, err := h.blobSize(e.hash); err != nil || s != wantSize {
			t.Errorf("%s: size %d %v, want %d", e.path, s, err, wantSize)
		}
		// Remembered, bounded: the second time from the map (or found
		// again after it was emptied), the same.
		for range 2 {
			if s, err := sizes.size(h, e.hash); err != nil || s != wantSize {
				t.Errorf("%s: remembered size %d %v, want %d", e.path, s, err, wantSize)
			}
		}
		if n := len(sizes.sizes); n > 3 {
			t.Errorf("%d sizes remembered, over the bound of 3", n)
		}
		return nil
	})
	paths = append(paths, "pkg", "nope.py", "pkg/nope.py", "nope/x.py", "pkg/m1.py/x", "data/big.txt")
	viaGit := &handle{gitDir: dir, commit: commit, tree: c.TreeHash, maxSize: h.maxSize}
	viaGit.files = &treeReader{h: viaGit}
	defer viaGit.close()
	for _, p := range paths {
		mode, id, err := h.findEntry(p)
		e, wantErr := tree.FindEntry(p)
		switch {
		case wantErr != nil:
			if !errors.Is(err, wantErr) {
				t.Errorf("%s: %v, go-git %v", p, err, wantErr)
			}
		case err != nil || mode != e.Mode || id != e.Hash:
			t.Errorf("%s: %v %s %v, go-git %v %s", p, mode, id, err, e.Mode, e.Hash)
		}
		want, wantErr := viaGit.files.ReadFile(p)
		got, err := h.files.ReadFile(p)
		if !bytes.Equal(got, want) || (err == nil) != (wantErr == nil) {
			t.Errorf("ReadFile %s: %d bytes %v, go-git %d bytes %v", p, len(got), err, len(want), wantErr)
		}
	}
	if h.repo == nil {
		t.Error("loose objects were not read through go-git")
	}
}

// gitCmd runs git in dir, skipping the test when git is not installed.
func gitCmd(t testing.TB, dir string, args ...string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs git")
	}
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}
