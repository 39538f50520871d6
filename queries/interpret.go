package queries

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/pysurvey/pysurvey/schema"
)

// Interpreter computes the per-repository results (schema.ResultTables)
// from the facts of a few repositories at a time: a part of a run as the
// run writes it, or, at query time, the repositories of a run whose
// results were made with another catalog. What it computes is data and
// SQL: the catalog (patterns.csv and --patterns rows), the helper views of
// views/*.sql and the statements of results/*.sql, one per result table.
// Its memory is bounded by the facts of one part, not by the run.
type Interpreter struct {
	e       *engine
	results map[string]string // result table → its SELECT
}

// NewInterpreter opens an interpreter with the shipped catalog and, when
// patternsFile is set, that file's rows.
func NewInterpreter(ctx context.Context, patternsFile string) (*Interpreter, error) {
	e, err := openEngine(ctx, patternsFile)
	if err != nil {
		return nil, err
	}
	results, err := resultStatements()
	if err != nil {
		e.close()
		return nil, err
	}
	return &Interpreter{e: e, results: results}, nil
}

// resultStatements reads results/*.sql: one SELECT per result table.
func resultStatements() (map[string]string, error) {
	out := map[string]string{}
	for _, t := range schema.ResultTables() {
		b, err := files.ReadFile("results/" + t.Name + ".sql")
		if err != nil {
			return nil, fmt.Errorf("the result table %s has no results/%s.sql", t.Name, t.Name)
		}
		out[t.Name] = parseQuery(t.Name, string(b)).SQL
	}
	names, err := fs.Glob(files, "results/*.sql")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		if _, ok := out[strings.TrimSuffix(path.Base(n), ".sql")]; !ok {
			return nil, fmt.Errorf("%s: no result table of that name", n)
		}
	}
	return out, nil
}

// CatalogHash identifies the interpretation: results computed under the
// same hash are the same for the same facts.
func (in *Interpreter) CatalogHash() string { return in.e.hash }

// CustomPatterns reports whether a patterns file added to the catalog.
func (in *Interpreter) CustomPatterns() bool { return in.e.custom }

// Close releases the interpreter's database.
func (in *Interpreter) Close() error { return in.e.close() }

// Interpret computes the results of a part of a run: it reads the part's
// files and writes each result table's file at the path Outputs names.
func (in *Interpreter) Interpret(ctx context.Context, part schema.PartFiles) error {
	u := unit{runID: part.RunID, files: map[string][]string{}, carried: part.Carried, dir: part.Dir}
	for name, f := range part.Inputs {
		u.files[name] = []string{f}
	}
	return in.interpret(ctx, u, part.Outputs)
}

// unit is what one interpretation reads: the files of each input table,
// and optionally the only repositories to take from them.
type unit struct {
	// runID is the run the results are for: rows read are given it.
	runID string
	// files holds the files of each input table (files, imports, symbols,
	// dependencies, projects; repos), by table name.
	files map[string][]string
	// producer, when set, is the run that extracted the facts: only its
	// rows are read (a part of an earlier run that a later one reuses).
	producer string
	// only, when set, restricts every table to these repositories.
	only []string
	// carried lists repositories whose results are copied from the parts
	// under dir that hold them, not computed (see schema.PartFiles).
	carried []schema.Carried
	dir     string
}

// interpretInputs are the tables an interpretation reads.
func interpretInputs() []*schema.Table {
	return append(schema.FactTables(), schema.ReposTable)
}

// loadedInput reports whether an input table is copied into a table of
// the interpretation's database before anything reads it. DuckDB binds
// and optimizes again, at execution, every statement that reads Parquet
// (its file list may have changed since the statement was prepared), and
// the result statements are large: each read of a part's Parquet costs
// a second planning of the statement. The small tables (files, projects,
// dependencies, repos) are read by most statements, so they are loaded
// once; imports and symbols, the bulk of a part, are read by few, and
// only the columns those need, so they stay views of the files.
func loadedInput(t *schema.Table) bool {
	return t != schema.ImportsTable && t != schema.SymbolsTable
}

