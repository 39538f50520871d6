package pipeline

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"golang.org/x/sync/errgroup"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/pipeline/fetch"
	"github.com/pysurvey/pysurvey/pipeline/gitpack"
	"github.com/pysurvey/pysurvey/pipeline/sources"
	"github.com/pysurvey/pysurvey/schema"
)

// slowFile is the extraction time past which a file is logged as slow.
const slowFile = time.Second

// resultsPerReader bounds, per reader, the file results waiting for a
// writer. Flushing a batch of a table keeps a writer busy for a few
// milliseconds; with room for this many results the readers go on
// meanwhile instead of leaving a core idle (saleor: ~8% less wall time
// than with 4).
const resultsPerReader = 32

// Defaults of Config.
const (
	DefaultMaxFileSize = 1 << 20
	DefaultRepoTimeout = 10 * time.Minute
	DefaultFileTimeout = time.Minute
)

// Config says what a run surveys and where it writes.
type Config struct {
	// Repos to survey.
	Repos []sources.RepoSpec
	// Out is the output root.
	Out string
	// CacheDir holds clones of remote repositories.
	CacheDir string
	// Extractors to run on each file.
	Extractors []extractors.Extractor
	// Workers bounds the repositories processed at once (default: CPU count).
	Workers int
	// Readers bounds the files read and extracted at once, across all
	// repositories (default: CPU count). One writer goroutine per two
	// readers (at most 8) writes their rows, each into its own files.
	Readers int
	// MaxFileSize: larger files are recorded as skipped (default 1 MiB).
	MaxFileSize int64
	// RepoTimeout bounds the time spent on one repository (default 10 min).
	RepoTimeout time.Duration
	// FileTimeout bounds the extraction of one file (default 1 min). An
	// extractor still running then is abandoned and the file records the
	// error, so that no file can hang a run.
	FileTimeout time.Duration
	// Credentials for HTTPS and SSH remotes.
	Credentials fetch.Credentials
	// Retries: a transient fetch failure is retried this many times,
	// within RepoTimeout (0: none; the command line's default is 2).
	Retries int
	// MaxRepoSize bounds what one repository's fetch may download
	// (default fetch.DefaultMaxRepoSize).
	MaxRepoSize int64
	// ToolVersion is recorded in the runs table and file metadata.
	ToolVersion string
	// Logger receives progress and problems; nil discards them.
	Logger *slog.Logger
	// Progress, when set, is told as repositories and files are done.
	Progress Progress
	// Now returns the current time (default time.Now).
	Now func() time.Time
	// FileRows overrides schema.FileRows (for tests of sharding).
	FileRows int
}

// Progress is told how a run advances. Its methods are called from the
// aggregator goroutine only.
type Progress interface {
	// Start is called once with the number of repositories.
	Start(repos int)
	// RepoDone is called when a repository is finished, ok or failed.
	RepoDone(repo string, ok bool)
	// FilesDone adds to the count of files processed.
	FilesDone(n int)
	// Finish is called once when the run ends.
	Finish()
}

// Summary is what a run did.
type Summary struct {
	// RunID identifies the run in every table.
	RunID string
	// StartedAt and FinishedAt bound the run.
	StartedAt, FinishedAt time.Time
	// ReposOK and ReposFailed count the repositories.
	ReposOK, ReposFailed int
	// Files counts the files recorded.
	Files int64
	// Status is 'complete' or 'interrupted'.
	Status string
	// Failures names each failed repository and why.
	Failures []string
}

// ErrAllFailed is returned when every listed repository failed.
var ErrAllFailed = errors.New("every repository failed")

