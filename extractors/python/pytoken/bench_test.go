package pytoken

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchFiles loads the fixtures, or every Python file under $BENCH_REPO.
func benchFiles(b *testing.B, fixtures string) ([][]byte, int64) {
	b.Helper()
	root := os.Getenv("BENCH_REPO")
	if root == "" {
		root = fixtures
	}
	var files [][]byte
	var total int64
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && (strings.HasSuffix(p, ".py") || strings.HasSuffix(p, ".pyi")) {
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
		b.Fatal(err)
	}
	if len(files) == 0 {
		b.Fatalf("no Python files under %s (BENCH_REPO must be a directory of files, not a git directory)", root)
	}
	return files, total
}

// BenchmarkScanner tokenizes every file once per op; MB/s is per core.
func BenchmarkScanner(b *testing.B) {
	files, total := benchFiles(b, "../testdata")
	b.SetBytes(total)
	b.ReportAllocs()
	var s Scanner
	n := 0
	for b.Loop() {
		for _, f := range files {
			s.Init(f)
			for s.Next().Kind > ERROR {
				n++
			}
		}
	}
	b.ReportMetric(float64(len(files)*b.N)/b.Elapsed().Seconds(), "files/s")
}
