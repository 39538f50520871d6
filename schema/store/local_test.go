package store

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// openLocalStore opens a new local store in a temporary directory.
func openLocalStore(t *testing.T) (Store, string) {
	t.Helper()
	root := filepath.Join(t.TempDir(), "out")
	st, err := Open(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	if st.Local() != root || st.String() != root {
		t.Fatalf("Local() = %q, String() = %q, want %q", st.Local(), st.String(), root)
	}
	return st, root
}

func TestLocalUploadIsRename(t *testing.T) {
	st, root := openLocalStore(t)
	ctx := context.Background()
	stage, err := Staging(st, "")
	if err != nil {
		t.Fatal(err)
	}
	if stage != filepath.Join(root, StagingDir) {
		t.Errorf("Staging = %q, want a hidden directory in the root", stage)
	}
	data := randomBytes(5000, 1)
	path := writeFile(t, stage, "files/run_date=2026-12-01/.r1-p0000.parquet.tmp", data)
	before, _ := os.Stat(path)
	key := "files/run_date=2026-12-01/r1-p0000.parquet"
	if err := st.Upload(ctx, key, path); err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(filepath.Join(root, key))
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) {
		t.Error("Upload copied the file: want a rename (the same inode)")
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the staged file is still there (%v)", err)
	}
	// Replacing an object is a rename too.
	path = writeFile(t, stage, "again", []byte("v2"))
	if err := st.Upload(ctx, key, path); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(root, key)); string(got) != "v2" {
		t.Errorf("object holds %q after a second upload", got)
	}
	// The staging directory is not an object, nor what is staged in it.
	writeFile(t, stage, "files/run_date=2026-12-01/pending.parquet", []byte("x"))
	objs, err := st.List(ctx, "")
	if err != nil || len(objs) != 1 || objs[0].Key != key {
		t.Errorf("List = %v, %v: want only %s", objs, err, key)
	}
	if err := st.Upload(ctx, "x", filepath.Join(stage, "missing")); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("Upload of a missing file: %v", err)
	}
	if err := st.Upload(ctx, "x", stage); err == nil {
		t.Error("Upload of a directory succeeded")
	}
}

