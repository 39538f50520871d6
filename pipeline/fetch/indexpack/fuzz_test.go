package indexpack

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
)

// fuzzLimits bound what a fuzzed pack may cost.
var fuzzLimits = Limits{MaxBytes: 1 << 20, MaxObjects: 1 << 10, MaxBase: 1 << 20, CacheBytes: 1 << 20}

// seeds are small packs git made, with OFS_DELTA and REF_DELTA chains.
func seeds(tb testing.TB) [][]byte {
	paths, err := filepath.Glob(filepath.Join("testdata", "*.pack"))
	if err != nil || len(paths) == 0 {
		tb.Fatalf("no seed packs: %v", err)
	}
	var packs [][]byte
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		packs = append(packs, b)
	}
	return packs
}

// observed collects what go-git's parser finds in a pack.
type observed struct{ objs []Object }

func (o *observed) OnHeader(uint32) error                                          { return nil }
func (o *observed) OnInflatedObjectHeader(plumbing.ObjectType, int64, int64) error { return nil }
func (o *observed) OnInflatedObjectContent(h plumbing.Hash, pos int64, crc uint32, _ []byte) error {
	o.objs = append(o.objs, Object{Hash: h, Offset: pos, CRC: crc})
	return nil
}
func (o *observed) OnFooter(plumbing.Hash) error { return nil }

// FuzzIndex indexes arbitrary bytes as a pack. Every failure is marked
// corrupt or over a limit; a pack indexed whole has the objects, offsets
// and CRCs go-git's parser finds in it.
func FuzzIndex(f *testing.F) {
	for _, p := range seeds(f) {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		objs, sum, err := Index(context.Background(), bytes.NewReader(data), int64(len(data)), fuzzLimits)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrLimit) {
				t.Fatalf("error not marked corrupt or over a limit: %v", err)
			}
			return
		}
		if !bytes.Equal(sum[:], data[len(data)-20:]) {
			t.Fatalf("checksum %s is not the trailer", sum)
		}
		total := int64(0)
		for _, o := range objs {
			total += o.Size
		}
		if total > 4<<20 {
			return // go-git would hold it all
		}
		var got observed
		p, err := packfile.NewParser(packfile.NewScanner(bytes.NewReader(data)), &got)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Parse(); err != nil {
			t.Fatalf("indexed, but go-git's parser fails: %v", err)
		}
		want := make([]Object, len(objs))
		for i, o := range objs {
			want[i] = Object{Hash: o.Hash, Offset: o.Offset, CRC: o.CRC}
		}
		slices.SortFunc(got.objs, func(a, b Object) int { return bytes.Compare(a.Hash[:], b.Hash[:]) })
		if !slices.Equal(got.objs, want) {
			t.Fatalf("objects %v, go-git finds %v", want, got.objs)
		}
	})
}
