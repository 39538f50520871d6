package queries

import (
	"context"
	"fmt"
	"time"

	"github.com/pysurvey/pysurvey/schema"
)

// WriteRepoSummary answers the repo_summary query for one complete run and
// writes it as the repo_summary table, for BI tools that read Parquet
// only. It returns the files written.
func WriteRepoSummary(ctx context.Context, opts Options, runDate time.Time, toolVersion string) ([]string, error) {
	db, err := Open(ctx, opts)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	res, err := db.Query(ctx, "repo_summary", nil)
	if err != nil {
		return nil, err
	}
	w, err := schema.NewWriter[schema.RepoSummary](schema.RepoSummaryTable,
		schema.WriterOptions{Dir: opts.DataDir, RunID: opts.RunID, RunDate: runDate, ToolVersion: toolVersion})
	if err != nil {
		return nil, err
	}
	for _, vals := range res.Rows {
		row, err := schema.Scan[schema.RepoSummary](schema.RepoSummaryTable, res.Columns, vals)
		if err != nil {
			w.Abort()
			return nil, fmt.Errorf("repo_summary: %w", err)
		}
		row.RunID = opts.RunID
		if err := w.Append(&row); err != nil {
			w.Abort()
			return nil, err
		}
	}
	return w.Close()
}
