package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkSync syncs 500 objects of 32 KiB in 5 directories from S3 on
// 127.0.0.1: when nothing changed (the steady state of repeated queries),
// when the manifest was lost (every copy is read for its MD5), and into an
// empty directory (everything downloaded).
func BenchmarkSync(b *testing.B) {
	f := newFakeS3(b)
	st := f.open("bench")
	var keys []string
	for i := range 500 {
		k := fmt.Sprintf("files/run_date=2026-12-0%d/r-p%04d.parquet", i%5+1, i)
		f.put("bench/"+k, randomBytes(32<<10, uint64(i)))
		keys = append(keys, k)
	}
	ctx := context.Background()
	root := b.TempDir()
	if _, _, err := Sync(ctx, st, keys, root); err != nil {
		b.Fatal(err)
	}
	run := func(b *testing.B, prepare func() string, wantN int) {
		for b.Loop() {
			b.StopTimer()
			dir := prepare()
			b.StartTimer()
			n, _, err := Sync(ctx, st, keys, dir)
			if err != nil || n != wantN {
				b.Fatalf("Sync: %d objects, %v; want %d", n, err, wantN)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(len(keys)), "µs/object")
	}
	b.Run("unchanged", func(b *testing.B) {
		run(b, func() string { return root }, 0)
	})
	b.Run("manifest-lost", func(b *testing.B) {
		run(b, func() string { os.Remove(filepath.Join(root, ManifestName)); return root }, 0)
	})
	b.Run("cold", func(b *testing.B) {
		run(b, func() string { return b.TempDir() }, len(keys))
	})
}