// Run surveys the repositories of cfg and writes the tables. A failing
// repository is recorded and never stops the run. Run returns an error only
// when output could not be written, when ctx was cancelled (the run is then
// recorded as interrupted and what was written stays valid) or, as
// ErrAllFailed, when every repository failed.
func Run(ctx context.Context, cfg Config) (Summary, error) {
	cfg = withDefaults(cfg)
	started := cfg.Now().UTC()
	sum := Summary{RunID: newRunID(started), StartedAt: started}
	opts := schema.WriterOptions{Dir: cfg.Out, RunID: sum.RunID, RunDate: started, ToolVersion: cfg.ToolVersion, FileRows: cfg.FileRows}
	sink, err := newSink(opts)
	if err != nil {
		return sum, err
	}
	r := &runner{cfg: cfg, runID: sum.RunID, fetcher: fetch.New(fetch.Options{CacheDir: cfg.CacheDir, Credentials: cfg.Credentials,
		Retries: cfg.Retries, MaxRepoSize: cfg.MaxRepoSize, Logger: cfg.Logger}), facts: newFactTables(opts),
		jobs: make(chan fileJob, 4*cfg.Readers), rows: make(chan *fileResult, resultsPerReader*cfg.Readers),
		results: make(chan any, resultsPerReader*cfg.Readers)}

	cfg.Logger.Info("run started", "run_id", sum.RunID, "repos", len(cfg.Repos), "workers", cfg.Workers, "readers", cfg.Readers)
	if cfg.Progress != nil {
		cfg.Progress.Start(len(cfg.Repos))
	}
	aggDone := make(chan error, 1)
	go func() { aggDone <- r.aggregate(sink, &sum) }()

	writeErrs := make([]error, writers(cfg.Readers))
	var writing sync.WaitGroup
	for i := range writeErrs {
		writing.Go(func() { writeErrs[i] = r.writeFiles() })
	}
	var readers sync.WaitGroup
	for range cfg.Readers {
		readers.Go(r.readFiles)
	}
	g := new(errgroup.Group)
	g.SetLimit(cfg.Workers)
	for _, spec := range cfg.Repos {
		if ctx.Err() != nil {
			break
		}
		g.Go(func() error { r.surveyRepo(ctx, spec); return nil })
	}
	g.Wait()
	close(r.jobs)
	readers.Wait()
	close(r.rows)
	writing.Wait()
	close(r.results)
	aggErr := <-aggDone

	sum.FinishedAt = cfg.Now().UTC()
	sum.Status = "complete"
	if ctx.Err() != nil {
		sum.Status = "interrupted"
	}
	if cfg.Progress != nil {
		cfg.Progress.Finish()
	}
	if err := firstError(append(writeErrs, aggErr)); err != nil {
		sink.abort()
		return sum, fmt.Errorf("writing output: %w", err)
	}
	if err := errors.Join(sink.close(), r.facts.writeEmpty()); err != nil {
		return sum, fmt.Errorf("writing output: %w", err)
	}
	run := schema.Run{RunID: sum.RunID, StartedAt: sum.StartedAt, FinishedAt: sum.FinishedAt, ToolVersion: cfg.ToolVersion,
		SchemaVersion: schema.Version, ReposOK: int64(sum.ReposOK), ReposFailed: int64(sum.ReposFailed), Status: sum.Status}
	if err := writeRun(schema.WriterOptions{Dir: cfg.Out, RunID: sum.RunID, RunDate: started, ToolVersion: cfg.ToolVersion}, run); err != nil {
		return sum, fmt.Errorf("writing output: %w", err)
	}
	cfg.Logger.Info("run finished", "run_id", sum.RunID, "status", sum.Status, "repos_ok", sum.ReposOK,
		"repos_failed", sum.ReposFailed, "files", sum.Files, "duration", sum.FinishedAt.Sub(started).Round(time.Millisecond).String())
	switch {
	case ctx.Err() != nil:
		return sum, fmt.Errorf("run interrupted: %w", context.Cause(ctx))
	case len(cfg.Repos) > 0 && sum.ReposOK == 0:
		return sum, ErrAllFailed
	}
	return sum, nil
}

// firstError returns the first error that is not nil: the writers' errors
// are usually one and the same (a full disk), not worth repeating.
func firstError(errs []error) error {
	if i := slices.IndexFunc(errs, func(err error) bool { return err != nil }); i >= 0 {
		return errs[i]
	}
	return nil
}

