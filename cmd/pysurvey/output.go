package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/pysurvey/pysurvey/queries"
	"github.com/pysurvey/pysurvey/schema"
	"github.com/pysurvey/pysurvey/schema/history"
	"github.com/pysurvey/pysurvey/schema/mirror"
	"github.com/pysurvey/pysurvey/schema/store"
)

// cacheBase is the cache directory: the flag's, else pysurvey's in the
// user's cache directory ($XDG_CACHE_HOME, else the system's).
func cacheBase(env *Env, flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	if x := env.Getenv("XDG_CACHE_HOME"); filepath.IsAbs(x) {
		return filepath.Join(x, "pysurvey"), nil
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("finding the cache directory (set --cache or $XDG_CACHE_HOME): %w", err)
	}
	return filepath.Join(base, "pysurvey"), nil
}

// output is an output root opened for a command: the root, and the name
// of its local directory that DuckDB takes.
type output struct {
	root    *mirror.Root
	dir     string
	release func()
}

// openOutput opens the output root at location (a directory, or a
// bucket's URL, whose local copy is under cacheDir).
func openOutput(env *Env, location, cacheDir string) (*output, error) {
	root, err := mirror.Open(env.Ctx, location, cacheDir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(root.Dir(), 0o755); err != nil {
		root.Close()
		return nil, fmt.Errorf("writing output: %w", err)
	}
	// DuckDB takes file names as text: an output root whose name is not
	// is read and written through a link that is.
	dir, release, err := queries.ReadableDir(root.Dir())
	if err != nil {
		root.Close()
		return nil, err
	}
	root.Alias(dir)
	return &output{root: root, dir: dir, release: release}, nil
}

// close releases the root, logging what a bucket's copy moved.
func (o *output) close(env *Env) {
	if o.root.Remote() {
		m := o.root.Moved()
		env.Logger.Info("bucket", "location", o.root.String(), "pulled_objects", m.PulledObjects, "pulled_bytes", m.PulledBytes,
			"pushed_objects", m.PushedObjects, "pushed_bytes", m.PushedBytes)
	}
	o.release()
	o.root.Close()
}

// resultTables are the per-repository results a run copies for the
// repositories it carries forward (pattern_hits lies beside the facts).
func carriedResults() []*schema.Table {
	return []*schema.Table{schema.RepoSummaryTable, schema.RepoPatternsTable, schema.RepoImportsTable}
}

// pullForRun pulls what a run (or a finalize) reads from a bucket: the
// history, the results of the runs it may carry repositories forward from
// (the latest complete run of each configuration) and of the runs named
// (its own, when resumed or finalized), and the listing of the facts
// (only their presence is read).
func (o *output) pullForRun(ctx context.Context, runIDs ...string) error {
	if !o.root.Remote() {
		return nil
	}
	if err := o.root.PullHistory(ctx); err != nil {
		return err
	}
	latest := map[string]schema.Run{}
	for _, r := range history.RunsRows(o.dir) {
		if r.Status != "complete" {
			continue
		}
		config := fmt.Sprint(r.SchemaVersion, r.Extractors, r.CatalogHash, r.FactOptions)
		if prev, ok := latest[config]; !ok || history.AsOf(r).After(history.AsOf(prev)) {
			latest[config] = r
		}
	}
	for _, r := range latest {
		runIDs = append(runIDs, r.RunID)
	}
	if err := o.root.PullRuns(ctx, carriedResults(), runIDs...); err != nil {
		return err
	}
	return o.root.Pull(ctx, func(string) bool { return false }, tablePrefixes(append(schema.FactTables(), schema.PatternHitsTable))...)
}

func tablePrefixes(tables []*schema.Table) []string {
	out := make([]string, len(tables))
	for i, t := range tables {
		out[i] = t.Name + "/"
	}
	return out
}

// writeCurrent writes the current tables and pushes them.
func (o *output) writeCurrent(env *Env) error {
	if err := queries.WriteCurrent(env.Ctx, o.dir, o.root.Remote(), env.Logger); err != nil {
		return err
	}
	return o.root.Push(env.Ctx, queries.CurrentFiles(o.dir)...)
}

// finalize finalizes a sharded run of the root and pushes its row.
func (o *output) finalize(env *Env, opts history.FinalizeOptions) (history.Finalized, error) {
	if o.root.Remote() {
		if err := o.pullForRun(env.Ctx, opts.RunID); err != nil {
			return history.Finalized{}, err
		}
		opts.Exists = o.root.Exists
	}
	res, err := history.Finalize(o.dir, opts)
	if err != nil || res.Busy || res.Already {
		return res, err
	}
	return res, o.root.Push(env.Ctx, res.Path)
}

// pullForQuery pulls what statements read from a bucket: the tables they
// name (queries.TablesRead; the fact tables too when the results are
// recomputed under another catalog), for the runs they select: runID, or
// every complete run with allRuns, or the latest complete one. Results are
// pulled by run; facts by the parts the runs' repositories point at
// (their own, or those of the run they were carried forward from).
func (o *output) pullForQuery(ctx context.Context, stmts []string, runID string, allRuns, recompute bool) error {
	if err := o.root.PullHistory(ctx); err != nil {
		return err
	}
	read := map[*schema.Table]bool{}
	for _, stmt := range stmts {
		tables, err := queries.TablesRead(stmt)
		if err != nil {
			return err
		}
		for _, t := range tables {
			read[t] = true
		}
	}
	if recompute {
		for _, t := range append(schema.FactTables(), schema.PatternHitsTable) {
			read[t] = true
		}
	}
	runs, err := history.List(o.dir)
	if err != nil {
		return err
	}
	var ids []string
	var latest schema.Run
	for _, r := range runs {
		switch {
		case r.State != "complete":
		case runID != "" && r.Run.RunID == runID, allRuns:
			ids = append(ids, r.Run.RunID)
		case runID == "" && !history.AsOf(r.Run).Before(history.AsOf(latest)):
			latest = r.Run
		}
	}
	if runID == "" && !allRuns && latest.RunID != "" {
		ids = append(ids, latest.RunID)
	}
	var results, facts []*schema.Table
	for _, t := range append(schema.FactTables(), schema.ResultTables()...) {
		switch {
		case !read[t]:
		case t == schema.PatternHitsTable || slices.Contains(schema.FactTables(), t):
			facts = append(facts, t)
		default:
			results = append(results, t)
		}
	}
	if len(results) > 0 {
		if err := o.root.PullRuns(ctx, results, ids...); err != nil {
			return err
		}
	}
	if len(facts) == 0 {
		return nil
	}
	parts := map[string]bool{}
	for _, id := range ids {
		byPart, err := history.CommittedRepos(o.dir, id)
		if err != nil {
			return err
		}
		for part, rows := range byPart {
			for _, row := range rows {
				if row.Part != "" {
					parts[row.Part] = true
				} else {
					parts[part] = true
				}
			}
		}
	}
	return o.root.PullParts(ctx, facts, parts)
}

// openData opens the data of a reading verb: a directory as it is; for a
// bucket, the copy, after a pull of what the statements read for the runs
// they select (see pullForQuery).
func openData(env *Env, location string, stmts []string, runID string, allRuns bool, patterns string) (*output, error) {
	var cacheDir string
	if store.IsBucket(location) {
		var err error
		if cacheDir, err = cacheBase(env, ""); err != nil {
			return nil, err
		}
	}
	o, err := openOutput(env, location, cacheDir)
	if err != nil {
		return nil, err
	}
	if o.root.Remote() && stmts != nil {
		if err := o.pullForQuery(env.Ctx, stmts, runID, allRuns, patterns != ""); err != nil {
			o.close(env)
			return nil, fmt.Errorf("reading %s: %w", o.root, err)
		}
	}
	return o, nil
}

// localOnly refuses a bucket for a verb that works on a directory only.
func localOnly(verb, location string) error {
	if !store.IsBucket(location) {
		return nil
	}
	return &exitError{code: 2, err: fmt.Errorf("%s works on an output directory, not a bucket (%s)", verb, location)}
}
