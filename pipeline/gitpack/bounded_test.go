package gitpack

import (
	"bytes"
	"context"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/pysurvey/pysurvey/pipeline/fetch/gitserver"
	"github.com/pysurvey/pysurvey/pipeline/fetch/indexpack"
)

// allocated returns the bytes allocated while f ran.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// indexedPack makes a pack of objs and its index, in memory.
func indexedPack(t *testing.T, objs ...gitserver.Object) (*Reader, map[plumbing.Hash]indexpack.Object) {
	t.Helper()
	var b bytes.Buffer
	if err := gitserver.WritePack(&b, uint32(len(objs)), objs); err != nil {
		t.Fatal(err)
	}
	lim := indexpack.Limits{MaxBytes: 1 << 30, MaxObjects: 100, MaxBase: 64 << 20, CacheBytes: 64 << 20}
	list, sum, err := indexpack.Index(context.Background(), bytes.NewReader(b.Bytes()), int64(b.Len()), lim)
	if err != nil {
		t.Fatal(err)
	}
	var idx bytes.Buffer
	if err := indexpack.WriteIndex(&idx, list, sum); err != nil {
		t.Fatal(err)
	}
	x, err := parsePackIndex(idx.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	pr, _, err := memPack(b.Bytes(), x)
	if err != nil {
		t.Fatal(err)
	}
	byHash := map[plumbing.Hash]indexpack.Object{}
	for _, o := range list {
		byHash[o.Hash] = o
	}
	return pr, byHash
}

// Large objects cost what they hold, not what their pack declares: the
// compressed data of an incompressible blob is streamed, not read whole
// beside it, and a delta that spends two bytes on each byte it makes is
// applied as it inflates, not held.
func TestLargeObjectsAreReadInBoundedMemory(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	noise := make([]byte, 6<<20)
	for i := range noise {
		noise[i] = byte(rng.Uint32())
	}
	const target = 8 << 20
	d := []byte{0x80, 0x80, 0x04, 0x80, 0x80, 0x80, 0x04} // base 64 KiB, result 8 MiB
	for range target {
		d = append(d, 0x90, 0x01) // copy 1 byte from offset 0
	}
	base := gitserver.Blob(noise[:64<<10])
	pr, objs := indexedPack(t, base, gitserver.Object{Type: plumbing.OFSDeltaObject, Base: 0, Data: d}, gitserver.Blob(noise))
	var deltaResult, blob plumbing.Hash
	for h, o := range objs {
		switch o.Size {
		case target:
			deltaResult = h
		case int64(len(noise)):
			blob = h
		}
	}
	for _, tc := range []struct {
		name string
		id   plumbing.Hash
		size int
		most uint64
	}{
		{"incompressible blob", blob, len(noise), uint64(len(noise)) + 1<<20},
		{"delta of 2 bytes a byte", deltaResult, target, target + 1<<20},
	} {
		var data []byte
		var err error
		n := allocated(func() { data, _, err = pr.ReadBlob(tc.id, 16<<20) })
		if err != nil || len(data) != tc.size {
			t.Fatalf("%s: %d bytes, %v", tc.name, len(data), err)
		}
		if n > tc.most {
			t.Errorf("%s: reading %d MiB allocated %.1f MiB", tc.name, tc.size>>20, float64(n)/(1<<20))
		}
	}
	if size, err := pr.ObjectSize(deltaResult); err != nil || size != target {
		t.Errorf("ObjectSize: %d, %v", size, err)
	}
	if _, size, err := pr.ReadBlob(deltaResult, 1<<20); size != target || err == nil {
		t.Errorf("over the limit: %d, %v", size, err)
	}
}
