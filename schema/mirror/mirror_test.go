package mirror_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/pysurvey/pysurvey/schema"
	"github.com/pysurvey/pysurvey/schema/mirror"
	"github.com/pysurvey/pysurvey/schema/store/s3test"
)

// A copy of a bucket: pushes keep the copy's files and put them in the
// bucket; a pull brings what another process pushed, removes what the
// bucket no longer holds, and lists what it leaves out for Exists.
func TestACopyFollowsTheBucket(t *testing.T) {
	ctx := context.Background()
	srv := s3test.New(t, nil)
	open := func() *mirror.Root {
		r, err := mirror.Open(ctx, srv.Location("out"), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
		return r
	}
	a, b := open(), open()
	if !a.Remote() || a.Dir() == b.Dir() {
		t.Fatalf("copies: remote %v, %s and %s", a.Remote(), a.Dir(), b.Dir())
	}
	write := func(r *mirror.Root, rel, text string) string {
		p := filepath.Join(r.Dir(), filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	runs := write(a, "runs/run_date=2026-12-01/r1.parquet", "row of r1")
	facts := write(a, "files/run_date=2026-12-01/r1-p0000.parquet", "facts of r1")
	if err := a.Push(ctx, facts, runs); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(runs); err != nil {
		t.Errorf("the copy lost a pushed file: %v", err)
	}
	if got := srv.Keys(t); len(got) != 2 {
		t.Errorf("bucket keys after the push: %v", got)
	}

	// b pulls the runs and lists the facts without copying them.
	stale := write(b, "runs/run_date=2026-11-30/r0.parquet", "pruned elsewhere")
	if err := b.PullHistory(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.Pull(ctx, func(string) bool { return false }, "files/"); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(b.Dir(), "runs", "run_date=2026-12-01", "r1.parquet"))
	if err != nil || !bytes.Equal(got, []byte("row of r1")) {
		t.Errorf("pulled runs file: %q %v", got, err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("a file the bucket does not hold stayed in the copy")
	}
	bFacts := filepath.Join(b.Dir(), "files", "run_date=2026-12-01", "r1-p0000.parquet")
	if _, err := os.Stat(bFacts); err == nil {
		t.Error("facts left out of the pull were copied")
	}
	if !b.Exists(bFacts) || b.Exists(filepath.Join(b.Dir(), "files", "run_date=2026-12-01", "r9-p0000.parquet")) {
		t.Error("Exists does not answer from the listing")
	}
	parts := map[string]bool{"run_date=2026-12-01/r1-p0000": true}
	if err := b.PullParts(ctx, []*schema.Table{schema.FilesTable}, parts); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(bFacts); err != nil || string(got) != "facts of r1" {
		t.Errorf("pulled part: %q %v", got, err)
	}
	if m := b.Moved(); m.PulledObjects != 2 || m.PushedObjects != 0 {
		t.Errorf("moved: %+v", m)
	}
	// A second pull of the same downloads nothing.
	before := b.Moved()
	if err := b.PullHistory(ctx); err != nil {
		t.Fatal(err)
	}
	if b.Moved() != before {
		t.Errorf("a pull of unchanged objects moved %+v (before %+v)", b.Moved(), before)
	}
}

// A local output root is its own copy: nothing is pulled or pushed.
func TestALocalRootIsItsOwnCopy(t *testing.T) {
	dir := t.TempDir()
	r, err := mirror.Open(context.Background(), dir, "")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	p := filepath.Join(dir, "runs", "x.parquet")
	os.MkdirAll(filepath.Dir(p), 0o755)
	os.WriteFile(p, []byte("x"), 0o644)
	if r.Remote() || r.Dir() != dir || !r.Exists(p) {
		t.Fatalf("local root: remote %v, dir %s, exists %v", r.Remote(), r.Dir(), r.Exists(p))
	}
	if err := r.PullHistory(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := r.Push(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Errorf("a push moved a local root's file: %v", err)
	}
}
