package history

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pysurvey/pysurvey/schema"
)

// ErrShardsMissing is wrapped by the error of a finalize that found shards
// without their mark (not finished, or not started).
var ErrShardsMissing = errors.New("shards missing")

// FinalizeOptions say how to finalize a sharded run.
type FinalizeOptions struct {
	// RunID and Shards name the run and its number of shards.
	RunID  string
	Shards int
	// MinShards, when above 0, completes the run with at least this share
	// of its shards, recording the others in runs.shards_missing.
	MinShards float64
	// MinOK is the share of the listed repositories that must be
	// surveyed ok (as run --min-ok).
	MinOK float64
	// ToolVersion and Now are recorded when the run is written.
	ToolVersion string
	Now         time.Time
	// Exists, when set, tells whether a part's file is there, in place of
	// reading it: for a copy of a bucket, whose objects are whole once
	// listed (an upload makes an object whole or not at all) and which
	// holds a run's rows without its facts.
	Exists func(path string) bool
}

// Finalized is what Finalize did.
type Finalized struct {
	// Run is the runs row written, or found when the run was finalized
	// already (Already).
	Run     schema.Run
	Already bool
	// Busy is set when another process was finalizing the run (two last
	// shards at once): it finishes the work.
	Busy bool
	// Missing lists the shards without their mark.
	Missing []int
	// Path is the file of the runs row written.
	Path string
}

// Finalize writes the runs row of a sharded run once every shard has
// committed (its mark in the shards table, and every part it lists whole),
// or, with MinShards, once enough have. A finalized run is left as it is.
// With shards missing it returns an error wrapping ErrShardsMissing that
// names them, and Finalized.Missing.
func Finalize(out string, opts FinalizeOptions) (Finalized, error) {
	unlock, err := LockRun(out, opts.RunID)
	if err != nil {
		return Finalized{Busy: true}, nil
	}
	defer unlock()
	for _, r := range RunsRows(out) {
		if r.RunID == opts.RunID && r.Status != "discarded" {
			return Finalized{Run: r, Already: true}, nil
		}
	}
	marks := map[int]schema.Shard{}
	var dir string
	for _, f := range schema.RunFiles(out, schema.ShardsTable, opts.RunID) {
		rows, err := schema.ReadFile[schema.Shard](schema.ShardsTable, f)
		if err != nil {
			return Finalized{}, fmt.Errorf("reading %s: %w", f, err)
		}
		for _, m := range rows {
			if int(m.Shards) != opts.Shards {
				return Finalized{}, fmt.Errorf("%s: shard %d of %d shards, but finalize was told %d", f, m.Shard, m.Shards, opts.Shards)
			}
			marks[int(m.Shard)] = m
		}
		dir = filepath.Base(filepath.Dir(f))
	}
	var res Finalized
	for i := range opts.Shards {
		m, ok := marks[i]
		if !ok {
			res.Missing = append(res.Missing, i)
			continue
		}
		if err := checkParts(out, m, opts.Exists); err != nil {
			return res, fmt.Errorf("shard %d: %w", i, err)
		}
	}
	if len(res.Missing) > 0 {
		present := float64(opts.Shards-len(res.Missing)) / float64(opts.Shards)
		if opts.MinShards <= 0 || present < opts.MinShards || len(marks) == 0 {
			return res, fmt.Errorf("run %s: %w: %s of %d", opts.RunID, ErrShardsMissing, joinInts(res.Missing), opts.Shards)
		}
	}
	run, err := combine(opts, marks, res.Missing)
	if err != nil {
		return res, err
	}
	runDate, err := time.Parse("run_date=2006-01-02", dir)
	if err != nil {
		return res, fmt.Errorf("run %s: shard marks in %q: %w", opts.RunID, dir, err)
	}
	res.Path = schema.PartPath(out, schema.RunsTable, runDate, opts.RunID)
	w, err := schema.NewWriter[schema.Run](schema.RunsTable, res.Path, schema.FileMeta{RunID: opts.RunID, ToolVersion: opts.ToolVersion})
	if err != nil {
		return res, err
	}
	if err := w.Append(&run); err != nil {
		w.Abort()
		return res, err
	}
	if err := w.Close(); err != nil {
		return res, err
	}
	res.Run = run
	return res, nil
}

// combine makes the runs row of a sharded run from its shards' marks.
func combine(opts FinalizeOptions, marks map[int]schema.Shard, missing []int) (schema.Run, error) {
	run := schema.Run{RunID: opts.RunID, SchemaVersion: schema.Version, Shards: int32(opts.Shards), ShardsMissing: joinInts(missing)}
	var listed int64
	first := true
	for _, i := range sortedShards(marks) {
		m := marks[i]
		if first {
			run.StartedAt, run.FinishedAt, run.AsOf = m.StartedAt, m.FinishedAt, m.AsOf
			run.ToolVersion, run.Extractors, run.FactOptions, run.CatalogHash, run.CustomPatterns = m.ToolVersion, m.Extractors, m.FactOptions, m.CatalogHash, m.CustomPatterns
			first = false
		}
		if m.Extractors != run.Extractors || m.FactOptions != run.FactOptions || m.CatalogHash != run.CatalogHash {
			return run, fmt.Errorf("run %s: shard %d was surveyed with other extractors, options or catalog than shard %d (%s %s %s, not %s %s %s)",
				opts.RunID, i, sortedShards(marks)[0], m.Extractors, m.FactOptions, m.CatalogHash, run.Extractors, run.FactOptions, run.CatalogHash)
		}
		if m.StartedAt.Before(run.StartedAt) {
			run.StartedAt = m.StartedAt
		}
		if m.FinishedAt.After(run.FinishedAt) {
			run.FinishedAt = m.FinishedAt
		}
		run.ReposOK += m.ReposOK
		run.ReposFailed += m.ReposFailed
		run.ReposReused += m.ReposReused
		run.ReposAbsent += m.ReposAbsent
		listed += m.ReposListed - m.ReposAbsent
	}
	if run.AsOf.IsZero() {
		run.AsOf = run.StartedAt
	}
	switch {
	case run.ReposOK == 0 && listed > 0:
		run.Status = "failed"
	case float64(run.ReposOK) < opts.MinOK*float64(listed):
		run.Status = "failed"
	default:
		run.Status = "complete"
	}
	return run, nil
}

// checkParts checks that every part a shard lists has its files, whole
// (or, with exists, there).
func checkParts(out string, m schema.Shard, exists func(string) bool) error {
	if m.Parts == "" {
		return nil
	}
	tables := append(schema.FactTables(), schema.ReposTable)
	if m.CatalogHash != "" {
		tables = append(tables, schema.ResultTables()...)
	}
	for _, part := range strings.Split(m.Parts, ",") {
		for _, t := range tables {
			f := filepath.Join(out, t.Name, filepath.FromSlash(part)+".parquet")
			if exists != nil {
				if !exists(f) {
					return fmt.Errorf("part %s: %s/%s.parquet is missing", part, t.Name, part)
				}
				continue
			}
			if _, err := os.Stat(f); err != nil {
				return fmt.Errorf("part %s: %w", part, err)
			}
			if err := schema.CheckFile(f); err != nil {
				return fmt.Errorf("part %s: %w", part, err)
			}
		}
	}
	return nil
}

func sortedShards(marks map[int]schema.Shard) []int {
	keys := make([]int, 0, len(marks))
	for k := range marks {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	return keys
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}
