package queries

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/pysurvey/pysurvey/schema"
)

// CurrentDir is the directory under the output root that holds the
// current tables: one Parquet file each, the latest complete run's rows.
const CurrentDir = "current"

// currentTables are the tables copied to CurrentDir.
var currentTables = []*schema.Table{schema.RepoSummaryTable, schema.RepoPatternsTable, schema.ReposTable}

// CurrentFiles lists the files WriteCurrent writes under dataDir.
func CurrentFiles(dataDir string) []string {
	files := make([]string, len(currentTables))
	for i, t := range currentTables {
		files[i] = filepath.Join(dataDir, CurrentDir, t.Name+".parquet")
	}
	return files
}

// WriteCurrent replaces OUT/current/<table>.parquet (repo_summary,
// repo_patterns, repos) with the rows of the latest complete run, each file
// whole or not at all, so that a BI tool or notebook points at one path
// that always holds the latest good run. The results are those the run
// wrote (its catalog).
// With partial, dataDir is a partial copy of a bucket (Options.Partial).
func WriteCurrent(ctx context.Context, dataDir string, partial bool, log *slog.Logger) error {
	db, err := Open(ctx, Options{DataDir: dataDir, AsWritten: true, Partial: partial, Logger: log})
	if err != nil {
		return err
	}
	defer db.Close()
	dir := filepath.Join(db.dataDir, CurrentDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("writing current tables: %w", err)
	}
	var files []schema.Pending
	written := false
	defer func() {
		if !written {
			for _, f := range files {
				f.Discard()
			}
		}
	}()
	for _, t := range currentTables {
		if err := db.prepare(ctx, "SELECT * FROM "+t.Name); err != nil {
			return err
		}
		final := filepath.Join(dir, t.Name+".parquet")
		p := schema.Pending{Tmp: schema.TempPath(final), Path: final}
		cols := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			cols[i] = c.Name
		}
		stmt := fmt.Sprintf("COPY (SELECT %s FROM %s ORDER BY ALL) TO %s (FORMAT parquet, COMPRESSION zstd, KV_METADATA {'pysurvey.table': %s, 'pysurvey.schema_version': '%d'})",
			strings.Join(cols, ", "), t.Name, quote(p.Tmp), quote(t.Name), schema.Version)
		if _, err := db.e.conn.ExecContext(ctx, stmt); err != nil {
			p.Discard()
			return fmt.Errorf("writing %s: %w", final, err)
		}
		files = append(files, p)
		if err := p.Sync(); err != nil {
			return err
		}
	}
	written = true
	return schema.Commit(files...)
}