func withDefaults(cfg Config) Config {
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.NumCPU()
	}
	if cfg.Readers <= 0 {
		cfg.Readers = runtime.NumCPU()
	}
	if cfg.MaxFileSize <= 0 {
		cfg.MaxFileSize = DefaultMaxFileSize
	}
	if cfg.RepoTimeout <= 0 {
		cfg.RepoTimeout = DefaultRepoTimeout
	}
	if cfg.FileTimeout <= 0 {
		cfg.FileTimeout = DefaultFileTimeout
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.ToolVersion == "" {
		cfg.ToolVersion = "dev"
	}
	return cfg
}

// newRunID makes a run identifier that sorts by start time.
func newRunID(t time.Time) string {
	var b [3]byte
	rand.Read(b[:])
	return t.Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}

// runner holds the state shared by a run's goroutines.
type runner struct {
	cfg     Config
	runID   string
	fetcher *fetch.Fetcher
	facts   factTables
	jobs    chan fileJob
	rows    chan *fileResult // to the writers
	results chan any         // *fileDone or *repoResult, to the aggregator
}

// repoState is one repository being surveyed, shared by its file jobs.
type repoState struct {
	ctx    context.Context
	key    schema.RepoKey
	gitDir string
	commit string
	tree   plumbing.Hash // the commit's
	// packs reads blobs from the repository's packs for all readers (nil
	// when they could not be opened: go-git reads everything then).
	packs *gitpack.Reader
	// commitTime is the commit's committer time, once resolved.
	commitTime *time.Time
	attempts   int         // fetches tried
	done       atomic.Bool // set when every file job finished
	wg         sync.WaitGroup

	// Totals, added to by the file readers.
	bytes, pythonFiles, files atomic.Int64
}

// fileJob asks a reader to process one entry.
type fileJob struct {
	repo  *repoState
	entry entry
}

// fileResult is one file's row and facts.
type fileResult struct {
	file  schema.File
	facts extractors.Facts
}

// repoResult is a finished repository's row, sent after all its files.
type repoResult struct {
	repo schema.Repo
}

// surveyRepo prepares one repository, lists its tree into file jobs, waits
// for them, and sends its repos row. Every failure ends up in that row.
func (r *runner) surveyRepo(ctx context.Context, spec sources.RepoSpec) {
	start := time.Now()
	row := schema.Repo{RepoKey: schema.RepoKey{RunID: r.runID, Repo: spec.Name}, Source: spec.Source, Ref: spec.Ref, Status: "ok"}
	rctx, cancel := context.WithTimeoutCause(ctx, r.cfg.RepoTimeout, fmt.Errorf("timed out after %s", r.cfg.RepoTimeout))
	defer cancel()
	st := &repoState{ctx: rctx, key: row.RepoKey}
	err := r.walkRepo(rctx, spec, st)
	st.wg.Wait()
	st.done.Store(true)
	if st.packs != nil {
		st.packs.Close()
	}
	if err == nil && rctx.Err() != nil {
		err = context.Cause(rctx)
	}
	row.Commit, row.CommitTime = st.commit, st.commitTime
	row.Files, row.PythonFiles, row.Bytes = st.files.Load(), st.pythonFiles.Load(), st.bytes.Load()
	row.Attempts = int64(st.attempts)
	if err != nil {
		row.Status, row.Error = "failed", r.cfg.Credentials.Redact(err.Error())
		r.cfg.Logger.Warn("repository failed", "repo", spec.Name, "source", spec.Source, "error", row.Error)
	}
	row.DurationMS = time.Since(start).Milliseconds()
	r.results <- &repoResult{repo: row}
}

