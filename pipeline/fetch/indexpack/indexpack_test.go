package indexpack

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/pysurvey/pysurvey/pipeline/fetch/gitserver"
	"github.com/pysurvey/pysurvey/pipeline/gitrepo"
)

// testLimits are generous for the packs of these tests.
var testLimits = Limits{MaxBytes: 1 << 30, MaxObjects: 1 << 20, MaxBase: 16 << 20, CacheBytes: 16 << 20}

// versions makes, once, a repository of several versions in versionsDir.
var (
	versionsDir string
	versions    = sync.OnceValues(func() (string, error) {
		dir, err := os.MkdirTemp("", "indexpack-versions-")
		if err != nil {
			return "", err
		}
		versionsDir = dir
		return dir, gitrepo.Versions(filepath.Join(dir, "v.git"), 10)
	})
)

// gitPack packs a repository of several versions with git, with OFS_DELTA
// or REF_DELTA chains, and returns the pack, its index and the number of
// deltas in it.
func gitPack(t *testing.T, ofsDelta bool) (pack, idx []byte, deltas int) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs git")
	}
	root, err := versions()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "v.git")
	if out, err := exec.Command("git", "clone", "-q", "--bare", "--no-local", filepath.Join(root, "v.git"), dir).CombinedOutput(); err != nil {
		t.Fatalf("git clone: %v\n%s", err, out)
	}
	cmd := exec.Command("git", "-c", "repack.useDeltaBaseOffset="+map[bool]string{true: "true", false: "false"}[ofsDelta],
		"-C", dir, "repack", "-adfq")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git repack: %v\n%s", err, out)
	}
	idxs, _ := filepath.Glob(filepath.Join(dir, "objects", "pack", "*.idx"))
	if len(idxs) != 1 {
		t.Fatalf("packs %v", idxs)
	}
	if idx, err = os.ReadFile(idxs[0]); err != nil {
		t.Fatal(err)
	}
	if pack, err = os.ReadFile(strings.TrimSuffix(idxs[0], ".idx") + ".pack"); err != nil {
		t.Fatal(err)
	}
	// verify-pack -v lists a delta with its depth and base: 7 fields.
	out, err := exec.Command("git", "verify-pack", "-v", idxs[0]).Output()
	if err != nil {
		t.Fatalf("git verify-pack: %v", err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if len(strings.Fields(line)) == 7 {
			deltas++
		}
	}
	return pack, idx, deltas
}

func TestMain(m *testing.M) {
	code := m.Run()
	if versionsDir != "" {
		os.RemoveAll(versionsDir)
	}
	os.Exit(code)
}

// The index written for a pack git made is the one git wrote, byte for
// byte, for chains of both kinds of delta.
func TestIndexIsGits(t *testing.T) {
	for _, name := range []string{"ofs", "ref"} {
		pack, _ := os.ReadFile(filepath.Join("testdata", name+".pack"))
		want, _ := os.ReadFile(filepath.Join("testdata", name+".idx"))
		objs, sum, err := Index(context.Background(), bytes.NewReader(pack), int64(len(pack)), testLimits)
		var got bytes.Buffer
		if err == nil {
			err = WriteIndex(&got, objs, sum)
		}
		if err != nil || !bytes.Equal(got.Bytes(), want) {
			t.Errorf("testdata/%s.pack: %v; index equal to git's: %v", name, err, bytes.Equal(got.Bytes(), want))
		}
	}
	for _, ofs := range []bool{true, false} {
		pack, want, deltas := gitPack(t, ofs)
		objs, sum, err := Index(context.Background(), bytes.NewReader(pack), int64(len(pack)), testLimits)
		if err != nil {
			t.Fatalf("ofs %v: %v", ofs, err)
		}
		var got bytes.Buffer
		if err := WriteIndex(&got, objs, sum); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("ofs %v: index differs from git's (%d bytes, git's %d)", ofs, got.Len(), len(want))
		}
		for _, o := range objs {
			if o.Type < plumbing.CommitObject || o.Type > plumbing.TagObject {
				t.Errorf("object %s has type %v", o.Hash, o.Type)
			}
		}
		if deltas < 10 {
			t.Errorf("ofs %v: the pack has only %d deltas", ofs, deltas)
		}
	}
}

func TestStoreWritesThePackThenItsIndex(t *testing.T) {
	pack, want, _ := gitPack(t, true)
	dir := t.TempDir()
	p, err := Store(context.Background(), bytes.NewReader(pack), dir, testLimits)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, p.Name+".idx"))
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("index %v, equal to git's: %v", err, bytes.Equal(got, want))
	}
	if stored, err := os.ReadFile(filepath.Join(dir, p.Name+".pack")); err != nil || !bytes.Equal(stored, pack) {
		t.Errorf("pack %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("dir holds %v", entries)
	}
	if !p.Has(p.Objects[len(p.Objects)/2].Hash) || p.Has(plumbing.ZeroHash) {
		t.Error("Has")
	}
}

// pack writes objs as a pack declaring count objects.
func pack(t testing.TB, count uint32, objs ...gitserver.Object) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := gitserver.WritePack(&b, count, objs); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// delta encodes a delta's header and instructions.
func delta(base, target uint64, ops ...[]byte) []byte {
	var d []byte
	for _, v := range []uint64{base, target} {
		for v >= 0x80 {
			d = append(d, byte(v)|0x80)
			v >>= 7
		}
		d = append(d, byte(v))
	}
	for _, op := range ops {
		d = append(d, op...)
	}
	return d
}

// copyOp copies n bytes (n < 1<<24) at off of the base.
func copyOp(off uint32, n uint32) []byte {
	op := []byte{0x80 | 0x0f | 0x70}
	op = append(op, byte(off), byte(off>>8), byte(off>>16), byte(off>>24), byte(n), byte(n>>8), byte(n>>16))
	return op
}

