package pipeline

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"golang.org/x/sync/errgroup"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/pipeline/factcache"
	"github.com/pysurvey/pysurvey/pipeline/fetch"
	"github.com/pysurvey/pysurvey/pipeline/gitpack"
	"github.com/pysurvey/pysurvey/pipeline/sources"
	"github.com/pysurvey/pysurvey/schema"
	"github.com/pysurvey/pysurvey/schema/history"
)

// slowFile is the extraction time past which a file is logged as slow.
const slowFile = time.Second

// Defaults of Config.
const (
	DefaultMaxFileSize = 1 << 20
	DefaultMaxFiles    = 1_000_000
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
	// Interpreter, when set, computes the per-repository results
	// (schema.ResultTables) of each part as it is written.
	Interpreter Interpreter
	// Workers bounds the repositories processed at once (default: CPU count).
	Workers int
	// Readers bounds the files read and extracted at once, across all
	// repositories (default: CPU count).
	Readers int
	// MaxFileSize: larger files are recorded as skipped (default 1 MiB).
	MaxFileSize int64
	// MaxFiles bounds the entries of one repository's tree (files and
	// directories); a larger tree fails the repository (default 1,000,000).
	MaxFiles int
	// RepoTimeout bounds the time spent on one repository (default 10 min).
	RepoTimeout time.Duration
	// FileTimeout bounds the extraction of one file (default 1 min). An
	// extractor still running then is abandoned and the file records the
	// error, so that no file can hang a run.
	FileTimeout time.Duration
	// MinOK is the share of listed repositories that must be surveyed ok
	// for the run to be complete (default 0: any, as long as one is).
	MinOK float64
	// PartRows closes a part once it holds this many fact rows
	// (default DefaultPartRows).
	PartRows int
	// Full surveys every repository: none is carried forward from the
	// last complete run, even when unchanged.
	Full bool
	// Resume continues the interrupted or killed run of that id: the
	// repositories it committed are kept, the others surveyed, under
	// the same run id.
	Resume string
	// RunID names the run instead of a new id (from its start time and a
	// random suffix); RunDate, when set, is its partition (by default the
	// time the run id tells, see history.RunIDTime, or now).
	RunID   string
	RunDate time.Time
	// At, when set, surveys each repository as of that time: the last
	// commit of its branch (first parents) at or before it; a repository
	// with none yet is recorded as absent. The run is recorded as of At
	// (runs.as_of, and its run_date partition).
	At time.Time
	// FirstParents, when set, remembers the histories walked to find the
	// commit as of At, for the next run at another date (the points of a
	// backfill share one).
	FirstParents *fetch.FirstParents
	// BlobSizes, when set, remembers the sizes of blobs no extractor
	// reads, for the next run over the same repositories (the points of
	// a backfill share one).
	BlobSizes *BlobSizes
	// Shards, when above 0, splits the list into that many shards by the
	// stable hash of NAME (sources.ShardOf), and this run surveys shard
	// Shard only: it writes its parts and its mark in the shards table,
	// and finalize writes the run's row once every shard is done. A shard
	// started again continues what it committed, or finds itself done.
	Shards, Shard int
	// Publish, when set, is given the files of each commit under Out as
	// soon as they are committed there, in commit order (a part's files,
	// its repos file last; a shard's mark; the runs row, last of all), to
	// copy them to where the output lives (a bucket: schema/mirror). An
	// error stops the run, as a failed write would.
	Publish func(ctx context.Context, paths ...string) error
	// Exists, when set, tells whether a file of Out is there, for files
	// the run reads the presence of only (the facts of a part it carries
	// forward), which a copy of a bucket does not hold (default: os.Stat).
	Exists func(path string) bool
	// FactCache, when set, keeps the facts of blobs extracted by pure
	// extractors, so that a blob met again is not read or parsed again.
	FactCache *factcache.Cache
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
	// CatalogHash and CustomPatterns describe the interpretation, for the
	// runs row (see schema.Run).
	CatalogHash    string
	CustomPatterns bool
	// Logger receives progress and problems; nil discards them.
	Logger *slog.Logger
	// Progress, when set, is told as repositories and files are done.
	Progress Progress
	// Now returns the current time (default time.Now).
	Now func() time.Time
}

