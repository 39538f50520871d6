package fetch

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/pysurvey/pysurvey/pipeline/fetch/gitserver"
	"github.com/pysurvey/pysurvey/pipeline/gitrepo"
	"github.com/pysurvey/pysurvey/pipeline/sources"
)

func needGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("serving repositories needs git")
	}
}

// upstream makes a bare repository root/name.git of files.
func upstream(t *testing.T, root, name string, files fstest.MapFS) plumbing.Hash {
	t.Helper()
	h, err := gitrepo.Create(filepath.Join(root, name+".git"), files, gitrepo.Options{Bare: true})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// prepare prepares source with opts (the cache a temporary directory
// unless given) within timeout, closing what it opened.
func prepare(t *testing.T, source string, opts Options, timeout time.Duration) (Prepared, error) {
	t.Helper()
	spec, err := sources.ParseSource(source, "/")
	if err != nil {
		t.Fatal(err)
	}
	if opts.CacheDir == "" {
		opts.CacheDir = t.TempDir()
	}
	ctx, cancel := context.WithTimeoutCause(context.Background(), timeout, fmt.Errorf("timed out after %s", timeout))
	defer cancel()
	p, err := New(opts).Prepare(ctx, spec)
	if err == nil {
		t.Cleanup(func() { p.Closer.Close() })
	}
	return p, err
}

// packs lists the packs of a git directory.
func packs(t *testing.T, gitDir string) []string {
	t.Helper()
	p, _ := filepath.Glob(filepath.Join(gitDir, "objects", "pack", "pack-*.pack"))
	return p
}

// A repository served over smart HTTP by git is cloned at depth 1, then
// fetched into: the second fetch brings only what changed.
func TestHTTPClonesThenFetchesWhatChanged(t *testing.T) {
	needGit(t)
	root := t.TempDir()
	files := fstest.MapFS{}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 50 {
		var b strings.Builder
		for j := range 200 {
			fmt.Fprintf(&b, "x%d_%d = %d\n", i, j, rng.Int64())
		}
		files[fmt.Sprintf("pkg/m%02d.py", i)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	first := upstream(t, root, "app", files)
	srv := gitserver.NewHTTP(t, gitserver.UploadPack(root))
	cache := t.TempDir()
	p, err := prepare(t, srv.URL+"/app.git", Options{CacheDir: cache}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if p.Commit.Hash != first || p.Attempts != 1 {
		t.Fatalf("commit %s attempts %d, want %s and 1", p.Commit.Hash, p.Attempts, first)
	}
	if _, err := os.Stat(filepath.Join(p.GitDir, "shallow")); err != nil {
		t.Errorf("the clone is not shallow: %v", err)
	}
	firstPacks := packs(t, p.GitDir)
	repo, err := git.PlainOpen(filepath.Join(root, "app.git"))
	if err != nil {
		t.Fatal(err)
	}
	files["pkg/m00.py"] = &fstest.MapFile{Data: []byte("changed = True\n")}
	second, err := gitrepo.Commit(repo, files, gitrepo.Options{Bare: true, Message: "second"}, "")
	if err != nil {
		t.Fatal(err)
	}
	p2, err := prepare(t, srv.URL+"/app.git", Options{CacheDir: cache}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if p2.Commit.Hash != second || p2.GitDir != p.GitDir {
		t.Fatalf("second fetch: commit %s in %s; want %s in %s", p2.Commit.Hash, p2.GitDir, second, p.GitDir)
	}
	all := packs(t, p.GitDir)
	if len(all) != 2 || len(firstPacks) != 1 {
		t.Fatalf("packs %v, then %v", firstPacks, all)
	}
	var newPack string
	for _, p := range all {
		if p != firstPacks[0] {
			newPack = p
		}
	}
	fi0, _ := os.Stat(firstPacks[0])
	fi1, _ := os.Stat(newPack)
	if fi1.Size()*5 > fi0.Size() {
		t.Errorf("the second fetch brought %d bytes, the first %d: not only what changed", fi1.Size(), fi0.Size())
	}
	// Nothing new: no pack at all.
	if _, err := prepare(t, srv.URL+"/app.git", Options{CacheDir: cache}, time.Minute); err != nil {
		t.Fatal(err)
	}
	if n := len(packs(t, p.GitDir)); n != 2 {
		t.Errorf("an up-to-date fetch made a pack: %d packs", n)
	}
}

// A branch, a tag (annotated) or a commit hash is fetched as pinned,
// over HTTP (where git gives any reachable commit) and ssh (where it
// gives only advertised ones: the whole repository is fetched then).
func TestPinnedRefsAndCommits(t *testing.T) {
	needGit(t)
	root := t.TempDir()
	first := upstream(t, root, "app", fstest.MapFS{"a.py": {Data: []byte("a = 1\n")}})
	repo, err := git.PlainOpen(filepath.Join(root, "app.git"))
	if err != nil {
		t.Fatal(err)
	}
	sig := &object.Signature{Name: "t", Email: "t@example.invalid", When: gitrepo.CommitTime}
	if _, err := repo.CreateTag("v1", first, &git.CreateTagOptions{Tagger: sig, Message: "v1"}); err != nil {
		t.Fatal(err)
	}
	second, err := gitrepo.Commit(repo, fstest.MapFS{"a.py": {Data: []byte("a = 2\n")}}, gitrepo.Options{Bare: true, Message: "second"}, "")
	if err != nil {
		t.Fatal(err)
	}
	key := filepath.Join(t.TempDir(), "id")
	ssh := gitserver.NewSSH(t, root, gitserver.UserKey(t, key, ""))
	kh := filepath.Join(t.TempDir(), "known_hosts")
	os.WriteFile(kh, []byte(ssh.KnownHosts()), 0o644)
	creds := Credentials{SSHKey: key, KnownHosts: kh}
	web := gitserver.NewHTTP(t, gitserver.UploadPack(root))
	for _, base := range []string{web.URL + "/app.git", "ssh://git@" + ssh.Addr + "/app.git"} {
		for ref, want := range map[string]plumbing.Hash{"": second, "@main": second, "@v1": first, "@" + first.String(): first} {
			p, err := prepare(t, base+ref, Options{Credentials: creds}, time.Minute)
			if err != nil || p.Commit.Hash != want {
				t.Errorf("%s%s: %v, want %s", base, ref, err, want)
			}
		}
		_, err := prepare(t, base+"@nope", Options{Credentials: creds, Retries: 2}, time.Minute)
		if err == nil || !strings.Contains(err.Error(), `the server has no branch or tag named "nope"`) {
			t.Errorf("%s@nope: %v", base, err)
		}
		_, err = prepare(t, base+"@"+strings.Repeat("1", 40), Options{Credentials: creds, Retries: 2}, time.Minute)
		if err == nil || !strings.Contains(err.Error(), "is not on any branch or tag of the server") {
			t.Errorf("%s@1111...: %v", base, err)
		}
	}
}
