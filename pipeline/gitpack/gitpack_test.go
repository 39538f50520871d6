package gitpack

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/pysurvey/pysurvey/pipeline/gitrepo"
)

// noLimit is a size limit no test object reaches.
const noLimit = 1 << 40

// versions makes a repository of several commits whose packing makes
// delta chains (gitrepo.Versions).
func versions(t testing.TB, commits int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "repo.git")
	if err := gitrepo.Versions(dir, commits); err != nil {
		t.Fatal(err)
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
	pr, err := Open(gitDir)
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	if len(pr.packs) == 0 {
		t.Fatalf("%s: no packs read", gitDir)
	}
	repo, err := git.PlainOpen(gitDir)
	if err != nil {
		t.Fatal(err)
	}
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
			gotSize, err := pr.ObjectSize(h)
			if err != nil || gotSize != size {
				t.Fatalf("%s: size of %s: %d %v, want %d", gitDir, h, gotSize, err, size)
			}
			objects++
			if hdr.delta() {
				deltas++
			}
			if typ == objBlob {
				blobs++
				b, _, err := pr.ReadBlob(h, noLimit)
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
	pr, err := Open(dir)
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
	pr, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	pr.bases = newBaseCache(256 << 10)
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
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
				b, _, err := pr.ReadBlob(h, noLimit)
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
	repo, err := git.PlainOpen(dir)
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
	files, err := c.Files()
	if err != nil {
		b.Fatal(err)
	}
	var hashes []plumbing.Hash
	files.ForEach(func(f *object.File) error {
		if strings.HasSuffix(f.Name, ".py") {
			hashes = append(hashes, f.Hash)
		}
		return nil
	})
	const maxSize = 1 << 20
	b.Run("go-git", func(b *testing.B) {
		for b.Loop() {
			repo, err := git.PlainOpen(dir)
			if err != nil {
				b.Fatal(err)
			}
			for _, h := range hashes {
				blob, err := repo.BlobObject(h)
				if err != nil {
					b.Fatal(err)
				}
				if blob.Size > maxSize {
					continue
				}
				r, err := blob.Reader()
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, r)
				r.Close()
			}
		}
	})
	b.Run("pack", func(b *testing.B) {
		for b.Loop() {
			pr, err := Open(dir)
			if err != nil {
				b.Fatal(err)
			}
			for _, h := range hashes {
				if _, _, err := pr.ReadBlob(h, maxSize); err != nil && !errors.Is(err, ErrTooLarge) {
					b.Fatal(err)
				}
			}
			pr.Close()
		}
	})
}
