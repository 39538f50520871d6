package pipeline_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/pipeline"
	"github.com/pysurvey/pysurvey/pipeline/fetch"
	"github.com/pysurvey/pysurvey/pipeline/gitrepo"
	"github.com/pysurvey/pysurvey/pipeline/sources"
	"github.com/pysurvey/pysurvey/queries"
	"github.com/pysurvey/pysurvey/schema"
)

// probe is an extractor for these tests: it reports the size of .py
// files, panics on files named boom.py and sleeps when asked to.
type probe struct{ delay time.Duration }

func (probe) Name() string           { return "probe" }
func (probe) Version() int           { return 1 }
func (probe) Wants(path string) bool { return strings.HasSuffix(path, ".py") }
func (p probe) Extract(ctx context.Context, f *extractors.File) (extractors.Facts, error) {
	time.Sleep(p.delay)
	if strings.HasSuffix(f.Path, "boom.py") {
		var m map[string]int
		m["boom"]++ // a nil-map write: a real panic
	}
	return extractors.Facts{Symbols: []schema.Symbol{{Line: 1, Kind: "size", Name: fmt.Sprint(len(f.Content))}}}, nil
}

func TestPanicsSkipsAndMissingObjectsStayInTheirFile(t *testing.T) {
	files := fstest.MapFS{
		"ok.py":         {Data: []byte("x = 1\n")},
		"pkg/boom.py":   {Data: []byte("raise SystemExit\n")},
		"big.py":        {Data: bytes.Repeat([]byte("#\n"), 600)},
		"lost.py":       {Data: []byte("lost = True\n")},
		"after/last.py": {Data: []byte("y = 2\n")},
	}
	dir := filepath.Join(t.TempDir(), "repo.git")
	_, err := gitrepo.Create(dir, files, gitrepo.Options{Bare: true,
		Symlinks:   map[string]string{"link.py": "ok.py"},
		Submodules: map[string]string{"vendor/sub": "0123456789abcdef0123456789abcdef01234567"}})
	if err != nil {
		t.Fatal(err)
	}
	lost := plumbing.ComputeHash(plumbing.BlobObject, []byte("lost = True\n")).String()
	if err := os.Remove(filepath.Join(dir, "objects", lost[:2], lost[2:])); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	sum, err := run(t, dir, pipeline.Config{Out: out, Extractors: []extractors.Extractor{probe{}}, MaxFileSize: 1000})
	if err != nil || sum.ReposOK != 1 {
		t.Fatalf("run: %v %+v", err, sum)
	}
	rows := query(t, "SELECT path, kind, skipped_reason, error <> '', lines, extractors FROM '"+parquet(out, "files")+"' ORDER BY path")
	want := "after/last.py python  false 1 probe/1|big.py python too_large false NULL |link.py symlink symlink false NULL |" +
		"lost.py python  true NULL |ok.py python  false 1 probe/1|pkg/boom.py python  true 1 probe/1|vendor/sub submodule submodule false NULL "
	if got := joinRows(rows); got != want {
		t.Errorf("files\n got %s\nwant %s", got, want)
	}
	errs := query(t, "SELECT path, error FROM '"+parquet(out, "files")+"' WHERE error <> '' ORDER BY path")
	if !strings.Contains(errs[0][1], lost) || !strings.Contains(errs[1][1], "probe: panic: assignment to entry in nil map") ||
		!strings.Contains(errs[1][1], "failure_test.go:") {
		t.Errorf("errors %v", errs)
	}
	sizes := query(t, "SELECT path, name FROM '"+parquet(out, "symbols")+"' ORDER BY path")
	if got := joinRows(sizes); got != "after/last.py 6|ok.py 6" {
		t.Errorf("symbols %s", got)
	}
}

