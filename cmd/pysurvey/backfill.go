package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pysurvey/pysurvey/pipeline"
	"github.com/pysurvey/pysurvey/pipeline/fetch"
	"github.com/pysurvey/pysurvey/schema/history"
)

// BackfillCmd surveys the repositories as of a series of past dates.
type BackfillCmd struct {
	Since  string `required:"" help:"The first date of the series (YYYY-MM-DD)." placeholder:"DATE"`
	Until  string `help:"The last date (YYYY-MM-DD; default: today). Points after it are left out." placeholder:"DATE"`
	Every  string `enum:"week,month,quarter" default:"month" help:"The interval between points: week, month or quarter."`
	RunCmd `embed:""`
}

// Help says what a backfill does.
func (c *BackfillCmd) Help() string {
	return `backfill makes one complete run per point of the series, oldest first, each as pysurvey run --at POINT
would (the last commit of each repository at or before the end of that UTC day; absent when there is none),
with the same repo list, shards and output. Each point's run has an id made of its date and of the repo list,
so that a backfill started again skips the points already complete and resumes one cut off. A repository
unchanged from one point to the next is carried forward, not surveyed again; the runs are placed in the past
(runs.as_of, run_date), so trends and the report draw them like any other, and the current tables keep the
latest run.`
}

// Run makes the series' runs.
func (c *BackfillCmd) Run(env *Env) error {
	if c.At != "" || c.Resume != "" || c.RunID != "" {
		return &exitError{code: 2, err: errors.New("backfill sets --at, --run-id and --resume itself for each point")}
	}
	points, err := backfillPoints(c.Since, c.Until, c.Every, time.Now())
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	cfg, done, err := c.config(env)
	if err != nil {
		return err
	}
	defer done()
	key := backfillKey(cfg)
	// The points walk the same histories back from the same tips, and
	// find most blobs again: each history is read once, and the size of
	// each blob no extractor reads found once.
	cfg.FirstParents, cfg.BlobSizes = fetch.NewFirstParents(0), pipeline.NewBlobSizes(0)
	failed := 0
	for _, at := range points {
		runID := at.Format("20060102T150405Z") + "-bf" + key
		state := ""
		runs, err := history.List(cfg.Out) // (a point's shards share its id)
		if err != nil {
			return err
		}
		for _, r := range runs {
			if r.Run.RunID == runID {
				state = r.State
			}
		}
		point := cfg
		point.At, point.RunID, point.Resume = at, runID, ""
		switch state {
		case "complete", "failed", "discarded":
			fmt.Fprintf(env.Stdout, "%s: run %s is %s already\n", at.Format(time.DateOnly), runID, state)
			continue
		case "unfinished", "interrupted":
			point.RunID, point.Resume = "", runID
		}
		sum, runErr := pipeline.Run(env.Ctx, point)
		if env.Ctx.Err() != nil {
			return runErr
		}
		if cfg.Shards > 0 && sum.Status == "complete" {
			// The shard that finishes a point last completes it.
			res, err := c.out.finalize(env, history.FinalizeOptions{RunID: runID, Shards: cfg.Shards, MinOK: cfg.MinOK, ToolVersion: version, Now: time.Now()})
			switch {
			case errors.Is(err, history.ErrShardsMissing):
				fmt.Fprintf(env.Stdout, "%s: shard %d of run %s done; other shards to come\n", at.Format(time.DateOnly), cfg.Shard, runID)
				continue
			case err != nil:
				return err
			case res.Run.Status != "complete":
				sum.Status = res.Run.Status
			}
		}
		if sum.Status != "complete" {
			failed++
			fmt.Fprintf(env.Stdout, "%s: run %s %s: %v\n", at.Format(time.DateOnly), sum.RunID, sum.Status, runErr)
			continue
		}
		fmt.Fprintf(env.Stdout, "%s: run %s complete: %d ok (%d carried forward), %d failed, %d absent\n",
			at.Format(time.DateOnly), sum.RunID, sum.ReposOK, sum.ReposReused, sum.ReposFailed, sum.ReposAbsent)
	}
	if err := c.out.writeCurrent(env); err != nil {
		return fmt.Errorf("the current tables could not be written: %w", err)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d points failed", failed, len(points))
	}
	return nil
}

// backfillPoints lists the dates of a series, each the end of its UTC day:
// since, then every interval after it, up to until (default: today).
func backfillPoints(since, until, every string, now time.Time) ([]time.Time, error) {
	from, err := time.Parse(time.DateOnly, since)
	if err != nil {
		return nil, fmt.Errorf("--since %q: want YYYY-MM-DD", since)
	}
	to := now.UTC()
	if until != "" {
		if to, err = time.Parse(time.DateOnly, until); err != nil {
			return nil, fmt.Errorf("--until %q: want YYYY-MM-DD", until)
		}
	}
	var points []time.Time
	for i := 0; ; i++ {
		var d time.Time
		switch every {
		case "week":
			d = from.AddDate(0, 0, 7*i)
		case "month":
			d = addMonths(from, i)
		case "quarter":
			d = addMonths(from, 3*i)
		default:
			return nil, fmt.Errorf("--every %q: want week, month or quarter", every)
		}
		if d.After(to) {
			break
		}
		points = append(points, d.Add(24*time.Hour-time.Second))
		if len(points) > 10000 {
			return nil, errors.New("more than 10,000 points: choose a later --since or a longer --every")
		}
	}
	if len(points) == 0 {
		return nil, fmt.Errorf("no point from %s to %s", since, to.Format(time.DateOnly))
	}
	return points, nil
}

// addMonths adds n months to a date, keeping its day of the month where
// the month has it and taking the month's last day where not (January 31
// and one month is February 28 or 29, not March 2).
func addMonths(d time.Time, n int) time.Time {
	first := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, n, 0)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d.Day(), last)-1)
}

// backfillKey identifies a backfill's repo list and sharding, so that its
// points' run ids are the same when it is started again.
func backfillKey(cfg pipeline.Config) string {
	h := sha256.New()
	for _, spec := range cfg.Repos {
		fmt.Fprintf(h, "%s\x00%s\x00%s\n", spec.Name, spec.Source, spec.Ref)
	}
	fmt.Fprintf(h, "shards %d", cfg.Shards) // every shard of a point agrees
	return strings.ToLower(hex.EncodeToString(h.Sum(nil))[:6])
}
