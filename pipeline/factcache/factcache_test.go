package factcache

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/schema"
)

func sampleEntry(i int) Entry {
	return Entry{Size: int64(100 + i), Lines: int64(i), Extractors: "python/2",
		Facts: extractors.Facts{
			Python:  &schema.PythonCounts{Functions: int64(i), AsyncFunctions: 1, Classes: 2, Awaits: 3, AsyncWith: 4, AsyncFor: 5, HasAll: i%2 == 0, ParseStatus: "ok"},
			Imports: []schema.Import{{Line: 1, Kind: "from", Level: 1, Module: "a.b", Name: "c", Alias: "d", InTry: true, Optional: true}, {Line: 9, Kind: "import", Module: "os", InFunction: true}},
			Symbols: []schema.Symbol{{Line: 3, Kind: "call", Name: fmt.Sprintf("f%d", i), Owner: "C.m"}},
		}}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	for _, e := range []Entry{sampleEntry(1), sampleEntry(2), {Size: 1, Extractors: "python/2"}} {
		got, err := Decode(Encode(e))
		if err != nil || !reflect.DeepEqual(got, e) {
			t.Errorf("round trip of %+v: %+v, %v", e, got, err)
		}
	}
	for _, bad := range [][]byte{nil, {9}, Encode(sampleEntry(1))[:10], append(Encode(sampleEntry(1)), 0)} {
		if _, err := Decode(bad); err == nil {
			t.Errorf("%q decoded", bad)
		}
	}
}

// The cache stays under its bound by turning generations; an entry used
// since the last turn survives the next; concurrent use is safe.
func TestCacheTurnsAndKeepsWhatIsUsed(t *testing.T) {
	dir := t.TempDir()
	c, err := Open(dir, 256<<10)
	if err != nil {
		t.Fatal(err)
	}
	key := func(i int) []byte { var h [20]byte; copy(h[:], fmt.Sprint(i)); return Key("python/2", h) }
	c.Put(key(0), sampleEntry(0))
	c.Sync()
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := 1 + g; i < 4000; i += 4 {
				c.Put(key(i), sampleEntry(i))
				c.Sync()
				if _, ok := c.Get(key(0)); !ok {
					t.Errorf("entry 0 lost after %d puts", i)
					return
				}
			}
		})
	}
	wg.Wait()
	c.Put(key(3999), sampleEntry(3999)) // the queue may have dropped it
	c.Sync()
	if got, ok := c.Get(key(3999)); !ok || !reflect.DeepEqual(got, sampleEntry(3999)) {
		t.Errorf("the last entry: %+v %v", got, ok)
	}
	if _, ok := c.Get(key(5)); ok {
		t.Error("an old entry outlived two turns")
	}
	c.Close()
	var total int64
	files, _ := filepath.Glob(filepath.Join(dir, "*.db"))
	for _, f := range files {
		fi, _ := os.Stat(f)
		total += fi.Size()
	}
	if total > 2*256<<10 {
		t.Errorf("the cache holds %d bytes, bound %d", total, 256<<10)
	}
}

// A damaged file is set aside and the cache starts again.
func TestADamagedCacheStartsAgain(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "current.db"), []byte("not a bolt file at all, sorry"), 0o644)
	c, err := Open(dir, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var h [20]byte
	c.Put(Key("python/2", h), sampleEntry(1))
	c.Sync()
	if _, ok := c.Get(Key("python/2", h)); !ok {
		t.Error("a put after the damage is not found")
	}
	if _, err := os.Stat(filepath.Join(dir, "current.db.damaged")); err != nil {
		t.Errorf("the damaged file was not set aside: %v", err)
	}
}

// FuzzDecode: any bytes decode to an entry or an error, never a panic
// or an allocation from a length they declare; an entry decoded
// encodes back to the same bytes.
func FuzzDecode(f *testing.F) {
	f.Add(Encode(sampleEntry(1)))
	f.Add(Encode(Entry{}))
	f.Add([]byte{1, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := Decode(b)
		if err != nil {
			return
		}
		if again := Encode(e); string(again) != string(b) {
			t.Fatalf("re-encoded %x, was %x", again, b)
		}
	})
}

// BenchmarkOpen opens a cache of 40,000 entries (about 60 MB), as a run
// does once: its cost must not grow with what the file holds (a freelist
// rebuilt at each open walks every page).
func BenchmarkOpen(b *testing.B) {
	dir := b.TempDir()
	c, err := Open(dir, 1<<30)
	if err != nil {
		b.Fatal(err)
	}
	for i := range 40000 {
		e := sampleEntry(i)
		e.Facts.Symbols[0].Owner = strings.Repeat("o", 1500)
		c.Put(Key("python/2", [20]byte{byte(i), byte(i >> 8), byte(i >> 16)}), e)
		if i%1000 == 999 {
			c.Sync()
		}
	}
	if err := c.Close(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		c, err := Open(dir, 1<<30)
		if err != nil {
			b.Fatal(err)
		}
		if _, ok := c.Get(Key("python/2", [20]byte{7})); !ok {
			b.Fatal("entry 7 missing")
		}
		if err := c.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
