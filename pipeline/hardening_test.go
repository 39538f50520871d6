package pipeline_test

import (
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/pipeline"
	"github.com/pysurvey/pysurvey/pipeline/gitrepo"
)

// treeBomb makes a repository of 12 objects whose tree holds 10^10 paths.
func treeBomb(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "bomb.git")
	if err := gitrepo.TreeBomb(dir, 10, 10); err != nil {
		t.Fatal(err)
	}
	return dir
}

// A tree bomb fails its repository at --max-files, with nothing of it
// written, and the run goes on.
func TestATreeBombFailsItsRepositoryAlone(t *testing.T) {
	bomb, good := treeBomb(t), makeManyFiles(t, 30)
	out := t.TempDir()
	sum, err := run(t, bomb+" bomb\n"+good+" good\n", pipeline.Config{Out: out, MaxFiles: 5000, Extractors: []extractors.Extractor{probe{}}})
	if err != nil || sum.ReposOK != 1 || sum.ReposFailed != 1 {
		t.Fatalf("run: %v, %+v", err, sum)
	}
	got := joinRows(query(t, "SELECT repo, status, error FROM '"+parquet(out, "repos")+"' ORDER BY repo"))
	if !strings.HasPrefix(got, "bomb failed too many entries in the tree: more than 5000 (raise --max-files)|good ok ") {
		t.Errorf("repos: %s", got)
	}
	// A failed repository leaves no row in any fact table.
	for _, table := range []string{"files", "symbols", "imports", "projects"} {
		if got := joinRows(query(t, "SELECT count(*) FROM '"+parquet(out, table)+"' WHERE repo = 'bomb'")); got != "0" {
			t.Errorf("%s holds %s rows of the failed repository", table, got)
		}
	}
}

// A repository that fails midway (its deadline passes while its files
// are read) leaves no row in any table but its repos row.
func TestARepositoryFailingMidwayLeavesNoRows(t *testing.T) {
	slow, good := makeManyFiles(t, 200), makeManyFiles(t, 20)
	out := t.TempDir()
	sum, err := run(t, slow+" slow\n"+good+" good\n", pipeline.Config{Out: out, Workers: 1, RepoTimeout: 300 * time.Millisecond,
		Extractors: []extractors.Extractor{probe{delay: 5 * time.Millisecond}}})
	if err != nil || sum.ReposFailed != 1 {
		t.Fatalf("run: %v, %+v", err, sum)
	}
	if got := joinRows(query(t, "SELECT status, error LIKE '%timed out%' FROM '"+parquet(out, "repos")+"' WHERE repo = 'slow'")); got != "failed true" {
		t.Fatalf("slow: %s", got)
	}
	if got := joinRows(query(t, "SELECT count(*) FROM '"+parquet(out, "files")+"' WHERE repo = 'slow'")); got != "0" {
		t.Errorf("the failed repository left %s files rows", got)
	}
}

// mountTmpfs mounts a tmpfs of size (with opts) at a new directory, or
// skips the test where that is not allowed.
func mountTmpfs(t *testing.T, opts string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", opts, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs (needs root): %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return dir
}

// A full disk stops the run at the first output error, naming the file,
// without surveying every remaining repository; what was written before
// stays whole and nothing looks complete.
func TestAFullDiskStopsTheRunAtOnce(t *testing.T) {
	out := mountTmpfs(t, "size=1m")
	repo := makeManyFiles(t, 300)
	var list strings.Builder
	for i := range 40 {
		fmt.Fprintf(&list, "%s r%02d\n", repo, i)
	}
	var logs syncBuffer
	sum, err := run(t, list.String(), pipeline.Config{Out: out, Workers: 1, Readers: 1, PartRows: 300, Logger: newTestLogger(&logs),
		Extractors: []extractors.Extractor{probe{}}})
	if err == nil || !strings.Contains(err.Error(), "no space left on device") {
		t.Fatalf("run on a full disk: %v", err)
	}
	text := logs.String()
	at := strings.Index(text, "writing output failed")
	if at < 0 {
		t.Fatalf("no log line of the output error:\n%s", text)
	}
	if after := strings.Count(text[at:], "repository surveyed"); after > 2 {
		t.Errorf("the run went on after the disk filled: %d repositories surveyed after the error", after)
	}
	if runs, _ := filepath.Glob(filepath.Join(out, "runs", "*", "*.parquet")); len(runs) != 0 {
		t.Errorf("a failed run has a runs file: %v", runs)
	}
	assertEveryParquetReadable(t, out)
	if litter, _ := filepath.Glob(filepath.Join(out, "*", "*", ".*.tmp")); len(litter) != 0 {
		t.Errorf("temporary files left: %v", litter)
	}
	_ = sum
}

// A read-only output is refused before any work.
func TestAReadOnlyOutputIsRefusedAtStart(t *testing.T) {
	out := mountTmpfs(t, "size=1m,ro")
	var logs syncBuffer
	_, err := run(t, makeManyFiles(t, 5)+" r\n", pipeline.Config{Out: out, Logger: newTestLogger(&logs), Extractors: []extractors.Extractor{probe{}}})
	if err == nil || !strings.Contains(err.Error(), "not writable") || strings.Contains(logs.String(), "repository surveyed") {
		t.Fatalf("run into a read-only output: %v\n%s", err, logs.String())
	}
}

// The temporary files a killed run left are removed by the next run into
// the same output.
func TestTheNextRunRemovesAKilledRunsLitter(t *testing.T) {
	out := t.TempDir()
	dir := filepath.Join(out, "files", "run_date=2026-01-01")
	os.MkdirAll(dir, 0o755)
	litter := filepath.Join(dir, ".20260101T000000Z-abcdef-p0003.parquet.tmp")
	os.WriteFile(litter, []byte("half"), 0o644)
	if _, err := run(t, makeManyFiles(t, 3)+" r\n", pipeline.Config{Out: out, Extractors: []extractors.Extractor{probe{}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(litter); !os.IsNotExist(err) {
		t.Errorf("the killed run's temporary file is still there: %v", err)
	}
}

// newTestLogger logs text lines into w.
func newTestLogger(w *syncBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, nil))
}