// Progress is told how a run advances. Its methods may be called from
// several goroutines at once.
type Progress interface {
	// Start is called once, first, with the run's id and the number of
	// repositories.
	Start(runID string, repos int)
	// RepoStarted is called when the work on a repository begins
	// (fetching it).
	RepoStarted(repo string)
	// RepoListed is called as a repository's tree is listed (its entries
	// are read meanwhile), with the number of entries listed so far: at
	// the first, every 1024th and the last.
	RepoListed(repo string, files int)
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
	// ReposOK and ReposFailed count the repositories; ReposReused those
	// of ReposOK carried forward unchanged from an earlier run; ReposAbsent
	// those without a commit yet at Config.At.
	ReposOK, ReposFailed, ReposReused, ReposAbsent int
	// AsOf is the time the run describes: its start, or Config.At.
	AsOf time.Time
	// Files counts the files recorded.
	Files int64
	// Status is the runs row's: 'complete', 'failed' or 'interrupted'.
	Status string
	// Failures names each failed repository and why.
	Failures []string
}

// Errors that end a run; the runs row records the run as failed.
var (
	// ErrAllFailed is returned when no listed repository was surveyed ok
	// (every one failed, or the list was empty).
	ErrAllFailed = errors.New("no repository was surveyed ok")
	// ErrTooFewOK is returned when fewer than Config.MinOK of the listed
	// repositories were surveyed ok.
	ErrTooFewOK = errors.New("too few repositories were surveyed ok")
)

