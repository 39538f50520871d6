package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pysurvey/pysurvey"
	"github.com/pysurvey/pysurvey/extractors/list"
	"github.com/pysurvey/pysurvey/pipeline"
	"github.com/pysurvey/pysurvey/pipeline/factcache"
	"github.com/pysurvey/pysurvey/pipeline/fetch"
	"github.com/pysurvey/pysurvey/pipeline/sources"
	"github.com/pysurvey/pysurvey/queries"
)

// RunCmd surveys repositories.
type RunCmd struct {
	Repos       PathFlag      `help:"Repo list: one 'SOURCE[@REF] [NAME]' a line; '-' reads stdin." placeholder:"FILE"`
	Sample      bool          `help:"Survey the bundled sample repositories instead of a repo list (to try pysurvey out)."`
	Out         PathFlag      `default:"./survey-out" help:"Output directory or bucket (s3://bucket/prefix, gs://…, azblob://…, file:///path); runs accumulate there as history. A bucket is worked on through a copy under the cache directory." placeholder:"DIR|URL"`
	Cache       PathFlag      `help:"Directory for clones of remote repositories (default: the user cache dir)." placeholder:"DIR"`
	Patterns    PathFlag      `help:"CSV of pattern rows adding to or overriding the shipped catalog; the run's results (repo_summary, repo_patterns, ...) use it." placeholder:"FILE"`
	Workers     int           `help:"Repositories surveyed at once, 1 to 256 (default: CPU count)."`
	Readers     int           `help:"Files read and extracted at once, across repositories, 1 to 256 (default: CPU count)."`
	MaxFileSize ByteSize      `name:"max-file-size" default:"1MiB" help:"Files larger than this (at most 1GiB) are recorded as skipped."`
	MaxFiles    int           `name:"max-files" default:"1000000" help:"Most entries (files and directories) of one repository's tree; a larger tree fails the repository."`
	PartRows    int           `name:"part-rows" default:"1048576" help:"Fact rows after which a part (one file per table) is committed: smaller parts are committed sooner and interpreted in less memory, larger ones make fewer files."`
	MinOK       float64       `name:"min-ok" default:"0.9" help:"Share of the listed repositories that must be surveyed ok for the run to be complete; below it the run is recorded as failed and queries keep reading the previous complete run."`
	RepoTimeout time.Duration `name:"repo-timeout" default:"10m" help:"Time allowed per repository, fetching included."`
	FileTimeout time.Duration `name:"file-timeout" default:"1m" help:"Time allowed to extract one file; past it the file records an error and the run goes on."`
	Retries     int           `default:"2" help:"Times a transient fetch failure (connection refused or reset, timeout, HTTP 5xx or 429, cut short) is retried, with exponential backoff, within --repo-timeout."`
	MaxRepoSize ByteSize      `name:"max-repo-size" default:"2GiB" help:"Most one repository's fetch may download; a larger one fails."`
	SSHKey      string        `name:"ssh-key" help:"Private key for ssh remotes (default: PYSURVEY_SSH_KEY, else the agent, else ~/.ssh/id_*); passphrase from PYSURVEY_SSH_PASSPHRASE." placeholder:"FILE"`
	KnownHosts  string        `name:"known-hosts" help:"Host keys ssh servers are checked against (default ~/.ssh/known_hosts); an unknown host is refused." placeholder:"FILE"`
	Progress    string        `enum:"auto,bar,log,none" default:"auto" help:"Progress: a bar on a terminal, periodic log lines otherwise (auto), or as chosen."`
	LogInterval time.Duration `name:"log-interval" default:"30s" help:"Time between progress log lines (at least 100ms)."`
	Quiet       bool          `short:"q" help:"Do not print the overview when done."`
	Full        bool          `help:"Survey every repository, also those unchanged since the last complete run (which are otherwise carried forward)."`
	FactCache   ByteSize      `name:"fact-cache" default:"2GiB" help:"Most disk for the cache of facts by blob, beside the clones (CACHE/facts; safe to delete): a file met again (the same content, the same extractors) is not read or parsed again."`
	NoFactCache bool          `name:"no-fact-cache" help:"Read and parse every file, keeping no facts by blob."`
	out         *output       // the output root, once opened
	Resume      string        `help:"Continue the interrupted or killed run RUN_ID: the repositories it committed are kept, the others of the list surveyed, under the same run id." placeholder:"RUN_ID"`
	RunID       string        `name:"run-id" help:"Name the run (letters, digits, '-'); required for shards, which must all be given the same; default: $PYSURVEY_RUN_ID, else a new id. A CronJob's Job name (<name>-<minutes since the epoch>) sets the run's date too." placeholder:"ID"`
	RunDate     string        `name:"run-date" help:"The run's date partition (YYYY-MM-DD), when the run id tells none." placeholder:"DATE"`
	At          string        `help:"Survey each repository as it was at DATE: the last commit of its branch (first parents) at or before the end of that UTC day (YYYY-MM-DD), or at an RFC 3339 time; a repository with none yet is recorded as absent. Clones in the cache are deepened as needed." placeholder:"DATE"`
	Shards      int           `help:"Split the list into N shards by the stable hash of each NAME and survey one: the index comes from --shard or $JOB_COMPLETION_INDEX (a Kubernetes Indexed Job). pysurvey finalize completes the run." placeholder:"N"`
	Shard       string        `help:"The shard to survey, as I/N (0 <= I < N)." placeholder:"I/N"`
}

