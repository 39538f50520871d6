package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/pysurvey/pysurvey/queries"
	"github.com/pysurvey/pysurvey/schema"
	"github.com/pysurvey/pysurvey/schema/history"
)

// RunsCmd lists, discards and prunes the runs of an output root.
type RunsCmd struct {
	List    RunsListCmd    `cmd:"" default:"withargs" help:"List the runs: id, the time it describes (as_of), start, state, repositories ok, failed, reused and absent, duration, tool version (the default)."`
	Discard RunsDiscardCmd `cmd:"" help:"Take a complete run out of every query (a second runs row marks it; nothing is deleted); the current tables then hold the latest run left."`
	Prune   RunsPruneCmd   `cmd:"" help:"Delete old runs' files: keeps the latest complete run, the last run of each of the --keep-daily latest days and --keep-monthly latest months, runs being written, and the facts kept runs read."`
}

// RunsListCmd lists the runs.
type RunsListCmd struct {
	Data   string `default:"./survey-out" help:"Output directory or bucket URL of pysurvey run." placeholder:"DIR|URL"`
	Format string `short:"f" enum:"table,csv,json,markdown" default:"table" help:"Output format: table, csv, json or markdown."`
}

// Run prints the runs, oldest first.
func (c *RunsListCmd) Run(env *Env) error {
	o, err := openData(env, c.Data, nil, "", false, "")
	if err != nil {
		return err
	}
	defer o.close(env)
	if err := o.root.PullHistory(env.Ctx); err != nil {
		return err
	}
	runs, err := history.List(o.dir)
	if err != nil {
		return err
	}
	res := &queries.Result{Columns: []string{"run_id", "as_of", "started_at", "state", "repos_ok", "repos_failed", "repos_reused", "repos_absent", "duration_s", "tool_version", "parts"}}
	for _, r := range runs {
		var dur any
		if !r.Run.FinishedAt.IsZero() {
			dur = r.Run.FinishedAt.Sub(r.Run.StartedAt).Round(time.Second).Seconds()
		}
		res.Rows = append(res.Rows, []any{r.Run.RunID, history.AsOf(r.Run), r.Run.StartedAt, r.State, r.Run.ReposOK, r.Run.ReposFailed, r.Run.ReposReused,
			r.Run.ReposAbsent, dur, r.Run.ToolVersion, int64(r.Parts)})
	}
	return res.Write(env.Stdout, c.Format)
}

// RunsDiscardCmd discards a run.
type RunsDiscardCmd struct {
	RunID string `arg:"" name:"run-id" help:"The run to discard (pysurvey runs lists them)."`
	Data  string `default:"./survey-out" help:"Output directory or bucket URL of pysurvey run." placeholder:"DIR|URL"`
}

// Run marks the run discarded and rewrites the current tables.
func (c *RunsDiscardCmd) Run(env *Env) error {
	o, err := openData(env, c.Data, nil, "", false, "")
	if err != nil {
		return err
	}
	defer o.close(env)
	if err := o.pullForRun(env.Ctx); err != nil {
		return err
	}
	if err := history.Discard(o.dir, c.RunID, time.Now()); err != nil {
		return err
	}
	for _, f := range schema.RunFiles(o.dir, schema.RunsTable, c.RunID) {
		if strings.HasSuffix(f, schema.DiscardedSuffix+".parquet") {
			if err := o.root.Push(env.Ctx, f); err != nil {
				return err
			}
		}
	}
	fmt.Fprintf(env.Stdout, "run %s discarded: no query selects it\n", c.RunID)
	if err := o.writeCurrent(env); err != nil {
		return fmt.Errorf("run %s discarded, but the current tables could not be rewritten: %w", c.RunID, err)
	}
	return nil
}

// RunsPruneCmd deletes old runs.
type RunsPruneCmd struct {
	Data        string `default:"./survey-out" help:"Output directory of pysurvey run." placeholder:"DIR"`
	KeepDaily   int    `name:"keep-daily" default:"30" help:"Keep the last complete run of each of this many latest days that have one."`
	KeepMonthly int    `name:"keep-monthly" default:"24" help:"Keep the last complete run of each of this many latest months that have one."`
	DryRun      bool   `name:"dry-run" help:"Say what would be deleted, delete nothing."`
}

// Run prunes and says what went.
func (c *RunsPruneCmd) Run(env *Env) error {
	if err := localOnly("runs prune", c.Data); err != nil {
		return err // a bucket's lifecycle rules delete old objects there
	}
	if c.KeepDaily < 0 || c.KeepMonthly < 0 {
		return &exitError{code: 2, err: fmt.Errorf("--keep-daily and --keep-monthly must not be negative")}
	}
	res, err := history.Prune(c.Data, history.Retention{Daily: c.KeepDaily, Monthly: c.KeepMonthly}, c.DryRun)
	if err != nil {
		return err
	}
	verb := "deleted"
	if c.DryRun {
		verb = "would delete"
	}
	for _, id := range res.Runs {
		fmt.Fprintf(env.Stdout, "%s run %s\n", verb, id)
	}
	fmt.Fprintf(env.Stdout, "%s %d runs: %d files, %s; kept %d parts whose facts kept runs read\n", verb, len(res.Runs), res.Files, formatBytes(res.Bytes), res.KeptParts)
	return nil
}

// formatBytes writes a size for people.
func formatBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