// Run surveys the repositories of cfg and writes the tables. A failing
// repository is recorded and never stops the run. Run returns an error
// when output could not be written (the run then stops at once), when ctx
// was cancelled (the run is recorded as interrupted and what was written
// stays valid), or, as ErrAllFailed or ErrTooFewOK, when too few
// repositories were surveyed ok (the run is recorded as failed).
func Run(ctx context.Context, cfg Config) (Summary, error) {
	cfg = withDefaults(cfg)
	started := cfg.Now().UTC()
	sum := Summary{RunID: newRunID(started), StartedAt: started}
	shard := -1
	switch {
	case cfg.Shards > 0 && cfg.RunID == "":
		return sum, errors.New("a sharded run needs its run id, the same in every shard")
	case cfg.Shards > 0 && (cfg.Shard < 0 || cfg.Shard >= cfg.Shards):
		return sum, fmt.Errorf("shard %d of %d: want 0 to %d", cfg.Shard, cfg.Shards, cfg.Shards-1)
	case cfg.Shards > 0:
		shard = cfg.Shard
	}
	for _, id := range []string{cfg.RunID, cfg.Resume} {
		if id != "" {
			if err := schema.CheckRunID(id); err != nil {
				return sum, err
			}
			sum.RunID = id
		}
	}
	runDate := started
	if !cfg.At.IsZero() {
		runDate = cfg.At.UTC()
	}
	if cfg.RunID != "" || cfg.Resume != "" {
		t, err := history.RunIDTime(sum.RunID)
		switch {
		case !cfg.RunDate.IsZero():
			runDate = cfg.RunDate.UTC()
		case err == nil && cfg.At.IsZero():
			runDate = t
		case cfg.Shards > 0:
			return sum, err // shards must agree on the partition
		}
		if cfg.Resume != "" && err == nil {
			sum.StartedAt = t
		}
	}
	if err := checkOutput(cfg.Out); err != nil {
		return sum, fmt.Errorf("writing output: %w", err)
	}
	unlock, err := history.LockRun(cfg.Out, lockName(sum.RunID, shard))
	if err != nil {
		return sum, err
	}
	defer unlock()
	history.CleanLitter(cfg.Out)
	repos, firstPart := cfg.Repos, 0
	if shard >= 0 {
		repos = nil
		for _, spec := range cfg.Repos {
			if sources.ShardOf(spec.Name, cfg.Shards) == shard {
				repos = append(repos, spec)
			}
		}
		if done, ok := shardDone(cfg.Out, sum.RunID, shard); ok {
			// Kubernetes may start an index twice: the second finds it done.
			sum.Status, sum.StartedAt, sum.FinishedAt = "complete", done.StartedAt, done.FinishedAt
			sum.ReposOK, sum.ReposFailed, sum.ReposReused = int(done.ReposOK), int(done.ReposFailed), int(done.ReposReused)
			cfg.Logger.Info("shard already complete", "run_id", sum.RunID, "shard", shard)
			return sum, nil
		}
	}
	var resumedParts []string
	if cfg.Resume != "" || shard >= 0 {
		st, err := history.ResumeState(cfg.Out, sum.RunID, shard, runDate)
		if err != nil {
			return sum, fmt.Errorf("resuming: %w", err)
		}
		if cfg.Resume != "" && len(st.Parts) == 0 {
			return sum, fmt.Errorf("resuming: run %s has committed nothing in %s", sum.RunID, cfg.Out)
		}
		runDate, firstPart, resumedParts = st.RunDate, st.NextPart, st.Parts
		sum.ReposOK, sum.ReposFailed, sum.ReposReused, sum.ReposAbsent, sum.Failures = st.OK, st.Failed, st.Reused, st.Absent, st.Failures
		listed := repos
		repos = nil
		for _, spec := range listed {
			if !st.Done[spec.Name] {
				repos = append(repos, spec)
			}
		}
		if len(st.Parts) > 0 {
			cfg.Logger.Info("resuming", "run_id", sum.RunID, "parts", len(st.Parts), "repos_done", len(st.Done))
		}
	}
	shardRepos := len(cfg.Repos)
	if shard >= 0 {
		shardRepos = len(repos) + sum.ReposOK + sum.ReposFailed + sum.ReposAbsent
	}
	runCtx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	log := cfg.Logger.With("run_id", sum.RunID)
	if shard >= 0 {
		log = log.With("shard", shard)
	}
	r := &runner{cfg: cfg, runID: sum.RunID, runDate: runDate, shard: shard, log: log, stop: stop,
		fetcher: fetch.New(fetch.Options{CacheDir: cfg.CacheDir, Credentials: cfg.Credentials, Retries: cfg.Retries,
			MaxRepoSize: cfg.MaxRepoSize, Logger: cfg.Logger, FirstParents: cfg.FirstParents}), parts: resumedParts,
		jobs: make(chan fileJob, 4*cfg.Readers), events: make(chan any, 32*cfg.Readers)}
	if !cfg.Full {
		prev, from, err := r.reusable()
		if err != nil {
			r.log.Warn("surveying every repository again: the last run cannot be read", "error", err)
		}
		r.previous = prev
		if len(prev) > 0 {
			r.log.Info("unchanged repositories are carried forward", "from_run", from, "candidates", len(prev))
		}
	}

	r.log.Info("run started", "repos", len(cfg.Repos), "to_survey", len(repos), "workers", cfg.Workers, "readers", cfg.Readers)
	if cfg.Progress != nil {
		cfg.Progress.Start(sum.RunID, len(repos))
	}
	parts := make(chan closedPart, 2) // a part or two ahead of the interpretation, no more
	commitDone := make(chan error, 1)
	// Parts closed before an interruption are still committed, so that a
	// resumed run keeps them.
	go func() { commitDone <- r.commitParts(context.WithoutCancel(ctx), parts) }()
	aggDone := make(chan error, 1)
	go func() { aggDone <- r.aggregate(&committer{r: r, closed: parts, next: firstPart}, &sum) }()

	var readers sync.WaitGroup
	for i := range cfg.Readers {
		readers.Go(func() { r.readFiles(i) })
	}
	g := new(errgroup.Group)
	g.SetLimit(cfg.Workers)
	for _, spec := range repos {
		if runCtx.Err() != nil {
			break
		}
		g.Go(func() error { r.surveyRepo(runCtx, spec); return nil })
	}
	g.Wait()
	close(r.jobs)
	readers.Wait()
	if cfg.FactCache != nil {
		cfg.FactCache.Sync() // the next run (a backfill's next point) finds this one's facts
	}
	close(r.events)
	aggErr := <-aggDone
	close(parts)
	commitErr := <-commitDone

	sum.FinishedAt = cfg.Now().UTC()
	if cfg.Progress != nil {
		cfg.Progress.Finish()
	}
	if err := errors.Join(aggErr, commitErr); err != nil {
		return sum, fmt.Errorf("writing output: %w", err)
	}
	sum.AsOf = sum.StartedAt
	if !cfg.At.IsZero() {
		sum.AsOf = cfg.At.UTC()
	}
	runErr := r.outcome(ctx, &sum, shardRepos)
	if shard >= 0 {
		// A shard marks itself done; finalize writes the run's row.
		if ctx.Err() == nil {
			mark := schema.Shard{RunID: sum.RunID, Shard: int32(shard), Shards: int32(cfg.Shards), StartedAt: sum.StartedAt, FinishedAt: sum.FinishedAt,
				ReposListed: int64(shardRepos), ReposOK: int64(sum.ReposOK), ReposFailed: int64(sum.ReposFailed), ReposReused: int64(sum.ReposReused),
				ReposAbsent: int64(sum.ReposAbsent), AsOf: sum.AsOf,
				Parts: strings.Join(r.parts, ","), ToolVersion: cfg.ToolVersion, Extractors: extractorNames(cfg.Extractors),
				FactOptions: r.factOptions(), CatalogHash: cfg.CatalogHash, CustomPatterns: cfg.CustomPatterns}
			markPath := filepath.Join(cfg.Out, schema.ShardsTable.Name, schema.PartitionOf(r.runDate), lockName(sum.RunID, shard)+".parquet")
			if err := writeRow(schema.ShardsTable, markPath, r.meta(), mark); err != nil {
				return sum, fmt.Errorf("writing output: %w", err)
			}
			if err := r.publish(ctx, markPath); err != nil {
				return sum, fmt.Errorf("writing output: %w", err)
			}
		}
		r.log.Info("shard finished", "status", sum.Status, "repos_ok", sum.ReposOK, "repos_failed", sum.ReposFailed,
			"repos_reused", sum.ReposReused, "files", sum.Files, "duration", sum.FinishedAt.Sub(started).Round(time.Millisecond))
		return sum, runErr
	}
	row := schema.Run{RunID: sum.RunID, StartedAt: sum.StartedAt, FinishedAt: sum.FinishedAt, AsOf: sum.AsOf, ToolVersion: cfg.ToolVersion,
		SchemaVersion: schema.Version, ReposOK: int64(sum.ReposOK), ReposFailed: int64(sum.ReposFailed), ReposReused: int64(sum.ReposReused),
		ReposAbsent: int64(sum.ReposAbsent),
		Status:      sum.Status, Extractors: extractorNames(cfg.Extractors), FactOptions: r.factOptions(),
		CatalogHash: cfg.CatalogHash, CustomPatterns: cfg.CustomPatterns}
	runPath := schema.PartPath(cfg.Out, schema.RunsTable, r.runDate, row.RunID)
	if err := writeRow(schema.RunsTable, runPath, r.meta(), row); err != nil {
		return sum, fmt.Errorf("writing output: %w", err)
	}
	// An interrupted run's row is published too: it says the run stopped.
	if err := r.publish(context.WithoutCancel(ctx), runPath); err != nil {
		return sum, fmt.Errorf("writing output: %w", err)
	}
	r.log.Info("run finished", "status", sum.Status, "repos_ok", sum.ReposOK, "repos_failed", sum.ReposFailed,
		"repos_reused", sum.ReposReused, "files", sum.Files, "duration", sum.FinishedAt.Sub(started).Round(time.Millisecond))
	return sum, runErr
}