// Exit codes of run beyond 0 (every repository ok), 1 (the run failed:
// output not written, or too few repositories ok), 2 (usage) and 130
// (interrupted).
const exitSomeFailed = 3 // the run is complete, but some repositories failed

// Help explains the exit codes.
func (c *RunCmd) Help() string {
	return `Exit codes: 0 every repository was surveyed ok; 3 some failed but the run is complete (see its repos rows);
1 the run failed (output could not be written, no repository was surveyed ok, or fewer than --min-ok);
2 usage (bad flags or repo list; nothing ran); 130 interrupted (what was written stays valid; the run is
recorded as interrupted and queries ignore it).`
}

// Run surveys, writes the tables and their per-repository results, and
// prints the overview.
func (c *RunCmd) Run(env *Env) error {
	cfg, done, err := c.config(env)
	if err != nil {
		return err
	}
	defer done()
	sum, runErr := pipeline.Run(env.Ctx, cfg)
	return c.finish(env, cfg, sum, runErr)
}

// config makes the pipeline's configuration from the flags; done releases
// what it opened (the interpreter, the output's name for DuckDB).
func (c *RunCmd) config(env *Env) (pipeline.Config, func(), error) {
	var cfg pipeline.Config
	cacheDir, err := cacheBase(env, string(c.Cache))
	if err != nil {
		return cfg, nil, err
	}
	specs, err := c.repoList(env, cacheDir)
	if err != nil {
		return cfg, nil, &exitError{code: 2, err: err}
	}
	shard, shards, err := c.shardFlags(env)
	if err != nil {
		return cfg, nil, &exitError{code: 2, err: err}
	}
	runID := c.RunID
	if runID == "" {
		runID = env.Getenv("PYSURVEY_RUN_ID")
	}
	at, err := parseAt(c.At)
	if err != nil {
		return cfg, nil, &exitError{code: 2, err: err}
	}
	var runDate time.Time
	if c.RunDate != "" {
		if runDate, err = time.Parse(time.DateOnly, c.RunDate); err != nil {
			return cfg, nil, &exitError{code: 2, err: fmt.Errorf("--run-date %q: want YYYY-MM-DD", c.RunDate)}
		}
	}
	o, err := openOutput(env, string(c.Out), cacheDir)
	if err != nil {
		return cfg, nil, err
	}
	if err := o.pullForRun(env.Ctx, runID, c.Resume); err != nil {
		o.close(env)
		return cfg, nil, fmt.Errorf("reading the history of %s: %w", o.root, err)
	}
	c.out = o
	out := o.dir
	interp, err := queries.NewInterpreter(env.Ctx, string(c.Patterns))
	if err != nil {
		o.close(env)
		return cfg, nil, &exitError{code: 2, err: err}
	}
	var facts *factcache.Cache
	if !c.NoFactCache {
		if facts, err = factcache.Open(filepath.Join(cacheDir, "facts"), int64(c.FactCache)); err != nil {
			env.Logger.Warn("reading every file: the fact cache cannot be opened", "error", err)
			facts = nil
		}
	}
	cfg = pipeline.Config{
		Repos:          specs,
		Out:            out,
		CacheDir:       filepath.Join(cacheDir, "repos"),
		Extractors:     list.All(),
		Interpreter:    interp,
		CatalogHash:    interp.CatalogHash(),
		CustomPatterns: interp.CustomPatterns(),
		Workers:        c.Workers,
		Readers:        c.Readers,
		MaxFileSize:    int64(c.MaxFileSize),
		MaxFiles:       c.MaxFiles,
		PartRows:       c.PartRows,
		MinOK:          c.MinOK,
		RepoTimeout:    c.RepoTimeout,
		FileTimeout:    c.FileTimeout,
		Credentials:    c.credentials(env),
		Retries:        c.Retries,
		MaxRepoSize:    int64(c.MaxRepoSize),
		ToolVersion:    version,
		Logger:         env.Logger,
		Progress:       newProgress(c.Progress, env, c.LogInterval),
		Full:           c.Full,
		Resume:         c.Resume,
		RunID:          runID,
		RunDate:        runDate,
		Shards:         shards,
		Shard:          shard,
		At:             at,
		FactCache:      facts,
		Publish:        o.root.Push,
		Exists:         o.root.Exists,
	}
	return cfg, func() {
		if facts != nil {
			hits, misses := facts.Stats()
			env.Logger.Debug("fact cache", "hits", hits, "misses", misses)
			facts.Close()
		}
		interp.Close()
		o.close(env)
	}, nil
}