func TestLocalList(t *testing.T) {
	st, root := openLocalStore(t)
	ctx := context.Background()
	if objs, err := st.List(ctx, "files/"); err != nil || len(objs) != 0 {
		t.Fatalf("List of a missing root = %v, %v", objs, err)
	}
	for _, name := range []string{
		"files/run_date=2026-12-01/r1-p0001.parquet",
		"files/run_date=2026-12-01/r1-p0000.parquet",
		"files/run_date=2026-12-02/r2-p0000.parquet",
		"files/run_date=2026-12-01/.r3-p0000.parquet.tmp", // another writer's, not committed
		"files-old/x.parquet",
		"files/.hidden.tmp/y.parquet",
		"runs/run_date=2026-12-01/r1.parquet",
		".staging.tmp/files/z.parquet",
		"files/run_date=2026-12-01/.keep",
	} {
		writeFile(t, root, name, []byte(name))
	}
	if err := os.Symlink(filepath.Join(root, "runs"), filepath.Join(root, "files", "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "runs/run_date=2026-12-01/r1.parquet"), filepath.Join(root, "files", "l.parquet")); err != nil {
		t.Fatal(err)
	}
	keys := func(prefix string) []string {
		t.Helper()
		objs, err := st.List(ctx, prefix)
		if err != nil {
			t.Fatal(err)
		}
		out := []string{}
		for _, o := range objs {
			out = append(out, o.Key)
			if o.Size != int64(len(o.Key)) || time.Since(o.ModTime) > time.Minute || o.MD5 != nil {
				t.Errorf("listed %+v", o)
			}
		}
		return out
	}
	for _, tc := range []struct {
		prefix string
		want   []string
	}{
		{"files/", []string{
			"files/run_date=2026-12-01/.keep",
			"files/run_date=2026-12-01/r1-p0000.parquet",
			"files/run_date=2026-12-01/r1-p0001.parquet",
			"files/run_date=2026-12-02/r2-p0000.parquet",
		}},
		{"files", []string{
			"files-old/x.parquet",
			"files/run_date=2026-12-01/.keep",
			"files/run_date=2026-12-01/r1-p0000.parquet",
			"files/run_date=2026-12-01/r1-p0001.parquet",
			"files/run_date=2026-12-02/r2-p0000.parquet",
		}},
		{"files/run_date=2026-12-0", []string{
			"files/run_date=2026-12-01/.keep",
			"files/run_date=2026-12-01/r1-p0000.parquet",
			"files/run_date=2026-12-01/r1-p0001.parquet",
			"files/run_date=2026-12-02/r2-p0000.parquet",
		}},
		{"files/run_date=2026-12-02/", []string{"files/run_date=2026-12-02/r2-p0000.parquet"}},
		{"runs/run_date=2026-12-01/r1.parquet", []string{"runs/run_date=2026-12-01/r1.parquet"}},
		{"nothing/", []string{}},
		{"files/run_date=2026-12-01/r1-p0000.parquet/", []string{}},
	} {
		if got := keys(tc.prefix); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("List(%q) = %q, want %q", tc.prefix, got, tc.want)
		}
	}
	if all := keys(""); len(all) != 6 {
		t.Errorf("List() = %q, want the 6 committed files", all)
	}
	if _, err := st.List(ctx, "../"); err == nil {
		t.Error("List took a prefix with ..")
	}
	// A root that is a symbolic link to a directory is listed.
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(root, link); err != nil {
		t.Fatal(err)
	}
	viaLink, err := Open(ctx, link)
	if err != nil {
		t.Fatal(err)
	}
	if objs, err := viaLink.List(ctx, ""); err != nil || len(objs) != 6 {
		t.Errorf("List through a linked root = %d objects, %v", len(objs), err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := st.List(cancelled, ""); !errors.Is(err, context.Canceled) {
		t.Errorf("List with a cancelled context: %v", err)
	}
}

func TestLocalDownloadAndDelete(t *testing.T) {
	st, root := openLocalStore(t)
	ctx := context.Background()
	data := randomBytes(100<<10, 2)
	src := writeFile(t, root, "files/a.parquet", data)
	old := time.Date(2026, 11, 30, 1, 2, 3, 0, time.UTC)
	if err := os.Chtimes(src, old, old); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	dest := filepath.Join(dir, "sub", "a.parquet")
	if err := st.Download(ctx, "files/a.parquet", dest); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(dest)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("downloaded %d bytes (%v)", len(got), err)
	}
	info, _ := os.Stat(dest)
	if !info.ModTime().Equal(old) {
		t.Errorf("copy's time %v, want the object's %v", info.ModTime(), old)
	}
	if a, b := mustStat(t, src), info; os.SameFile(a, b) {
		t.Error("Download linked the file: want a copy")
	}
	err = st.Download(ctx, "files/missing.parquet", filepath.Join(dir, "m"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Download of a missing key: %v", err)
	}
	if names := dirNames(t, dir); !reflect.DeepEqual(names, []string{"sub"}) {
		t.Errorf("Download left %q", names)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := st.Download(cancelled, "files/a.parquet", filepath.Join(dir, "c")); !errors.Is(err, context.Canceled) {
		t.Errorf("Download with a cancelled context: %v", err)
	}
	if names := dirNames(t, dir); !reflect.DeepEqual(names, []string{"sub"}) {
		t.Errorf("a cancelled Download left %q", names)
	}

	if err := st.Delete(ctx, "files/a.parquet"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(src); !errors.Is(err, fs.ErrNotExist) {
		t.Error("Delete left the file")
	}
	if err := st.Delete(ctx, "files/a.parquet"); err != nil {
		t.Errorf("Delete of a missing key: %v", err)
	}
	if err := st.Delete(ctx, "files"); err == nil {
		t.Error("Delete removed a directory")
	}
}

func mustStat(t *testing.T, path string) os.FileInfo {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info
}

func TestLocalOpen(t *testing.T) {
	file := writeFile(t, t.TempDir(), "f", []byte("x"))
	if _, err := Open(context.Background(), file); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("Open of a file: %v", err)
	}
	dir := t.TempDir()
	st, err := Open(context.Background(), "file://"+dir)
	if err != nil || st.Local() != dir {
		t.Fatalf("Open(file://%s) = %v, %v", dir, st, err)
	}
}

func TestStaging(t *testing.T) {
	f := newFakeS3(t)
	a, b := f.open("a"), f.open("b")
	cache := t.TempDir()
	da, err := Staging(a, cache)
	if err != nil {
		t.Fatal(err)
	}
	db, err := Staging(b, cache)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(da) != cache || filepath.Dir(db) != cache || da == db {
		t.Errorf("Staging = %q and %q: want distinct directories in %s", da, db, cache)
	}
	if info, err := os.Stat(da); err != nil || !info.IsDir() {
		t.Errorf("Staging did not make %s", da)
	}
	if _, err := Staging(a, ""); err == nil {
		t.Error("Staging of a bucket without a cache directory")
	}
}

func TestKeysRefused(t *testing.T) {
	f := newFakeS3(t)
	local, _ := openLocalStore(t)
	ctx := context.Background()
	file := writeFile(t, t.TempDir(), "a", []byte("x"))
	for _, st := range []Store{local, f.open("p")} {
		for _, key := range []string{"", "../a", "a/../../b", "/etc/passwd", "a\x00b", "a//b", `a\..\b`} {
			errs := []error{
				st.Upload(ctx, key, file),
				st.Download(ctx, key, filepath.Join(t.TempDir(), "d")),
				st.Delete(ctx, key),
			}
			_, _, syncErr := Sync(ctx, st, []string{key}, t.TempDir())
			errs = append(errs, syncErr)
			for i, err := range errs {
				if err == nil || !strings.Contains(err.Error(), "key") {
					t.Errorf("%s: operation %d took key %q: %v", st, i, key, err)
				}
			}
		}
	}
	if _, err := os.Stat(file); err != nil {
		t.Errorf("a refused upload moved the file: %v", err)
	}
	if keys := f.keys(); len(keys) != 0 {
		t.Errorf("refused keys made objects %q", keys)
	}
}

func TestLocalSync(t *testing.T) {
	st, root := openLocalStore(t)
	ctx := context.Background()
	keys := []string{"runs/a.parquet", "files/d/b.parquet"}
	for i, k := range keys {
		writeFile(t, root, k, randomBytes(1000+i, uint64(i)))
	}
	cache := t.TempDir()
	for i, want := range []int{2, 0} {
		n, size, err := Sync(ctx, st, keys, cache)
		if err != nil || n != want || (want == 2 && size != 2001) {
			t.Errorf("Sync %d: %d objects, %d bytes, %v; want %d", i, n, size, err, want)
		}
	}
	// Rewritten with the same size: the time tells.
	writeFile(t, root, keys[0], randomBytes(1000, 77))
	later := time.Now().Add(time.Hour)
	os.Chtimes(filepath.Join(root, keys[0]), later, later)
	if n, _, err := Sync(ctx, st, keys, cache); err != nil || n != 1 {
		t.Errorf("Sync after a rewrite: %d objects, %v", n, err)
	}
	got, _ := os.ReadFile(filepath.Join(cache, keys[0]))
	want, _ := os.ReadFile(filepath.Join(root, keys[0]))
	if !bytes.Equal(got, want) {
		t.Error("the copy is not the rewritten object")
	}
}
