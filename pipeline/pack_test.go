package pipeline

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/pysurvey/pysurvey/pipeline/gitrepo"
)

// noLimit is a size limit no test object reaches.
const noLimit = 1 << 40

// versions makes a repository of several commits, each editing a few
// files a little, so that packing makes delta chains.
func versions(t testing.TB, commits int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "repo.git")
	rng := rand.New(rand.NewPCG(1, 2))
	files := fstest.MapFS{}
	for i := range 12 {
		var b strings.Builder
		for j := range 200 + 100*i {
			fmt.Fprintf(&b, "def f%d_%d(x):\n    return x * %d\n\n", i, j, rng.IntN(1000))
		}
		files[fmt.Sprintf("pkg/m%d.py", i)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	big := make([]byte, 300<<10) // copies over 0x10000 bytes
	for i := range big {
		big[i] = byte(rng.IntN(4)) + 'a'
	}
	files["data/big.txt"] = &fstest.MapFile{Data: big}
	files["empty.py"] = &fstest.MapFile{}
	var repo *git.Repository
	for c := range commits {
		for name, f := range files {
			if name == "empty.py" || rng.IntN(3) != 0 {
				continue
			}
			d := bytes.Clone(f.Data)
			for range 1 + rng.IntN(5) {
				at := rng.IntN(len(d))
				d = append(d[:at], append([]byte(fmt.Sprintf("# edit %d\n", c)), d[at:]...)...)
			}
			if rng.IntN(4) == 0 {
				d = d[:len(d)-rng.IntN(len(d)/4)]
			}
			files[name] = &fstest.MapFile{Data: d}
		}
		var err error
		if repo == nil {
			_, err = gitrepo.Create(dir, files, gitrepo.Options{Bare: true})
			if err == nil {
				repo, err = git.PlainOpen(dir)
			}
		} else {
			_, err = gitrepo.Commit(repo, files, gitrepo.Options{Bare: true, Message: fmt.Sprint("c", c)}, "")
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
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

// compareAll reads every object of every pack of gitDir with the pack
// reader and with go-git and fails on any difference. It returns the
// number of objects, blobs and deltas compared. limit > 0 samples that
// many objects per pack.
func compareAll(t testing.TB, gitDir string, limit int) (objects, blobs, deltas int) {
	t.Helper()
	pr, err := openPackReader(gitDir)
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	if len(pr.packs) == 0 {
		t.Fatalf("%s: no packs read", gitDir)
	}
	repo, closer, err := openRepository(gitDir, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer closer.Close()
	for _, p := range pr.packs {
		n := int(p.idx.count())
		step := 1
		if limit > 0 && n > limit {
			step = n / limit
		}
		for i := 0; i < n; i += step {
			var h plumbing.Hash
			copy(h[:], p.idx.names[20*i:])
			off, ok := p.idx.find(h[:])
			if !ok {
				t.Fatalf("%s: %s listed but not found", gitDir, h)
			}
			hdr, err := p.header(off)
			if err != nil {
				t.Fatalf("%s: %v", h, err)
			}
			obj, err := repo.Storer.EncodedObject(plumbing.AnyObject, h)
			if err != nil {
				t.Fatalf("go-git reading %s: %v", h, err)
			}
			want := readAllObject(t, obj)
			typ, got, size, err := pr.readObject(p, off, noLimit)
			if err != nil {
				t.Fatalf("%s: reading %s (%s): %v", gitDir, h, obj.Type(), err)
			}
			if plumbing.ObjectType(typ) != obj.Type() || size != obj.Size() || !bytes.Equal(got, want) {
				t.Fatalf("%s: %s: got type %d, %d bytes; go-git %s, %d bytes", gitDir, h, typ, len(got), obj.Type(), len(want))
			}
			gotSize, err := pr.objectSize(h)
			if err != nil || gotSize != size {
				t.Fatalf("%s: size of %s: %d %v, want %d", gitDir, h, gotSize, err, size)
			}
			objects++
			if hdr.delta() {
				deltas++
			}
			if typ == objBlob {
				blobs++
				b, _, err := pr.readBlob(h, noLimit)
				if err != nil || !bytes.Equal(b, want) {
					t.Fatalf("%s: readBlob %s: %v", gitDir, h, err)
				}
			}
		}
	}
	return objects, blobs, deltas
}

func readAllObject(t testing.TB, obj plumbing.EncodedObject) []byte {
	t.Helper()
	r, err := obj.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPackReaderMatchesGoGit compares every object of packs made by
// go-git and by git (with long OFS_DELTA chains, and with REF_DELTA).
func TestPackReaderMatchesGoGit(t *testing.T) {
	dir := versions(t, 30)
	r, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.RepackObjects(&git.RepackConfig{}); err != nil {
		t.Fatal(err)
	}
	o, b, d := compareAll(t, dir, 0)
	t.Logf("go-git pack: %d objects, %d blobs, %d deltas", o, b, d)

	gitCmd(t, dir, "repack", "-adf", "--depth=50", "--window=50")
	o, b, d = compareAll(t, dir, 0)
	t.Logf("git pack: %d objects, %d blobs, %d deltas", o, b, d)
	if d == 0 {
		t.Error("git made no deltas")
	}

	gitCmd(t, dir, "-c", "repack.useDeltaBaseOffset=false", "repack", "-adf", "--depth=50", "--window=50")
	pr, err := openPackReader(dir)
	if err != nil {
		t.Fatal(err)
	}
	refs := 0
	for _, p := range pr.packs {
		for i := range p.idx.count() {
			off, _ := p.idx.offset(i)
			if hdr, err := p.header(off); err == nil && hdr.typ == objRefDelta {
				refs++
			}
		}
	}
	pr.Close()
	if refs == 0 {
		t.Error("git made no REF_DELTA")
	}
	o, b, d = compareAll(t, dir, 0)
	t.Logf("git REF_DELTA pack: %d objects, %d blobs, %d deltas", o, b, d)
}

// TestPackReaderCorpus compares the objects of the git directories listed
// (space-separated globs) in PYSURVEY_PACK_CORPUS, e.g.
// "/srv/clones/app.git /srv/mirrors/*/repo". PYSURVEY_PACK_CORPUS_LIMIT
// samples that many objects per pack.
func TestPackReaderCorpus(t *testing.T) {
	corpus := os.Getenv("PYSURVEY_PACK_CORPUS")
	if corpus == "" {
		t.Skip("set PYSURVEY_PACK_CORPUS to git directories to compare")
	}
	limit, _ := strconv.Atoi(os.Getenv("PYSURVEY_PACK_CORPUS_LIMIT"))
	var dirs []string
	for _, g := range strings.Fields(corpus) {
		m, err := filepath.Glob(g)
		if err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, m...)
	}
	var total [3]int
	for _, dir := range dirs {
		o, b, d := compareAll(t, dir, limit)
		t.Logf("%s: %d objects, %d blobs, %d deltas", dir, o, b, d)
		total[0], total[1], total[2] = total[0]+o, total[1]+b, total[2]+d
	}
	t.Logf("%d repositories: %d objects, %d blobs, %d deltas", len(dirs), total[0], total[1], total[2])
}

// TestPackReaderConcurrent reads every blob from several goroutines at
// once through one reader with a small base cache (run with -race).
func TestPackReaderConcurrent(t *testing.T) {
	dir := versions(t, 20)
	gitCmd(t, dir, "repack", "-adf", "--depth=50", "--window=50")
	pr, err := openPackReader(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	pr.bases = newBaseCache(256 << 10)
	repo, closer, err := openRepository(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer closer.Close()
	want := map[plumbing.Hash][]byte{}
	iter, err := repo.Storer.IterEncodedObjects(plumbing.BlobObject)
	if err != nil {
		t.Fatal(err)
	}
	iter.ForEach(func(o plumbing.EncodedObject) error {
		want[o.Hash()] = readAllObject(t, o)
		return nil
	})
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(g), 0))
			hashes := make([]plumbing.Hash, 0, len(want))
			for h := range want {
				hashes = append(hashes, h)
			}
			rng.Shuffle(len(hashes), func(i, j int) { hashes[i], hashes[j] = hashes[j], hashes[i] })
			for _, h := range hashes {
				b, _, err := pr.readBlob(h, noLimit)
				if err != nil || !bytes.Equal(b, want[h]) {
					t.Errorf("%s: %v", h, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// BenchmarkReadBlobs reads every blob of HEAD's tree of PYSURVEY_BENCH_REPO
// (default: a generated repository) through go-git and through the pack
// reader, each iteration opening its repository as the pipeline does.
func BenchmarkReadBlobs(b *testing.B) {
	dir := os.Getenv("PYSURVEY_BENCH_REPO")
	if dir == "" {
		dir = versions(b, 20)
		gitCmd(b, dir, "repack", "-adf", "--depth=50", "--window=50")
	}
	repo, closer, err := openRepository(dir, 0)
	if err != nil {
		b.Fatal(err)
	}
	head, err := repo.Head()
	if err != nil {
		b.Fatal(err)
	}
	c, err := repo.CommitObject(head.Hash())
	if err != nil {
		b.Fatal(err)
	}
	tree, err := c.Tree()
	if err != nil {
		b.Fatal(err)
	}
	var hashes []plumbing.Hash
	listTree(b.Context(), tree, "", func(e entry) error {
		if e.mode.IsFile() && strings.HasSuffix(e.path, ".py") {
			hashes = append(hashes, e.hash)
		}
		return nil
	})
	closer.Close()
	b.Run("go-git", func(b *testing.B) {
		for b.Loop() {
			repo, closer, err := openRepository(dir, DefaultMaxFileSize)
			if err != nil {
				b.Fatal(err)
			}
			for _, h := range hashes {
				if _, _, err := readGitBlob(repo, h, DefaultMaxFileSize); err != nil && !strings.Contains(err.Error(), "over the limit") {
					b.Fatal(err)
				}
			}
			closer.Close()
		}
	})
	b.Run("pack", func(b *testing.B) {
		for b.Loop() {
			pr, err := openPackReader(dir)
			if err != nil {
				b.Fatal(err)
			}
			for _, h := range hashes {
				if _, _, err := pr.readBlob(h, DefaultMaxFileSize); err != nil && !errors.Is(err, errTooLarge) {
					b.Fatal(err)
				}
			}
			pr.Close()
		}
	})
}

// TestHandleMatchesGoGit reads every entry of a commit whose objects are
// partly packed and partly loose through a reader's handle (pack reader,
// go-git for the loose objects), and looks paths up in its tree, comparing
// with go-git.
func TestHandleMatchesGoGit(t *testing.T) {
	dir := versions(t, 6)
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
	pr, err := openPackReader(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	h := &handle{gitDir: dir, commit: commit, tree: c.TreeHash, packs: pr, maxSize: 100 << 10}
	h.files = &treeReader{h: h}
	defer h.close()
	var paths []string
	listTree(t.Context(), tree, "", func(e entry) error {
		paths = append(paths, e.path)
		want, wantSize, wantErr := readGitBlob(repo, e.hash, h.maxSize)
		got, size, err := h.readBlob(e.hash)
		if !bytes.Equal(got, want) || size != wantSize || (err == nil) != (wantErr == nil) {
			t.Errorf("%s: got %d bytes, size %d, %v; go-git %d bytes, size %d, %v", e.path, len(got), size, err, len(want), wantSize, wantErr)
		}
		if s, err := h.blobSize(e.hash); err != nil || s != wantSize {
			t.Errorf("%s: size %d %v, want %d", e.path, s, err, wantSize)
		}
		return nil
	})
	paths = append(paths, "pkg", "nope.py", "pkg/nope.py", "nope/x.py", "pkg/m1.py/x", "data/big.txt")
	viaGit := &handle{gitDir: dir, commit: commit, maxSize: h.maxSize}
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
