package queries

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/pysurvey/pysurvey/schema"
	"github.com/pysurvey/pysurvey/schema/history"
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
	if !partial {
		if files, ok := latestResultFiles(dataDir); ok {
			// The run's own files hold the rows: copied as they are. Of
			// the history, only the runs table is read (not every kept
			// run's files, as the query DB lists them).
			e, err := openBareEngine(ctx)
			if err != nil {
				return err
			}
			defer e.close()
			return writeCurrentTables(ctx, e, dataDir, func(t *schema.Table) (string, error) {
				return e.source(ctx, t, files[t])
			})
		}
	}
	db, err := Open(ctx, Options{DataDir: dataDir, AsWritten: true, Partial: partial, Logger: log})
	if err != nil {
		return err
	}
	defer db.Close()
	return writeCurrentTables(ctx, db.e, db.dataDir, func(t *schema.Table) (string, error) {
		return t.Name, db.prepare(ctx, "SELECT * FROM "+t.Name)
	})
}

// writeCurrentTables writes each current table from the relation source
// gives for it, sorted.
func writeCurrentTables(ctx context.Context, e *engine, dataDir string, source func(*schema.Table) (string, error)) error {
	dir := filepath.Join(dataDir, CurrentDir)
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
		src, err := source(t)
		if err != nil {
			return err
		}
		final := filepath.Join(dir, t.Name+".parquet")
		p := schema.Pending{Tmp: schema.TempPath(final), Path: final}
		cols := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			cols[i] = c.Name
		}
		stmt := fmt.Sprintf("COPY (SELECT %s FROM %s ORDER BY ALL) TO %s (FORMAT parquet, COMPRESSION zstd, KV_METADATA {'pysurvey.table': %s, 'pysurvey.schema_version': '%d'})",
			strings.Join(cols, ", "), src, quote(p.Tmp), quote(t.Name), schema.Version)
		if _, err := e.conn.ExecContext(ctx, stmt); err != nil {
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

// latestResultFiles returns the files of the current tables of the
// latest complete run when the query DB would read that run's results as
// it wrote them: every file its views read is whole (its repos files, its
// result files, one per part, and the fact and pattern_hits files of the
// parts its repositories' rows lie in, as DB.usable and
// DB.resultsReadable check). Else (a run to skip or to recompute) it
// returns false, and the query DB decides.
func latestResultFiles(dataDir string) (map[*schema.Table][]string, bool) {
	run, ok := history.LastComplete(history.RunsRows(dataDir), func(schema.Run) bool { return true })
	if !ok || run.CatalogHash == "" || !runIDPattern.MatchString(run.RunID) {
		return nil, false
	}
	files := map[*schema.Table][]string{}
	for _, t := range currentTables {
		files[t] = schema.RunFiles(dataDir, t, run.RunID)
	}
	parts := len(files[schema.ReposTable])
	imports := schema.RunFiles(dataDir, schema.RepoImportsTable, run.RunID)
	if parts == 0 || len(imports) != parts {
		return nil, false
	}
	check := imports
	for _, t := range currentTables {
		if len(files[t]) != parts {
			return nil, false
		}
		check = append(check, files[t]...)
	}
	for _, f := range files[schema.ReposTable] {
		if schema.CheckFile(f) != nil {
			return nil, false
		}
		repos, err := schema.ReadFile[schema.Repo](schema.ReposTable, f)
		if err != nil {
			return nil, false
		}
		for _, r := range repos {
			if r.Status != "ok" {
				continue
			}
			if !partPattern.MatchString(r.Part) {
				return nil, false // an older layout: the query DB reads it
			}
			for _, t := range append(schema.FactTables(), schema.PatternHitsTable) {
				f := schema.PartFile(dataDir, t, r.Part)
				if _, err := os.Stat(f); err != nil && t == schema.PatternHitsTable {
					continue // parts of older runs have none: not read
				}
				check = append(check, f)
			}
		}
	}
	seen := map[string]bool{}
	for _, f := range check {
		if !seen[f] {
			seen[f] = true
			if schema.CheckFile(f) != nil {
				return nil, false
			}
		}
	}
	return files, true
}