// finish reports a run as the exit codes say, writing the current tables
// of a complete (unsharded) run.
func (c *RunCmd) finish(env *Env, cfg pipeline.Config, sum pipeline.Summary, runErr error) error {
	env.Logger = env.Logger.With("run_id", sum.RunID)
	if sum.Status != "complete" {
		if runErr == nil {
			runErr = fmt.Errorf("run %s %s", sum.RunID, sum.Status)
		}
		return runErr
	}
	if cfg.Shards > 0 {
		fmt.Fprintf(env.Stdout, "run %s, shard %d of %d: %d ok (%d carried forward unchanged), %d failed; pysurvey finalize --run-id %s --shards %d completes the run\n",
			sum.RunID, cfg.Shard, cfg.Shards, sum.ReposOK, sum.ReposReused, sum.ReposFailed, sum.RunID, cfg.Shards)
		if sum.ReposFailed > 0 {
			return &exitError{code: exitSomeFailed, err: fmt.Errorf("shard %d of run %s is complete, but %d repositories failed", cfg.Shard, sum.RunID, sum.ReposFailed)}
		}
		return nil
	}
	if err := c.out.writeCurrent(env); err != nil {
		return fmt.Errorf("run %s is complete, but the current tables could not be written: %w", sum.RunID, err)
	}
	if !c.Quiet {
		if err := c.overview(env, sum); err != nil {
			return err
		}
	}
	if sum.ReposFailed > 0 {
		return &exitError{code: exitSomeFailed, err: fmt.Errorf("run %s is complete, but %d of %d repositories failed", sum.RunID, sum.ReposFailed, sum.ReposOK+sum.ReposFailed)}
	}
	return nil
}

// overview prints the run's repositories and where the data is.
func (c *RunCmd) overview(env *Env, sum pipeline.Summary) error {
	db, err := queries.Open(env.Ctx, queries.Options{DataDir: c.out.dir, RunID: sum.RunID, PatternsFile: string(c.Patterns), Logger: env.Logger})
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.Query(env.Ctx, "repos_overview", nil)
	if err != nil {
		return err
	}
	if err := res.Print(env.Stdout, queries.Output{Width: WidthFlag(-1).columns(env)}); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "run %s: %d ok (%d carried forward unchanged), %d failed; data in %s (try: pysurvey query repo_summary --data %s)\n",
		sum.RunID, sum.ReposOK, sum.ReposReused, sum.ReposFailed, queries.Printable(string(c.Out)), queries.Printable(string(c.Out)))
	return nil
}