// walkRepo prepares the repository and queues a job per tree entry.
func (r *runner) walkRepo(ctx context.Context, spec sources.RepoSpec, st *repoState) error {
	prep, err := r.fetcher.Prepare(ctx, spec)
	st.attempts = prep.Attempts
	if err != nil {
		return err
	}
	defer prep.Closer.Close()
	gitDir, commit := prep.GitDir, prep.Commit
	if packs, err := gitpack.Open(gitDir); err == nil {
		st.packs = packs
	} else {
		r.cfg.Logger.Debug("reading packs through go-git", "repo", spec.Name, "error", err)
	}
	when := commit.Committer.When.UTC()
	st.gitDir, st.commit, st.tree, st.commitTime = gitDir, commit.Hash.String(), commit.TreeHash, &when
	tree, err := commit.Tree()
	if err != nil {
		return fmt.Errorf("reading tree of %s: %w", st.commit, err)
	}
	return listTree(ctx, tree, "", func(e entry) error {
		st.wg.Add(1)
		select {
		case r.jobs <- fileJob{repo: st, entry: e}:
			return nil
		case <-ctx.Done():
			st.wg.Done()
			return context.Cause(ctx)
		}
	})
}

// readFiles is a reader goroutine: it processes file jobs with its own
// repository handles until the jobs channel closes.
func (r *runner) readFiles() {
	handles := map[*repoState]*handle{}
	defer func() {
		for _, h := range handles {
			h.close()
		}
	}()
	for job := range r.jobs {
		for st, h := range handles {
			if st.done.Load() {
				h.close()
				delete(handles, st)
			}
		}
		h, ok := handles[job.repo]
		if !ok {
			h = r.openHandle(job.repo)
			handles[job.repo] = h
		}
		r.processFile(h, job)
		job.repo.wg.Done()
	}
}

// handle is a reader's view of one repository. Objects come from the
// repository's shared pack reader when it holds them; anything else goes
// through the reader's own go-git repository (go-git repositories are not
// safe to share), opened when first needed.
type handle struct {
	gitDir  string
	commit  plumbing.Hash
	tree    plumbing.Hash   // the commit's
	packs   *gitpack.Reader // shared by the readers; nil when unreadable
	maxSize int64
	files   *treeReader

	// mu guards the go-git fields: an abandoned extractor may still read.
	mu     sync.Mutex
	repo   *git.Repository
	root   *object.Tree
	closer io.Closer
	err    error // why go-git could not open the repository
}

func (h *handle) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closer != nil {
		h.closer.Close()
		h.closer = nil
	}
}

func (r *runner) openHandle(st *repoState) *handle {
	h := &handle{gitDir: st.gitDir, commit: plumbing.NewHash(st.commit), tree: st.tree, packs: st.packs, maxSize: r.cfg.MaxFileSize}
	h.files = &treeReader{h: h}
	return h
}

// gitRepo opens the go-git repository and the commit's tree, once.
func (h *handle) gitRepo() (*git.Repository, *object.Tree, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.root != nil || h.err != nil {
		return h.repo, h.root, h.err
	}
	repo, closer, err := fetch.OpenRepository(h.gitDir, h.maxSize)
	if err != nil {
		h.err = err
		return nil, nil, err
	}
	h.repo, h.closer = repo, closer
	c, err := repo.CommitObject(h.commit)
	if err != nil {
		h.err = fmt.Errorf("reading commit %s: %w", h.commit, err)
		return nil, nil, h.err
	}
	if h.root, err = c.Tree(); err != nil {
		h.err = fmt.Errorf("reading tree of %s: %w", h.commit, err)
		return nil, nil, h.err
	}
	return h.repo, h.root, nil
}

// readBlob reads a blob whole, refusing blobs over maxSize: from the
// packs when they hold it, else through go-git.
func (h *handle) readBlob(id plumbing.Hash) ([]byte, int64, error) {
	if h.packs != nil {
		content, size, err := h.packs.ReadBlob(id, h.maxSize)
		if !errors.Is(err, gitpack.ErrNotPacked) {
			return content, size, err
		}
	}
	repo, _, err := h.gitRepo()
	if err != nil {
		return nil, 0, err
	}
	return readGitBlob(repo, id, h.maxSize)
}

