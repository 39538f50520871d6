package queries

import (
	"context"
	"fmt"
	"time"

	"github.com/pysurvey/pysurvey/schema"
)

// WriteRepoSummary answers the repo_summary query for the one complete run
// the DB was opened on (Options.RunID) and writes it as the repo_summary
// table, for BI tools that read Parquet only. It returns the files written.
func (db *DB) WriteRepoSummary(ctx context.Context, runDate time.Time, toolVersion string) ([]string, error) {
	if db.runID == "" {
		return nil, fmt.Errorf("repo_summary: the database was not opened on one run")
	}
	res, err := db.Query(ctx, "repo_summary", nil)
	if err != nil {
		return nil, err
	}
	w, err := schema.NewWriter[schema.RepoSummary](schema.RepoSummaryTable,
		schema.WriterOptions{Dir: db.dataDir, RunID: db.runID, RunDate: runDate, ToolVersion: toolVersion})
	if err != nil {
		return nil, err
	}
	for _, vals := range res.Rows {
		row, err := schema.Scan[schema.RepoSummary](schema.RepoSummaryTable, res.Columns, vals)
		if err != nil {
			w.Abort()
			return nil, fmt.Errorf("repo_summary: %w", err)
		}
		row.RunID = db.runID
		if err := w.Append(&row); err != nil {
			w.Abort()
			return nil, err
		}
	}
	return w.Close()
}