// interpret points the table views at a unit's files and writes every
// result table to its path in outputs.
func (in *Interpreter) interpret(ctx context.Context, u unit, outputs map[string]string) (err error) {
	e := in.e
	defer func() { // the loaded inputs are not kept beyond the unit
		for _, t := range interpretInputs() {
			if !loadedInput(t) {
				continue
			}
			if dropErr := e.exec(ctx, "DROP TABLE IF EXISTS "+t.Name+"__input"); dropErr != nil && err == nil {
				err = dropErr
			}
		}
	}()
	if err := e.dropCache(ctx); err != nil {
		return err
	}
	var only, carried string
	if u.only != nil {
		var err error
		if only, err = e.bind(ctx, u.only); err != nil {
			return err
		}
	}
	if len(u.carried) > 0 {
		repos := make([]string, len(u.carried))
		for i, c := range u.carried {
			repos[i] = c.Repo
		}
		var err error
		if carried, err = e.bind(ctx, repos); err != nil {
			return err
		}
	}
	for _, t := range interpretInputs() {
		src, err := e.source(ctx, t, u.files[t.Name])
		if err != nil {
			return err
		}
		var where []string
		if u.producer != "" && t != schema.ReposTable {
			where = append(where, "run_id = "+quote(u.producer))
		}
		if t == schema.ReposTable {
			where = append(where, "run_id = "+quote(u.runID))
			if carried != "" { // their results are copied, not computed
				where = append(where, "NOT list_contains("+carried+", repo)")
			}
		}
		if only != "" {
			where = append(where, "list_contains("+only+", repo)")
		}
		stmt := fmt.Sprintf("SELECT * REPLACE (%s AS run_id) FROM %s", quote(u.runID), src)
		if len(where) > 0 {
			stmt += " WHERE " + strings.Join(where, " AND ")
		}
		if loadedInput(t) {
			if err := e.exec(ctx, "CREATE OR REPLACE TEMP TABLE "+t.Name+"__input AS "+stmt); err != nil {
				return fmt.Errorf("loading %s: %w", t.Name, err)
			}
			stmt = "SELECT * FROM " + t.Name + "__input"
		}
		if err := e.exec(ctx, "CREATE OR REPLACE VIEW "+t.Name+" AS "+stmt); err != nil {
			return err
		}
	}
	// A unit of carried repositories alone (a night when none changed)
	// computes nothing: its results are copied.
	computed := true
	if carried != "" {
		var n int
		if err := e.conn.QueryRowContext(ctx, "SELECT count(*) FROM repos").Scan(&n); err != nil {
			return fmt.Errorf("counting the repositories to interpret: %w", err)
		}
		computed = n > 0
	}
	for _, t := range schema.ResultTables() {
		out, ok := outputs[t.Name]
		if !ok {
			continue
		}
		stmt, err := in.withCarried(ctx, t, u, computed)
		if err != nil {
			return err
		}
		if err := in.write(ctx, t, stmt, out); err != nil {
			return fmt.Errorf("%s: %w", t.Name, err)
		}
	}
	return nil
}

// withCarried returns the statement of a result table (none when there
// is nothing to compute), with the rows of the unit's carried
// repositories added (pattern_hits, which lies beside the facts, is not
// copied).
func (in *Interpreter) withCarried(ctx context.Context, t *schema.Table, u unit, computed bool) (string, error) {
	stmt := in.results[t.Name]
	if !computed {
		stmt = "SELECT * FROM " + emptyRelation(t)
	}
	if len(u.carried) == 0 || t == schema.PatternHitsTable {
		return stmt, nil
	}
	var files, keys []string
	seen := map[string]bool{}
	for _, c := range u.carried {
		keys = append(keys, c.From+"\n"+c.Repo)
		if !seen[c.Part] {
			seen[c.Part] = true
			files = append(files, schema.PartFile(u.dir, t, c.Part))
		}
	}
	src, err := in.e.source(ctx, t, files)
	if err != nil {
		return "", err
	}
	list, err := in.e.bind(ctx, keys)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("SELECT * FROM (\n%s\n) UNION ALL BY NAME SELECT * REPLACE (%s AS run_id) FROM %s WHERE list_contains(%s, run_id || chr(10) || repo)",
		stmt, quote(u.runID), src, list), nil
}

// write computes a result table and writes it as Parquet at out, its
// columns cast to the table's schema in its order.
func (in *Interpreter) write(ctx context.Context, t *schema.Table, stmt, out string) error {
	if err := in.e.prepare(ctx, stmt); err != nil {
		return err
	}
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = fmt.Sprintf("CAST(%s AS %s) AS %s", c.Name, c.SQLType(), c.Name)
	}
	copyStmt := fmt.Sprintf("COPY (SELECT %s FROM (\n%s\n)) TO %s (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1, "+
		"KV_METADATA {'pysurvey.table': %s, 'pysurvey.schema_version': '%d', 'pysurvey.catalog_hash': %s})",
		strings.Join(cols, ", "), stmt, quote(out), quote(t.Name), schema.Version, quote(in.e.hash))
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	if _, err := in.e.conn.ExecContext(ctx, copyStmt); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	return nil
}

// quote makes a SQL string literal of s.
func quote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