// blobSize returns the size of a blob without inflating it.
func (h *handle) blobSize(id plumbing.Hash) (int64, error) {
	if h.packs != nil {
		size, err := h.packs.ObjectSize(id)
		if !errors.Is(err, gitpack.ErrNotPacked) {
			return size, err
		}
	}
	repo, _, err := h.gitRepo()
	if err != nil {
		return 0, err
	}
	return repo.Storer.EncodedObjectSize(id)
}

// findEntry finds a path in the commit's tree.
func (h *handle) findEntry(p string) (filemode.FileMode, plumbing.Hash, error) {
	if h.packs != nil {
		mode, id, err := h.packs.FindEntry(h.tree, p)
		if !errors.Is(err, gitpack.ErrNotPacked) {
			return mode, id, err
		}
	}
	_, root, err := h.gitRepo()
	if err != nil {
		return 0, plumbing.ZeroHash, err
	}
	e, err := root.FindEntry(p)
	if err != nil {
		return 0, plumbing.ZeroHash, err
	}
	return e.Mode, e.Hash, nil
}

// processFile reads and extracts one entry, hands its rows to the writers
// and tells the aggregator, with the project rows it found.
func (r *runner) processFile(h *handle, job fileJob) {
	st, e := job.repo, job.entry
	if st.ctx.Err() != nil {
		return
	}
	key := schema.FileKey{RepoKey: st.key, Path: e.path}
	row := fileRow(key, st.commit, e)
	res := &fileResult{}
	st.files.Add(1)
	if extractors.IsPython(e.path) && e.mode != filemode.Symlink && e.mode != filemode.Submodule {
		st.pythonFiles.Add(1)
	}
	switch {
	case e.err != nil:
		row.Error = e.err.Error()
	case row.SkippedReason != "":
	default:
		r.readAndExtract(h, st, e, &row, res)
	}
	res.file = row
	if st.ctx.Err() != nil {
		return
	}
	r.results <- &fileDone{file: key, projects: res.facts.Projects}
	r.rows <- res
}

func (r *runner) readAndExtract(h *handle, st *repoState, e entry, row *schema.File, res *fileResult) {
	wanted, needsContent := wantedBy(r.cfg.Extractors, e.path)
	if !needsContent {
		// Only the size is needed, found without inflating the blob.
		size, err := h.blobSize(e.hash)
		if err != nil {
			row.Error = fmt.Sprintf("reading blob %s: %v", e.hash, err)
			return
		}
		row.Size = size
		st.bytes.Add(size)
		if wanted {
			r.runExtractors(h, st, e, row, res, nil)
		}
		return
	}
	content, size, err := h.readBlob(e.hash)
	row.Size = size
	st.bytes.Add(size)
	switch {
	case size > r.cfg.MaxFileSize:
		row.SkippedReason = "too_large"
		return
	case err != nil:
		row.Error = err.Error()
		return
	}
	lines := countLines(content)
	row.Lines = &lines
	r.runExtractors(h, st, e, row, res, content)
}

// runExtractors hands the file to the extractors that want it and keeps
// their facts, errors and names in the row. Content is nil for files read
// by path alone.
func (r *runner) runExtractors(h *handle, st *repoState, e entry, row *schema.File, res *fileResult, content []byte) {
	file := &extractors.File{Repo: st.key.Repo, Path: e.path, Content: content, Tree: h.files}
	start := time.Now()
	facts, names, problems := extractWithin(st.ctx, r.cfg.FileTimeout, r.cfg.Extractors, file)
	if took := time.Since(start); took > slowFile {
		r.cfg.Logger.Warn("slow file", "repo", st.key.Repo, "path", e.path, "bytes", len(content), "duration", took.Round(time.Millisecond).String())
	}
	row.Extractors, row.Error = names, problems
	row.PythonCounts = facts.Python
	res.facts = facts
	if problems != "" {
		r.cfg.Logger.Warn("file error", "repo", st.key.Repo, "path", e.path, "error", problems)
	}
}

// manifestRank orders project rows by the authority of their manifest.
func manifestRank(p string) int {
	switch path.Base(p) {
	case "pyproject.toml":
		return 0
	case "setup.cfg":
		return 1
	case "setup.py":
		return 2
	}
	return 3
}