// makeManyFiles builds a bare repository of n small Python files.
func makeManyFiles(t *testing.T, n int) string {
	t.Helper()
	files := fstest.MapFS{}
	for i := range n {
		files[fmt.Sprintf("pkg%d/mod%d.py", i%10, i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("x = %d\n", i))}
	}
	dir := filepath.Join(t.TempDir(), fmt.Sprintf("many%d.git", n))
	if _, err := gitrepo.Create(dir, files, gitrepo.Options{Bare: true}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestInterruptedRunIsRecordedAndIgnoredByQueries(t *testing.T) {
	repo := makeManyFiles(t, 40)
	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	specs, _ := sources.ParseRepoList(strings.NewReader(repo+" a\n"+repo+" b\n"+repo+" c\n"), "/")
	sum, err := pipeline.Run(ctx, pipeline.Config{Repos: specs, Out: out, CacheDir: t.TempDir(), Workers: 1,
		Extractors: []extractors.Extractor{probe{}}, Progress: &cancelAfterFirstRepo{cancel: cancel}})
	if err == nil || sum.Status != "interrupted" {
		t.Fatalf("err %v status %s", err, sum.Status)
	}
	got := query(t, "SELECT status FROM '"+parquet(out, "runs")+"'")
	if joinRows(got) != "interrupted" {
		t.Errorf("runs %v", got)
	}
	if _, err := queries.Open(context.Background(), queries.Options{DataDir: out}); !errors.Is(err, queries.ErrNoRuns) {
		t.Errorf("queries.Open: %v, want ErrNoRuns", err)
	}
	assertEveryParquetReadable(t, out)
}

type cancelAfterFirstRepo struct{ cancel func() }

func (c *cancelAfterFirstRepo) Start(string, int)      {}
func (c *cancelAfterFirstRepo) RepoStarted(string)     {}
func (c *cancelAfterFirstRepo) RepoListed(string, int) {}
func (c *cancelAfterFirstRepo) RepoDone(string, bool)  { c.cancel() }
func (c *cancelAfterFirstRepo) FilesDone(int)          {}
func (c *cancelAfterFirstRepo) Finish()                {}

func assertEveryParquetReadable(t *testing.T, out string) {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(out, "*", "*", "*.parquet"))
	db, _ := sql.Open("duckdb", "")
	defer db.Close()
	for _, p := range paths {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM read_parquet(?)", p).Scan(&n); err != nil {
			t.Errorf("%s is not valid Parquet: %v", p, err)
		}
	}
}

// TestKilledRunLeavesNothingThatLooksComplete kills a child process
// running a survey once it has committed some parts.
func TestKilledRunLeavesNothingThatLooksComplete(t *testing.T) {
	if os.Getenv("PYSURVEY_KILL_CHILD") != "" {
		return
	}
	repo := makeManyFiles(t, 40)
	out := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillChild$")
	cmd.Env = append(os.Environ(), "PYSURVEY_KILL_CHILD="+repo, "PYSURVEY_KILL_OUT="+out)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		parts, _ := filepath.Glob(filepath.Join(out, "repos", "*", "*.parquet"))
		if len(parts) >= 2 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	parts, _ := filepath.Glob(filepath.Join(out, "repos", "*", "*.parquet"))
	if len(parts) < 2 {
		t.Fatalf("the child committed no parts before the kill")
	}
	if runs, _ := filepath.Glob(filepath.Join(out, "runs", "*", "*.parquet")); len(runs) != 0 {
		t.Errorf("a killed run has a runs file: %v", runs)
	}
	if _, err := queries.Open(context.Background(), queries.Options{DataDir: out}); !errors.Is(err, queries.ErrNoRuns) {
		t.Errorf("queries.Open: %v, want ErrNoRuns", err)
	}
	assertEveryParquetReadable(t, out)
}

// TestKillChild is the child of TestKilledRunLeavesNothingThatLooksComplete.
func TestKillChild(t *testing.T) {
	repo := os.Getenv("PYSURVEY_KILL_CHILD")
	if repo == "" {
		t.Skip("runs only as the child of TestKilledRunLeavesNothingThatLooksComplete")
	}
	var list strings.Builder
	for i := range 20 {
		fmt.Fprintf(&list, "%s r%d\n", repo, i)
	}
	specs, _ := sources.ParseRepoList(strings.NewReader(list.String()), "/")
	pipeline.Run(context.Background(), pipeline.Config{Repos: specs, Out: os.Getenv("PYSURVEY_KILL_OUT"), CacheDir: t.TempDir(),
		Readers: 1, Workers: 1, PartRows: 1, Extractors: []extractors.Extractor{probe{delay: 10 * time.Millisecond}}})
}