// publish hands committed files to Config.Publish.
func (r *runner) publish(ctx context.Context, paths ...string) error {
	if r.cfg.Publish == nil {
		return nil
	}
	return r.cfg.Publish(ctx, paths...)
}

// exists tells whether a file of the output is there (Config.Exists).
func (r *runner) exists(path string) bool {
	if r.cfg.Exists != nil {
		return r.cfg.Exists(path)
	}
	_, err := os.Stat(path)
	return err == nil
}

// lockName names what a process writes: a run, or one shard of it.
func lockName(runID string, shard int) string {
	if shard < 0 {
		return runID
	}
	return fmt.Sprintf("%s-s%04d", runID, shard)
}

// shardDone reads a shard's mark, when it has one.
func shardDone(out, runID string, shard int) (schema.Shard, bool) {
	for _, f := range schema.RunFiles(out, schema.ShardsTable, runID) {
		if filepath.Base(f) != lockName(runID, shard)+".parquet" {
			continue
		}
		rows, err := schema.ReadFile[schema.Shard](schema.ShardsTable, f)
		if err == nil && len(rows) == 1 {
			return rows[0], true
		}
	}
	return schema.Shard{}, false
}

// outcome decides the run's status and the error Run returns with it;
// listed is the number of repositories the run (or shard) covers.
func (r *runner) outcome(ctx context.Context, sum *Summary, listed int) error {
	listed -= sum.ReposAbsent // no commit yet: neither ok nor failed
	switch {
	case ctx.Err() != nil:
		sum.Status = "interrupted"
		return fmt.Errorf("run interrupted: %w", context.Cause(ctx))
	case (r.shard >= 0 || !r.cfg.At.IsZero()) && listed == 0 && sum.ReposFailed == 0:
		sum.Status = "complete" // a shard the list gives no repository
		return nil
	case sum.ReposOK == 0:
		sum.Status = "failed"
		if listed == 0 {
			return fmt.Errorf("%w: the repo list is empty", ErrAllFailed)
		}
		return ErrAllFailed
	case r.shard < 0 && float64(sum.ReposOK) < r.cfg.MinOK*float64(listed):
		sum.Status = "failed"
		return fmt.Errorf("%w: %d of %d, under the minimum share of %g", ErrTooFewOK, sum.ReposOK, listed, r.cfg.MinOK)
	}
	sum.Status = "complete"
	return nil
}

