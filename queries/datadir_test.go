package queries

import (
	"os"
	"path/filepath"
	"testing"
)

// TestReadableDir gives DuckDB a UTF-8 name of a directory whose own name
// is not UTF-8, and releasing that name leaves the directory as it was.
func TestReadableDir(t *testing.T) {
	plain := t.TempDir()
	if name, release, err := ReadableDir(plain); err != nil || name != plain {
		t.Fatalf("UTF-8 directory: %q, %v", name, err)
	} else {
		release()
	}
	dir := filepath.Join(t.TempDir(), "donn\xe9es")
	if err := os.MkdirAll(filepath.Join(dir, "runs"), 0o755); err != nil {
		t.Fatal(err)
	}
	name, release, err := ReadableDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(name, "runs")); err != nil || !fi.IsDir() {
		t.Fatalf("%s does not lead to %q: %v", name, dir, err)
	}
	release()
	if _, err := os.Lstat(name); !os.IsNotExist(err) {
		t.Errorf("link %s left after release: %v", name, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "runs")); err != nil {
		t.Errorf("release removed the data: %v", err)
	}
}
