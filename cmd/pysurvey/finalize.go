package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/pysurvey/pysurvey/schema/history"
)

// FinalizeCmd completes a sharded run.
type FinalizeCmd struct {
	Out       PathFlag `default:"./survey-out" help:"Output directory or bucket URL the shards wrote to." placeholder:"DIR|URL"`
	Cache     PathFlag `help:"Directory for the local copy of a bucket (default: the user cache dir)." placeholder:"DIR"`
	RunID     string   `name:"run-id" help:"The run to finalize (default: $PYSURVEY_RUN_ID)." placeholder:"ID"`
	Shards    int      `required:"" help:"Number of shards the run was split into." placeholder:"N"`
	IfReady   bool     `name:"if-ready" help:"With shards still missing, do nothing and exit 0 (every shard can call finalize when done: the last one completes the run)."`
	MinShards float64  `name:"min-shards" help:"Complete the run with at least this share of its shards (0..1), recording the missing ones in runs.shards_missing (a degraded run)." placeholder:"SHARE"`
	MinOK     float64  `name:"min-ok" default:"0.9" help:"Share of the listed repositories that must be surveyed ok for the run to be complete (as run --min-ok)."`
}

// Help says when finalize runs.
func (c *FinalizeCmd) Help() string {
	return `finalize checks that every shard has marked itself done (the shards table) and that every part a shard
lists is there and whole, then writes the run's runs row (the last write: queries see the run from then on)
and the current tables. A run finalized already is left as it is (exit 0). With shards missing it names them
and exits 1, or 0 with --if-ready.`
}

// Run finalizes the run.
func (c *FinalizeCmd) Run(env *Env) error {
	runID := c.RunID
	if runID == "" {
		runID = env.Getenv("PYSURVEY_RUN_ID")
	}
	switch {
	case runID == "":
		return &exitError{code: 2, err: errors.New("finalize: give --run-id (or $PYSURVEY_RUN_ID)")}
	case c.Shards < 1:
		return &exitError{code: 2, err: fmt.Errorf("--shards %d: want a positive number", c.Shards)}
	case c.MinShards < 0 || c.MinShards > 1 || c.MinOK < 0 || c.MinOK > 1:
		return &exitError{code: 2, err: errors.New("--min-shards and --min-ok are shares between 0 and 1")}
	}
	cacheDir, err := cacheBase(env, string(c.Cache))
	if err != nil {
		return err
	}
	out, err := openOutput(env, string(c.Out), cacheDir)
	if err != nil {
		return err
	}
	defer out.close(env)
	res, err := out.finalize(env, history.FinalizeOptions{RunID: runID, Shards: c.Shards, MinShards: c.MinShards, MinOK: c.MinOK,
		ToolVersion: version, Now: time.Now()})
	switch {
	case errors.Is(err, history.ErrShardsMissing) && c.IfReady:
		fmt.Fprintf(env.Stdout, "run %s: not yet (%v)\n", runID, err)
		return nil
	case err != nil:
		return err
	case res.Busy:
		fmt.Fprintf(env.Stdout, "run %s is being finalized by another process\n", runID)
		return nil
	case res.Already:
		fmt.Fprintf(env.Stdout, "run %s was finalized already (%s)\n", runID, res.Run.Status)
		return nil
	}
	fmt.Fprintf(env.Stdout, "run %s %s: %d shards, %d repositories ok (%d carried forward), %d failed", runID, res.Run.Status,
		c.Shards-len(res.Missing), res.Run.ReposOK, res.Run.ReposReused, res.Run.ReposFailed)
	if res.Run.ShardsMissing != "" {
		fmt.Fprintf(env.Stdout, "; degraded: shards %s missing", res.Run.ShardsMissing)
	}
	fmt.Fprintln(env.Stdout)
	if res.Run.Status != "complete" {
		return fmt.Errorf("run %s is %s: too few repositories were surveyed ok", runID, res.Run.Status)
	}
	return out.writeCurrent(env)
}
