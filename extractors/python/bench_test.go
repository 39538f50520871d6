package python

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/pysurvey/pysurvey/extractors"
)

// benchFiles loads the fixtures, or every Python file under $BENCH_REPO.
func benchFiles(tb testing.TB) ([][]byte, int64) {
	tb.Helper()
	root := os.Getenv("BENCH_REPO")
	if root == "" {
		root = "testdata"
	}
	var files [][]byte
	var total int64
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && extractors.IsPython(p) {
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			files = append(files, src)
			total += int64(len(src))
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if len(files) == 0 {
		tb.Fatalf("no Python files under %s (BENCH_REPO must be a directory of files, not a git directory)", root)
	}
	return files, total
}

// BenchmarkExtract extracts the facts of every file once per op, on one
// core; MB/s is per core.
func BenchmarkExtract(b *testing.B) {
	files, total := benchFiles(b)
	e := New()
	ctx := context.Background()
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		for _, src := range files {
			if _, err := e.Extract(ctx, &extractors.File{Path: "x.py", Content: src}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(files)*b.N)/b.Elapsed().Seconds(), "files/s")
}

// TestAllocsDoNotGrow checks that extracting a file allocates as much
// after many other files as before: nothing accumulates across calls.
func TestAllocsDoNotGrow(t *testing.T) {
	files, _ := benchFiles(t)
	e := New()
	ctx := context.Background()
	probe := &extractors.File{Path: "x.py", Content: files[0]}
	run := func() { _, _ = e.Extract(ctx, probe) }
	before := testing.AllocsPerRun(50, run)
	for i := 0; i < 20; i++ {
		for _, src := range files {
			_, _ = e.Extract(ctx, &extractors.File{Path: "x.py", Content: src})
		}
	}
	after := testing.AllocsPerRun(50, run)
	if after > before {
		t.Errorf("allocations per file grew from %.0f to %.0f", before, after)
	}
}
