package pipeline

import (
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/pysurvey/pysurvey/schema"
	"github.com/pysurvey/pysurvey/schema/history"
)

// What a run needs from the history in OUT: the repositories it may carry
// forward from the last complete run (reuse), and, when it resumes a run,
// what that run already committed.

// reusable reads the repositories surveyed ok by the last complete run of
// OUT made with the same extractors, schema, catalog and fact options as
// this one, by name, keeping those whose fact rows are still there (a
// prune may have removed a part).
func (r *runner) reusable() (map[string]previousRepo, string, error) {
	prev, ok := history.LastComplete(history.RunsRows(r.cfg.Out), func(p schema.Run) bool {
		return p.SchemaVersion == schema.Version && p.Extractors == extractorNames(r.cfg.Extractors) &&
			p.CatalogHash == r.cfg.CatalogHash && p.FactOptions == r.factOptions() && p.RunID != r.runID
	})
	if !ok {
		return nil, "", nil
	}
	byPart, err := history.CommittedRepos(r.cfg.Out, prev.RunID)
	if err != nil {
		return nil, "", fmt.Errorf("reading the repositories of run %s: %w", prev.RunID, err)
	}
	repos := map[string]previousRepo{}
	for part, rows := range byPart {
		for _, row := range rows {
			if row.Status == "ok" && row.Commit != "" && r.partExists(row.Part) {
				repos[row.Repo] = previousRepo{row: row, resultPart: part}
			}
		}
	}
	return repos, prev.RunID, nil
}

// previousRepo is a repository of the last complete run: its row, and the
// part of that run whose result files hold its results.
type previousRepo struct {
	row        schema.Repo
	resultPart string
}

// partExists reports whether the files of a part's facts are there.
func (r *runner) partExists(part string) bool {
	if part == "" {
		return false
	}
	for _, t := range factTables {
		if !r.exists(filepath.Join(r.cfg.Out, t.Name, filepath.FromSlash(part)+".parquet")) {
			return false
		}
	}
	return true
}

// factOptions are the options that change the facts, for the runs row.
func (r *runner) factOptions() string {
	return "max_file_size=" + strconv.FormatInt(r.cfg.MaxFileSize, 10)
}

// carryForward makes the row of a repository carried forward unchanged
// from the last complete run: its counts, commit and the part its fact
// rows lie in (of the run that extracted them), and where its results are
// copied from (that last run's part).
func carryForward(row schema.Repo, prev previousRepo) (schema.Repo, schema.Carried) {
	p := prev.row
	row.Commit, row.CommitTime = p.Commit, p.CommitTime
	row.Files, row.PythonFiles, row.Bytes = p.Files, p.PythonFiles, p.Bytes
	row.Part = p.Part
	row.ReusedFrom = p.ReusedFrom
	if row.ReusedFrom == "" {
		row.ReusedFrom = p.RunID
	}
	return row, schema.Carried{Repo: row.Repo, From: p.RunID, Part: prev.resultPart}
}
