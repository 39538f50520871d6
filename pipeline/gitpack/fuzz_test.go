package gitpack

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// fuzzLimit bounds what the fuzzed reads may allocate.
const fuzzLimit = 1 << 20

// seedPacks loads the packs of testdata/pack (small packs with OFS_DELTA
// and REF_DELTA chains), each with its index.
func seedPacks(tb testing.TB) map[string][2][]byte {
	tb.Helper()
	idxs, err := filepath.Glob(filepath.Join("testdata", "pack", "*.idx"))
	if err != nil || len(idxs) == 0 {
		tb.Fatalf("no seed packs: %v", err)
	}
	packs := map[string][2][]byte{}
	for _, idx := range idxs {
		x, err := os.ReadFile(idx)
		if err != nil {
			tb.Fatal(err)
		}
		p, err := os.ReadFile(idx[:len(idx)-len(".idx")] + ".pack")
		if err != nil {
			tb.Fatal(err)
		}
		packs[filepath.Base(idx)] = [2][]byte{p, x}
	}
	return packs
}

// memPack makes a pack reader over pack bytes with a given index.
func memPack(pack []byte, idx packIndex) (*Reader, *packFile, error) {
	p, err := newPackFile("fuzz.pack", bytes.NewReader(pack), idx)
	if err != nil {
		return nil, nil, err
	}
	return &Reader{packs: []*packFile{p}, bases: newBaseCache(1 << 20)}, p, nil
}

// objectOffsets lists the offsets of the objects of an index.
func objectOffsets(idx packIndex) []int64 {
	var offs []int64
	for i := range idx.count() {
		if off, ok := idx.offset(i); ok {
			offs = append(offs, off)
		}
	}
	return offs
}

// FuzzObjectHeader parses object headers (type, size, base offset or
// reference) from arbitrary bytes.
func FuzzObjectHeader(f *testing.F) {
	for _, pk := range seedPacks(f) {
		idx, err := parsePackIndex(pk[1])
		if err != nil {
			f.Fatal(err)
		}
		for _, off := range objectOffsets(idx) {
			f.Add(pk[0][off:min(off+maxHeader, int64(len(pk[0])))], uint32(off))
		}
	}
	f.Fuzz(func(t *testing.T, b []byte, off uint32) {
		h, err := parseObjectHeader(b, int64(off))
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error not marked corrupt: %v", err)
			}
			return
		}
		if h.size < 0 || h.dataOff <= h.off || h.dataOff-h.off > int64(len(b)) {
			t.Fatalf("header %+v from %d bytes", h, len(b))
		}
		if h.typ == objOfsDelta && (h.baseOff < 12 || h.baseOff >= h.off) {
			t.Fatalf("base offset %d of object at %d", h.baseOff, h.off)
		}
	})
}

// FuzzApplyDelta applies arbitrary deltas to arbitrary bases, comparing
// with go-git's PatchDelta.
func FuzzApplyDelta(f *testing.F) {
	for _, pk := range seedPacks(f) {
		idx, err := parsePackIndex(pk[1])
		if err != nil {
			f.Fatal(err)
		}
		pr, p, err := memPack(pk[0], idx)
		if err != nil {
			f.Fatal(err)
		}
		for _, off := range objectOffsets(idx) {
			hdr, err := p.header(off)
			if err != nil || !hdr.delta() {
				continue
			}
			delta, _, err := pr.readDelta(p, hdr, fuzzLimit)
			if err != nil {
				f.Fatal(err)
			}
			_, base, err := pr.readBase(p, hdr, 1)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(base, delta)
		}
	}
	f.Fuzz(func(t *testing.T, base, delta []byte) {
		got, err := applyDelta(base, delta, fuzzLimit)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error not marked corrupt: %v", err)
			}
		}
		// Applied as it is read (large deltas), the delta makes the same.
		if _, target, _, serr := deltaSizes(delta); serr == nil && target <= fuzzLimit {
			streamed, serr := applyDeltaFrom(base, bufio.NewReader(bytes.NewReader(delta)), target)
			if (serr == nil) != (err == nil) || !bytes.Equal(streamed, got) {
				t.Fatalf("streamed: %d bytes, %v; whole: %d bytes, %v", len(streamed), serr, len(got), err)
			}
		}
		// go-git refuses empty bases; the limit is ours; go-git (as git)
		// reads a size cut short by the end of the delta, which is refused
		// here.
		if _, target, _, err := deltaSizes(delta); len(base) == 0 || err != nil || target > fuzzLimit {
			return
		}
		want, wantErr := packfile.PatchDelta(base, delta)
		if (err == nil) != (wantErr == nil) || !bytes.Equal(got, want) {
			t.Fatalf("got %d bytes, %v; go-git %d bytes, %v", len(got), err, len(want), wantErr)
		}
	})
}

// FuzzPack reads every object of a mutated seed pack: reading must fail
// cleanly, never panic or allocate without bound.
func FuzzPack(f *testing.F) {
	seeds := seedPacks(f)
	for name, pk := range seeds {
		f.Add(name, pk[0])
	}
	f.Fuzz(func(t *testing.T, name string, pack []byte) {
		pk, ok := seeds[name]
		if !ok {
			return
		}
		idx, err := parsePackIndex(pk[1])
		if err != nil {
			t.Fatal(err)
		}
		pr, p, err := memPack(pack, idx)
		if err != nil {
			return
		}
		for _, off := range objectOffsets(idx) {
			_, data, size, err := pr.readObject(p, off, fuzzLimit)
			if err == nil && int64(len(data)) != size {
				t.Fatalf("object at %d: %d bytes, size %d", off, len(data), size)
			}
			if hdr, err := p.header(off); err == nil && hdr.delta() {
				pr.deltaTarget(p, hdr)
			}
		}
	})
}

// FuzzParseTree parses tree objects and checks each accepted one against
// go-git's decoder of the same bytes.
func FuzzParseTree(f *testing.F) {
	var seed []byte
	for _, e := range []struct{ mode, name string }{{"100644", "a.py"}, {"40000", "pkg"}, {"120000", "link"}, {"160000", "sub"}, {"100755", "caf\xe9.py"}} {
		seed = append(append(append(seed, e.mode+" "+e.name...), 0), bytes.Repeat([]byte{0xab}, 20)...)
	}
	f.Add(seed)
	f.Add([]byte("100644 x\x00short"))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := ParseTree(data)
		if err != nil {
			return
		}
		obj := &plumbing.MemoryObject{}
		obj.SetType(plumbing.TreeObject)
		obj.Write(data)
		var tree object.Tree
		if err := tree.Decode(obj); err != nil {
			return // go-git is stricter about modes it knows
		}
		if len(tree.Entries) != len(entries) {
			t.Fatalf("%d entries, go-git %d", len(entries), len(tree.Entries))
		}
		for i, e := range tree.Entries {
			if e.Name != entries[i].Name || e.Mode != entries[i].Mode || e.Hash != entries[i].Hash {
				t.Fatalf("entry %d: %+v, go-git %+v", i, entries[i], e)
			}
		}
	})
}