// TestNoCredentialReachesOutputOrLogs runs with tokens in the environment
// and a user name in a URL against an address that refuses connections.
func TestNoCredentialReachesOutputOrLogs(t *testing.T) {
	good := makeManyFiles(t, 3)
	var logs syncBuffer
	out := t.TempDir()
	list := good + "\nhttps://alice-the-user@127.0.0.1:1/org/x.git\nhttps://127.0.0.1:1/org/y.git"
	env := map[string]string{"GITHUB_TOKEN": "ghp_SECRET111", "GIT_TOKEN": "glpat-SECRET222"}
	creds := fetch.CredentialsFromEnv(func(k string) string { return env[k] })
	_, err := run(t, list, pipeline.Config{Out: out, Credentials: creds, RepoTimeout: 20 * time.Second,
		Logger: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	var dump strings.Builder
	for _, table := range []string{"runs", "repos", "files", "imports", "symbols", "dependencies", "projects"} {
		for _, row := range query(t, "SELECT * FROM '"+parquet(out, table)+"'") {
			dump.WriteString(strings.Join(row, " ") + "\n")
		}
	}
	for _, secret := range []string{"SECRET", "alice-the-user"} {
		if strings.Contains(dump.String(), secret) {
			t.Errorf("%q appears in the output", secret)
		}
		if strings.Contains(logs.String(), secret) {
			t.Errorf("%q appears in the logs", secret)
		}
	}
	if !strings.Contains(dump.String(), "https://127.0.0.1:1/org/x.git") || !strings.Contains(logs.String(), "repository failed") {
		t.Errorf("the failed repositories are not recorded:\n%s\n%s", dump.String(), logs.String())
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestLockFilesCountOverTheSizeLimit: a lock file is evidence by its
// presence, so one larger than --max-file-size still names its manager,
// and is not read.
func TestLockFilesCountOverTheSizeLimit(t *testing.T) {
	files := fstest.MapFS{
		"pyproject.toml": {Data: []byte("[project]\nname = \"app\"\ndependencies = [\"flask\"]\n")},
		"uv.lock":        {Data: bytes.Repeat([]byte("# lock\n"), 400)},
	}
	dir := filepath.Join(t.TempDir(), "app.git")
	if _, err := gitrepo.Create(dir, files, gitrepo.Options{Bare: true}); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if _, err := run(t, dir, pipeline.Config{Out: out, MaxFileSize: 1000}); err != nil {
		t.Fatal(err)
	}
	got := query(t, "SELECT managers, manifests FROM '"+parquet(out, "projects")+"'")
	if joinRows(got) != "uv pyproject.toml,uv.lock" {
		t.Errorf("projects %v", got)
	}
	lock := query(t, "SELECT size, lines, skipped_reason, extractors FROM '"+parquet(out, "files")+"' WHERE path = 'uv.lock'")
	if joinRows(lock) != "2800 NULL  lockfiles/4" {
		t.Errorf("uv.lock row %v", lock)
	}
	deps := query(t, "SELECT manager, name FROM '"+parquet(out, "dependencies")+"'")
	if joinRows(deps) != "uv flask" {
		t.Errorf("dependencies %v", deps)
	}
}

// TestNoDescriptorLeaks runs over many repositories and checks that the
// process holds no more open files afterwards than before.
func TestNoDescriptorLeaks(t *testing.T) {
	if _, err := os.ReadDir("/proc/self/fd"); err != nil {
		t.Skip("needs /proc/self/fd")
	}
	repo := makeManyFiles(t, 20)
	// Pack the objects: pack files are what handles keep open.
	r, err := git.PlainOpen(repo)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.RepackObjects(&git.RepackConfig{}); err != nil {
		t.Fatal(err)
	}
	if packs, _ := filepath.Glob(filepath.Join(repo, "objects", "pack", "*.pack")); len(packs) == 0 {
		t.Fatal("repack made no pack")
	}
	var list strings.Builder
	for i := range 30 {
		fmt.Fprintf(&list, "%s r%d\n", repo, i)
	}
	openFiles := func() int {
		fds, _ := os.ReadDir("/proc/self/fd")
		return len(fds)
	}
	run(t, list.String(), pipeline.Config{}) // warm up: DuckDB, caches
	// No garbage collection: finalizers of leaked files would hide a leak.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	runtime.GC()
	before := openFiles()
	if _, err := run(t, list.String(), pipeline.Config{}); err != nil {
		t.Fatal(err)
	}
	if after := openFiles(); after > before {
		t.Errorf("%d open files before the run, %d after", before, after)
	}
}

// hanger is an extractor that never returns on files named hang.py.
type hanger struct{}

func (hanger) Name() string           { return "hanger" }
func (hanger) Version() int           { return 1 }
func (hanger) Wants(path string) bool { return strings.HasSuffix(path, ".py") }
func (hanger) Extract(ctx context.Context, f *extractors.File) (extractors.Facts, error) {
	if strings.HasSuffix(f.Path, "hang.py") {
		select {} // ignores its context: the worst case
	}
	return extractors.Facts{Symbols: []schema.Symbol{{Line: 1, Kind: "seen", Name: f.Path}}}, nil
}

func TestAHangingExtractorCannotHangTheRun(t *testing.T) {
	files := fstest.MapFS{"a.py": {Data: []byte("a\n")}, "hang.py": {Data: []byte("h\n")}, "z.py": {Data: []byte("z\n")}}
	dir := filepath.Join(t.TempDir(), "repo.git")
	if _, err := gitrepo.Create(dir, files, gitrepo.Options{Bare: true}); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	sum, err := run(t, dir, pipeline.Config{Out: out, Extractors: []extractors.Extractor{hanger{}}, FileTimeout: 200 * time.Millisecond})
	if err != nil || sum.ReposOK != 1 {
		t.Fatalf("run: %v %+v", err, sum)
	}
	rows := query(t, "SELECT path, error FROM '"+parquet(out, "files")+"' ORDER BY path")
	if rows[0][1] != "" || rows[2][1] != "" || !strings.Contains(rows[1][1], "extraction abandoned after 200ms") {
		t.Errorf("files %v", rows)
	}
	if got := joinRows(query(t, "SELECT name FROM '"+parquet(out, "symbols")+"' ORDER BY name")); got != "a.py|z.py" {
		t.Errorf("symbols %s", got)
	}
}