func TestLyingPacksAreRefused(t *testing.T) {
	blob := gitserver.Blob([]byte("hello\n"))
	good := pack(t, 1, blob)
	flip := func(b []byte, at int) []byte { b = bytes.Clone(b); b[at] ^= 0xff; return b }
	tests := []struct {
		name string
		pack []byte
		lim  Limits
		want string
		is   error
	}{
		{"huge object count", pack(t, 1<<32-1, blob), testLimits, "declares 4294967295 objects, over the limit", ErrLimit},
		{"more objects declared than sent", pack(t, 3, blob), testLimits, "declares 3 objects in", ErrCorrupt},
		{"fewer objects declared than sent", pack(t, 1, blob, blob), testLimits, "after the last of 1 objects", ErrCorrupt},
		{"bad checksum", flip(good, len(good)-1), testLimits, "checksum", ErrCorrupt},
		{"not a pack", flip(good, 0), testLimits, "no PACK signature", ErrCorrupt},
		{"truncated", good[:len(good)-25], testLimits, "", ErrCorrupt},
		{"size larger than the data", pack(t, 1, gitserver.Object{Type: plumbing.BlobObject, Data: []byte("hi"), Size: 1 << 40}), testLimits,
			"inflated 2 bytes, the header says 1099511627776", ErrCorrupt},
		{"size smaller than the data", pack(t, 1, gitserver.Object{Type: plumbing.BlobObject, Data: []byte("hello"), Size: 2}), testLimits,
			"more data than the 2 bytes", ErrCorrupt},
		{"thin pack", pack(t, 1, gitserver.Object{Type: plumbing.REFDeltaObject, Data: delta(6, 6, copyOp(0, 6)), BaseHash: blob.Hash()}),
			testLimits, "which the pack lacks", ErrCorrupt},
		{"delta on itself", pack(t, 1, gitserver.Object{Type: plumbing.REFDeltaObject, Data: delta(6, 6, copyOp(0, 6)),
			BaseHash: plumbing.NewHash("0123456789012345678901234567890123456789")}), testLimits, "which the pack lacks", ErrCorrupt},
		{"delta base of the wrong size", pack(t, 2, blob, gitserver.Object{Type: plumbing.OFSDeltaObject, Data: delta(7, 6, copyOp(0, 6))}),
			testLimits, "delta for a base of 7 bytes", ErrCorrupt},
		{"delta copy past its base", pack(t, 2, blob, gitserver.Object{Type: plumbing.OFSDeltaObject, Data: delta(6, 7, copyOp(0, 7))}),
			testLimits, "out of range", ErrCorrupt},
		{"delta short of its result", pack(t, 2, blob, gitserver.Object{Type: plumbing.OFSDeltaObject, Data: delta(6, 9, copyOp(0, 6))}),
			testLimits, "delta made 6 bytes, its header says 9", ErrCorrupt},
		{"delta base over the limit", pack(t, 2, blob, gitserver.Object{Type: plumbing.OFSDeltaObject, Data: delta(6, 6, copyOp(0, 6))}),
			Limits{MaxBytes: 1 << 20, MaxObjects: 10, MaxBase: 4, CacheBytes: 4}, "is a delta base", ErrLimit},
		{"pack over the byte limit", good, Limits{MaxBytes: 10, MaxObjects: 10}, "larger than 10 B", ErrLimit},
		{"object type 5", pack(t, 1, gitserver.Object{Type: plumbing.ObjectType(5), Data: []byte("x")}), testLimits, "type 5", ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Store(context.Background(), bytes.NewReader(tt.pack), t.TempDir(), tt.lim)
			if err == nil || !errors.Is(err, tt.is) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v; want %v with %q", err, tt.is, tt.want)
			}
		})
	}
}

// allocated returns the bytes allocated while f ran.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// A blob of zeros, small on the wire, is hashed as a stream: indexing it
// allocates a small fraction of its size (go-git's indexer: all of it).
// So is a delta that makes a large result out of a small base.
func TestLargeObjectsStream(t *testing.T) {
	const big = 256 << 20
	base := gitserver.Blob(bytes.Repeat([]byte("0123456789abcdef"), 1<<12)) // 64 KiB
	var ops [][]byte
	for range big / (1 << 16) {
		ops = append(ops, copyOp(0, 1<<16))
	}
	bomb := gitserver.Object{Type: plumbing.OFSDeltaObject, Base: 1, Data: delta(1<<16, big, ops...)}
	p := pack(t, 3, gitserver.ZeroBlob(big), base, bomb)
	if len(p) > 2<<20 {
		t.Fatalf("the pack has %d bytes", len(p))
	}
	var objs []Object
	var err error
	n := allocated(func() { objs, _, err = Index(context.Background(), bytes.NewReader(p), int64(len(p)), testLimits) })
	if err != nil {
		t.Fatal(err)
	}
	if n > 8<<20 {
		t.Errorf("indexing %d MiB of objects allocated %d MiB", 2*big>>20, n>>20)
	}
	made := plumbing.NewHasher(plumbing.BlobObject, big)
	for range big / (1 << 16) {
		made.Write(base.Data)
	}
	want := map[plumbing.Hash]int64{gitserver.ZeroBlob(big).Hash(): big, base.Hash(): 1 << 16, made.Sum(): big}
	if len(objs) != 3 {
		t.Fatalf("objects %v", objs)
	}
	for _, o := range objs {
		if size, ok := want[o.Hash]; !ok || size != o.Size || o.Type != plumbing.BlobObject {
			t.Errorf("object %s: %v of %d bytes", o.Hash, o.Type, o.Size)
		}
	}
}