// credentials are the environment's, with --ssh-key and --known-hosts.
func (c *RunCmd) credentials(env *Env) fetch.Credentials {
	creds := fetch.CredentialsFromEnv(env.Getenv)
	if c.SSHKey != "" {
		creds.SSHKey = c.SSHKey
	}
	if c.KnownHosts != "" {
		creds.KnownHosts = c.KnownHosts
	}
	return creds
}

// repoList reads --repos, or makes the bundled sample's repositories.
func (c *RunCmd) repoList(env *Env, cacheDir string) ([]sources.RepoSpec, error) {
	switch {
	case c.Sample && c.Repos != "":
		return nil, errors.New("--sample and --repos: choose one")
	case c.Sample:
		return pysurvey.SampleRepos(cacheDir)
	case c.Repos == "":
		return nil, errors.New("no repositories: pass --repos FILE (or - for stdin), or --sample to survey the bundled sample")
	}
	var r io.Reader = env.Stdin
	base, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	if c.Repos != "-" {
		f, err := os.Open(string(c.Repos))
		if err != nil {
			return nil, fmt.Errorf("reading repo list: %w", err)
		}
		defer f.Close()
		r, base = f, filepath.Dir(string(c.Repos))
	}
	specs, err := sources.ParseRepoList(r, base)
	if err != nil {
		return nil, fmt.Errorf("repo list %s:\n%w", c.Repos, err)
	}
	return specs, nil
}

// ByteSize is a size in bytes written as 1048576, 512KiB, 1MiB or 2GiB.
type ByteSize int64

// UnmarshalText parses a size.
func (b *ByteSize) UnmarshalText(text []byte) error {
	s := strings.TrimSpace(string(text))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1}} {
		if n, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = strings.TrimSpace(n), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return fmt.Errorf("invalid size %q (want e.g. 1048576, 512KiB or 1MiB)", text)
	}
	if n > math.MaxInt64/mult {
		return fmt.Errorf("size %q is too large", text)
	}
	*b = ByteSize(n * mult)
	return nil
}

// shardFlags reads which shard to survey: --shard I/N, or --shards N with
// the index from $JOB_COMPLETION_INDEX. shards is 0 for a whole run.
func (c *RunCmd) shardFlags(env *Env) (shard, shards int, err error) {
	switch {
	case c.Shard != "":
		i, n, ok := strings.Cut(c.Shard, "/")
		shard, err1 := strconv.Atoi(i)
		shards, err2 := strconv.Atoi(n)
		if !ok || err1 != nil || err2 != nil || shards < 1 || shard < 0 || shard >= shards || c.Shards != 0 && c.Shards != shards {
			return 0, 0, fmt.Errorf("--shard %q: want I/N with 0 <= I < N (and N as --shards, when both are given)", c.Shard)
		}
		return shard, shards, nil
	case c.Shards < 0:
		return 0, 0, fmt.Errorf("--shards %d: want a positive number", c.Shards)
	case c.Shards > 0:
		idx := env.Getenv("JOB_COMPLETION_INDEX")
		shard, err := strconv.Atoi(idx)
		if idx == "" || err != nil || shard < 0 || shard >= c.Shards {
			return 0, 0, fmt.Errorf("--shards %d: give --shard I/%d, or run as an Indexed Job (JOB_COMPLETION_INDEX is %q)", c.Shards, c.Shards, idx)
		}
		return shard, c.Shards, nil
	}
	return 0, 0, nil
}

// parseAt reads --at: a date means the end of that UTC day; an RFC 3339
// time is taken as it is.
func parseAt(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		return d.Add(24*time.Hour - time.Second), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--at %q: want YYYY-MM-DD or an RFC 3339 time", s)
	}
	return t.UTC(), nil
}