// checkOutput makes sure the output root can be written before any work
// is done.
func checkOutput(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, ".pysurvey-probe-*")
	if err != nil {
		return fmt.Errorf("%s is not writable: %w", dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

// extractorNames lists extractors as name/version, comma-separated.
func extractorNames(exs []extractors.Extractor) string {
	names := make([]string, len(exs))
	for i, ex := range exs {
		names[i] = fmt.Sprintf("%s/%d", ex.Name(), ex.Version())
	}
	return strings.Join(names, ",")
}

// writeRow writes a file of one row: a run's row (the last file of a run)
// or a shard's mark.
func writeRow[T any](table *schema.Table, path string, meta schema.FileMeta, row T) error {
	w, err := schema.NewWriter[T](table, path, meta)
	if err != nil {
		return err
	}
	if err := w.Append(&row); err != nil {
		w.Abort()
		return err
	}
	return w.Close()
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
	if cfg.MaxFiles <= 0 {
		cfg.MaxFiles = DefaultMaxFiles
	}
	if cfg.RepoTimeout <= 0 {
		cfg.RepoTimeout = DefaultRepoTimeout
	}
	if cfg.FileTimeout <= 0 {
		cfg.FileTimeout = DefaultFileTimeout
	}
	if cfg.PartRows <= 0 {
		cfg.PartRows = DefaultPartRows
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
	runDate time.Time
	shard   int // -1 when not sharded
	// parts names the parts committed (run_date=D/<name>), by commitParts.
	parts []string
	log   *slog.Logger
	// stop ends the run early (after an output error).
	stop    context.CancelCauseFunc
	fetcher *fetch.Fetcher
	jobs    chan fileJob
	events  chan any // fileDone or *repoDone, to the aggregator
	// previous holds, by name, the repositories the last complete run
	// surveyed ok, which this run carries forward when unchanged.
	previous map[string]previousRepo
}

// meta is the metadata of the run's files.
func (r *runner) meta() schema.FileMeta {
	return schema.FileMeta{RunID: r.runID, ToolVersion: r.cfg.ToolVersion}
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
	// stages holds each reader's rows of the repository, staged;
	// staged counts their bytes.
	stages []*stage
	staged atomic.Int64
	// reuse is the earlier row of a repository found unchanged.
	reuse previousRepo
	// failure is the first error that fails the repository while its
	// files are read; cancel stops its other file jobs.
	failure atomic.Pointer[error]
	cancel  context.CancelCauseFunc

	// Totals, added to by the file readers.
	bytes, pythonFiles, files atomic.Int64
}

// fail fails the repository: its remaining files are skipped.
func (st *repoState) fail(err error) {
	if st.failure.CompareAndSwap(nil, &err) {
		st.cancel(err)
	}
}

// fileDone tells the aggregator that a file was read.
type fileDone struct{}

// repoDone is a finished repository: its row and, when it is ok, its
// staged rows.
type repoDone struct {
	row  schema.Repo
	rows *staged
	// interrupted is set for a repository cut off by the end of the run:
	// it is not recorded, so that a resumed run surveys it.
	interrupted bool
	// absent is set for a repository with no commit yet at Config.At.
	absent bool
	// carried is set for a repository carried forward unchanged.
	carried *schema.Carried
}

// surveyRepo prepares one repository, lists its tree into file jobs, waits
// for them, and hands its row and staged rows to the aggregator. Every
// failure ends up in that row.
func (r *runner) surveyRepo(ctx context.Context, spec sources.RepoSpec) {
	start := time.Now()
	if r.cfg.Progress != nil {
		r.cfg.Progress.RepoStarted(spec.Name)
	}
	row := schema.Repo{RepoKey: schema.RepoKey{RunID: r.runID, Repo: spec.Name}, Source: spec.Source, Ref: spec.Ref, Status: "ok"}
	rctx, cancelTimeout := context.WithTimeoutCause(ctx, r.cfg.RepoTimeout, fmt.Errorf("timed out after %s", r.cfg.RepoTimeout))
	defer cancelTimeout()
	rctx, cancel := context.WithCancelCause(rctx)
	defer cancel(nil)
	st := &repoState{ctx: rctx, key: row.RepoKey, stages: make([]*stage, r.cfg.Readers), cancel: cancel}
	err := r.walkRepo(rctx, spec, st)
	st.wg.Wait()
	st.done.Store(true)
	if st.packs != nil {
		st.packs.Close()
	}
	if f := st.failure.Load(); f != nil {
		err = *f
	}
	if err == nil && rctx.Err() != nil {
		err = context.Cause(rctx)
	}
	row.Commit, row.CommitTime = st.commit, st.commitTime
	row.Files, row.PythonFiles, row.Bytes = st.files.Load(), st.pythonFiles.Load(), st.bytes.Load()
	row.Attempts = int64(st.attempts)
	rows := gather(st.stages)
	done := &repoDone{row: row, rows: rows}
	took := time.Since(start)
	// One line per repository (info): an interrupted one is not a failure.
	switch {
	case errors.Is(err, errUnchanged):
		rows.release()
		done.rows = nil
		var carried schema.Carried
		done.row, carried = carryForward(row, st.reuse)
		done.carried = &carried
		r.log.Info("repository unchanged, carried forward", "repo", spec.Name, "from_run", done.row.ReusedFrom, "duration", took.Round(time.Millisecond))
	case errors.Is(err, fetch.ErrAbsent):
		rows.release()
		done.rows = nil
		done.absent = true
		done.row.Status, done.row.Commit, done.row.CommitTime = "absent", "", nil
		r.log.Info("repository absent then", "repo", spec.Name, "error", err.Error())
	case err != nil && ctx.Err() != nil:
		done.interrupted = true
		rows.release()
		done.rows = nil
		r.log.Info("repository interrupted", "repo", spec.Name, "duration", took.Round(time.Millisecond))
	case err != nil:
		done.row.Status, done.row.Error = "failed", r.cfg.Credentials.Redact(err.Error())
		rows.release()
		done.rows = nil
		r.log.Warn("repository failed", "repo", spec.Name, "source", spec.Source, "error", done.row.Error, "duration", took.Round(time.Millisecond))
	default:
		r.log.Info("repository surveyed", "repo", spec.Name, "files", row.Files, "python_files", row.PythonFiles, "bytes", row.Bytes,
			"duration", took.Round(time.Millisecond))
	}
	done.row.DurationMS = took.Milliseconds()
	done.row.Clean()
	r.events <- done
}

// errUnchanged ends the walk of a repository carried forward.
var errUnchanged = errors.New("unchanged since the last complete run")

// walkRepo prepares the repository and queues a job per tree entry.
func (r *runner) walkRepo(ctx context.Context, spec sources.RepoSpec, st *repoState) error {
	var prep fetch.Prepared
	var err error
	if r.cfg.At.IsZero() {
		prep, err = r.fetcher.Prepare(ctx, spec)
	} else {
		prep, err = r.fetcher.PrepareAt(ctx, spec, r.cfg.At)
	}
	st.attempts = prep.Attempts
	if err != nil {
		return err
	}
	defer prep.Closer.Close()
	gitDir, commit := prep.GitDir, prep.Commit
	if packs, err := gitpack.Open(gitDir); err == nil {
		st.packs = packs
	} else {
		r.log.Debug("reading packs through go-git", "repo", spec.Name, "error", err)
	}
	when := commit.Committer.When.UTC()
	st.gitDir, st.commit, st.tree, st.commitTime = gitDir, commit.Hash.String(), commit.TreeHash, &when
	if prev, ok := r.previous[spec.Name]; ok && prev.row.Commit == st.commit {
		st.reuse = prev
		return errUnchanged
	}
	repo, repoCloser, err := fetch.OpenRepository(gitDir, r.cfg.MaxFileSize)
	if err != nil {
		return err
	}
	defer repoCloser.Close()
	w := &walker{objects: objects{packs: st.packs, repo: repo}, maxEntries: r.cfg.MaxFiles}
	listed := 0
	err = w.walk(ctx, commit.TreeHash, "", func(e entry) error {
		st.wg.Add(1)
		select {
		case r.jobs <- fileJob{repo: st, entry: e}:
			if listed++; r.cfg.Progress != nil && (listed == 1 || listed%1024 == 0) {
				r.cfg.Progress.RepoListed(spec.Name, listed)
			}
			return nil
		case <-ctx.Done():
			st.wg.Done()
			return context.Cause(ctx)
		}
	})
	if err == nil && r.cfg.Progress != nil && listed%1024 != 0 {
		r.cfg.Progress.RepoListed(spec.Name, listed)
	}
	return err
}

// aggregate is the one goroutine that counts the run's progress and hands
// finished repositories to the committer. It drains events until the
// channel closes, even after a write error, so that senders never block;
// the first error is returned.
func (r *runner) aggregate(c *committer, sum *Summary) error {
	stopped := false
	for msg := range r.events {
		switch m := msg.(type) {
		case fileDone:
			sum.Files++
			if r.cfg.Progress != nil {
				r.cfg.Progress.FilesDone(1)
			}
		case *repoDone:
			if m.interrupted {
				continue
			}
			ok := m.row.Status == "ok"
			switch {
			case m.absent:
				sum.ReposAbsent++
			case ok:
				sum.ReposOK++
				if m.carried != nil {
					sum.ReposReused++
				}
			default:
				sum.ReposFailed++
				sum.Failures = append(sum.Failures, m.row.Repo+": "+m.row.Error)
			}
			if err := c.add(m.row, m.rows, m.carried); err != nil && !stopped {
				stopped = true
				r.log.Error("writing output failed", "error", err)
				r.stop(err)
			}
			if r.cfg.Progress != nil {
				r.cfg.Progress.RepoDone(m.row.Repo, ok)
			}
		}
	}
	if c.err != nil {
		c.abort()
		return c.err
	}
	return c.close()
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

// pathBase returns the last component of a '/'-separated path.
func pathBase(p string) string { return path.Base(p) }

// cutPath splits the first component off a '/'-separated path.
func cutPath(p string) (first, rest string, more bool) {
	first, rest, more = strings.Cut(p, "/")
	return first, rest, more
}
