package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pysurvey/pysurvey"
	"github.com/pysurvey/pysurvey/extractors/list"
	"github.com/pysurvey/pysurvey/pipeline"
	"github.com/pysurvey/pysurvey/pipeline/fetch"
	"github.com/pysurvey/pysurvey/pipeline/sources"
	"github.com/pysurvey/pysurvey/queries"
)

// RunCmd surveys repositories.
type RunCmd struct {
	Repos       string        `help:"Repo list: one 'SOURCE[@REF] [NAME]' a line; '-' reads stdin. Without it, the bundled sample is surveyed." placeholder:"FILE"`
	Out         string        `default:"./survey-out" help:"Output directory; runs accumulate there as history." placeholder:"DIR"`
	Cache       string        `help:"Directory for clones of remote repositories (default: the user cache dir)." placeholder:"DIR"`
	Workers     int           `help:"Repositories surveyed at once (default: CPU count)."`
	Readers     int           `help:"Files read and extracted at once, across repositories (default: CPU count)."`
	MaxFileSize ByteSize      `name:"max-file-size" default:"1MiB" help:"Files larger than this are recorded as skipped."`
	RepoTimeout time.Duration `name:"repo-timeout" default:"10m" help:"Time allowed per repository, fetching included."`
	FileTimeout time.Duration `name:"file-timeout" default:"1m" help:"Time allowed to extract one file; past it the file records an error and the run goes on."`
	Retries     int           `default:"2" help:"Times a transient fetch failure (connection refused or reset, timeout, HTTP 5xx or 429, cut short) is retried, with exponential backoff, within --repo-timeout."`
	MaxRepoSize ByteSize      `name:"max-repo-size" default:"2GiB" help:"Most one repository's fetch may download; a larger one fails."`
	SSHKey      string        `name:"ssh-key" help:"Private key for ssh remotes (default: PYSURVEY_SSH_KEY, else the agent, else ~/.ssh/id_*); passphrase from PYSURVEY_SSH_PASSPHRASE." placeholder:"FILE"`
	KnownHosts  string        `name:"known-hosts" help:"Host keys ssh servers are checked against (default ~/.ssh/known_hosts); an unknown host is refused." placeholder:"FILE"`
	Progress    string        `enum:"auto,bar,log,none" default:"auto" help:"Progress: a bar on a terminal, periodic log lines otherwise (auto), or as chosen."`
	LogInterval time.Duration `name:"log-interval" default:"30s" help:"Time between progress log lines."`
	Quiet       bool          `short:"q" help:"Do not print the overview when done."`
}

// Run surveys, writes the tables and repo_summary, and prints the overview.
func (c *RunCmd) Run(env *Env) error {
	cacheDir := c.Cache
	if cacheDir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return fmt.Errorf("finding the cache directory (set --cache): %w", err)
		}
		cacheDir = filepath.Join(base, "pysurvey")
	}
	specs, err := c.repoList(env, cacheDir)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	cfg := pipeline.Config{
		Repos:       specs,
		Out:         c.Out,
		CacheDir:    filepath.Join(cacheDir, "repos"),
		Extractors:  list.All(),
		Workers:     c.Workers,
		Readers:     c.Readers,
		MaxFileSize: int64(c.MaxFileSize),
		RepoTimeout: c.RepoTimeout,
		FileTimeout: c.FileTimeout,
		Credentials: c.credentials(env),
		Retries:     c.Retries,
		MaxRepoSize: int64(c.MaxRepoSize),
		ToolVersion: version,
		Logger:      env.Logger,
		Progress:    newProgress(c.Progress, env, c.LogInterval),
	}
	sum, runErr := pipeline.Run(env.Ctx, cfg)
	if sum.Status != "complete" || (runErr != nil && !errors.Is(runErr, pipeline.ErrAllFailed)) {
		return runErr
	}
	db, err := queries.Open(env.Ctx, queries.Options{DataDir: c.Out, RunID: sum.RunID})
	if err != nil {
		return fmt.Errorf("writing repo_summary: %w", err)
	}
	defer db.Close()
	if _, err := db.WriteRepoSummary(env.Ctx, sum.StartedAt, version); err != nil {
		return fmt.Errorf("writing repo_summary: %w", err)
	}
	if !c.Quiet {
		res, err := db.Query(env.Ctx, "repos_overview", nil)
		if err != nil {
			return err
		}
		if err := res.Write(env.Stdout, "table"); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "run %s: %d ok, %d failed; data in %s (try: pysurvey query repo_summary --data %s)\n",
			sum.RunID, sum.ReposOK, sum.ReposFailed, c.Out, c.Out)
	}
	return runErr
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
	if c.Repos == "" {
		return pysurvey.SampleRepos(cacheDir)
	}
	var r io.Reader = env.Stdin
	base, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	if c.Repos != "-" {
		f, err := os.Open(c.Repos)
		if err != nil {
			return nil, fmt.Errorf("reading repo list: %w", err)
		}
		defer f.Close()
		r, base = f, filepath.Dir(c.Repos)
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
	*b = ByteSize(n * mult)
	return nil
}
