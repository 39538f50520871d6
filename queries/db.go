package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	_ "github.com/duckdb/duckdb-go/v2" // registers the "duckdb" driver

	"github.com/pysurvey/pysurvey/schema"
)

// Options say which data a DB reads.
type Options struct {
	// DataDir is the output root of pysurvey run.
	DataDir string
	// AllRuns makes the table views cover every complete run instead of
	// the latest one.
	AllRuns bool
	// RunID, when set, selects that one complete run.
	RunID string
	// PatternsFile is a CSV of pattern rows that add to or override the
	// shipped catalog (same columns).
	PatternsFile string
}

// DB is an in-memory DuckDB with views over a survey's Parquet files:
// one view per table (restricted to the selected runs), all_<table> over
// every complete run, and the tables patterns and stdlib.
type DB struct {
	db   *sql.DB
	conn *sql.Conn
	// selection selects, from all_runs, the runs Open was asked for.
	selection     string
	selectionArgs []any
	// views are the helper views; created names those made so far (each
	// is made when a statement first needs it: binding one costs), cached
	// those now read from a table.
	views   []helperView
	created map[string]bool
	cached  map[string]bool
	// dataDir is read by the views; allViews names the all_<table> views
	// made; runID is the run asked for, if one was.
	dataDir   string
	runID     string
	allViews  map[string]bool
	variables int
	release   func() // of the data directory's name (readableDir)
}

// ErrNoRuns means the data directory holds no complete run.
var ErrNoRuns = errors.New("no complete run found")

// Open creates the database and its views.
func Open(ctx context.Context, opts Options) (*DB, error) {
	if fi, err := os.Stat(opts.DataDir); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("data directory %s: not found (run pysurvey run first, or pass --data)", opts.DataDir)
	}
	dataDir, release, err := readableDir(opts.DataDir)
	if err != nil {
		return nil, err
	}
	opts.DataDir = dataDir
	sqldb, err := sql.Open("duckdb", "")
	if err != nil {
		release()
		return nil, fmt.Errorf("opening DuckDB: %w", err)
	}
	conn, err := sqldb.Conn(ctx)
	if err != nil {
		sqldb.Close()
		release()
		return nil, fmt.Errorf("opening DuckDB: %w", err)
	}
	db := &DB{db: sqldb, conn: conn, release: release}
	if err := db.exec(ctx, "SET parquet_metadata_cache = true"); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.setUp(ctx, opts); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Close releases the database.
func (db *DB) Close() error {
	defer db.release()
	db.conn.Close()
	return db.db.Close()
}

func (db *DB) exec(ctx context.Context, stmt string, args ...any) error {
	if _, err := db.conn.ExecContext(ctx, stmt, args...); err != nil {
		return fmt.Errorf("%s: %w", firstLine(stmt), err)
	}
	return nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// viewTables are the tables that get views; repo_summary is a query's
// materialization and is read from its own files.
func viewTables() []*schema.Table {
	return append(schema.Tables(), schema.RepoSummaryTable)
}

func (db *DB) setUp(ctx context.Context, opts Options) error {
	db.dataDir, db.runID, db.allViews = opts.DataDir, opts.RunID, map[string]bool{}
	db.created, db.cached = map[string]bool{}, map[string]bool{}
	if err := db.createAllView(ctx, schema.RunsTable); err != nil {
		return err
	}
	var n int
	if err := db.conn.QueryRowContext(ctx, "SELECT count(*) FROM all_runs").Scan(&n); err != nil {
		return fmt.Errorf("reading runs: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("%w in %s (run pysurvey run first)", ErrNoRuns, opts.DataDir)
	}
	db.selection = "SELECT run_id FROM all_runs ORDER BY started_at DESC, run_id DESC LIMIT 1"
	switch {
	case opts.RunID != "":
		db.selection, db.selectionArgs = "SELECT run_id FROM all_runs WHERE run_id = ?", []any{opts.RunID}
	case opts.AllRuns:
		db.selection = "SELECT run_id FROM all_runs"
	}
	if err := db.selectRuns(ctx, db.selection, db.selectionArgs...); err != nil {
		return err
	}
	if opts.RunID != "" {
		if err := db.conn.QueryRowContext(ctx, "SELECT count(*) FROM selected_runs").Scan(&n); err != nil || n == 0 {
			return fmt.Errorf("%w with run_id %q in %s", ErrNoRuns, opts.RunID, opts.DataDir)
		}
	}
	if err := db.loadCatalogs(ctx, opts.PatternsFile); err != nil {
		return err
	}
	views, err := helperViews()
	if err != nil {
		return err
	}
	db.views = views
	return nil
}

// runIDPattern matches the run identifiers pysurvey writes; others are
// never turned into file names.
var runIDPattern = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z-]*$`)

// selectRuns makes the table views read the runs that the query (over
// all_runs) selects: each view reads the files of those runs only, so a
// long history costs a query about one run nothing. Caches built for other
// runs are dropped.
func (db *DB) selectRuns(ctx context.Context, query string, args ...any) error {
	if err := db.dropCache(ctx); err != nil {
		return err
	}
	if err := db.exec(ctx, "CREATE OR REPLACE TEMP TABLE selected_runs AS "+query, args...); err != nil {
		return err
	}
	rows, err := db.conn.QueryContext(ctx, "SELECT run_id FROM selected_runs")
	if err != nil {
		return fmt.Errorf("reading selected runs: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		if runIDPattern.MatchString(id) {
			ids = append(ids, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, t := range viewTables() {
		stmt := "CREATE OR REPLACE VIEW runs AS SELECT * FROM all_runs WHERE run_id IN (SELECT run_id FROM selected_runs)"
		if t != schema.RunsTable {
			var files []string
			for _, id := range ids {
				for _, name := range []string{id + ".parquet", id + "-[0-9][0-9][0-9][0-9].parquet"} {
					m, _ := filepath.Glob(filepath.Join(db.dataDir, t.Name, "run_date=*", name))
					files = append(files, m...)
				}
			}
			source, err := db.source(ctx, t, files)
			if err != nil {
				return err
			}
			stmt = fmt.Sprintf("CREATE OR REPLACE VIEW %s AS SELECT * FROM %s WHERE run_id IN (SELECT run_id FROM selected_runs)", t.Name, source)
		}
		if err := db.exec(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}

// createAllView creates all_<table> over every file of the table,
// restricted to complete runs. Only all_runs is made up front, the others
// when a statement first names them (see prepare): binding one reads the
// schema of every file of the history.
func (db *DB) createAllView(ctx context.Context, t *schema.Table) error {
	files, _ := filepath.Glob(filepath.Join(db.dataDir, t.Name, "run_date=*", "*.parquet"))
	source, err := db.source(ctx, t, files)
	if err != nil {
		return err
	}
	where := "run_id IN (SELECT run_id FROM all_runs)"
	if t == schema.RunsTable {
		where = "status = 'complete'"
	}
	if err := db.exec(ctx, fmt.Sprintf("CREATE OR REPLACE VIEW all_%s AS SELECT * FROM %s WHERE %s", t.Name, source, where)); err != nil {
		return err
	}
	db.allViews[t.Name] = true
	return nil
}

// source returns the FROM clause that reads files of a table, bound
// through a variable (paths are never spliced into SQL), or an empty
// relation of the table's columns when there are none.
func (db *DB) source(ctx context.Context, t *schema.Table, files []string) (string, error) {
	if len(files) == 0 {
		cols := make([]string, 0, len(t.Columns)+1)
		for _, c := range t.Columns {
			cols = append(cols, fmt.Sprintf("CAST(NULL AS %s) AS %s", c.SQLType(), c.Name))
		}
		cols = append(cols, "CAST(NULL AS DATE) AS run_date")
		return "(SELECT " + strings.Join(cols, ", ") + " WHERE false)", nil
	}
	db.variables++
	variable := fmt.Sprintf("pysurvey_files_%d", db.variables)
	args := make([]any, len(files))
	for i, f := range files {
		args[i] = f
	}
	list := "[" + strings.TrimSuffix(strings.Repeat("?, ", len(files)), ", ") + "]"
	if err := db.exec(ctx, "SET VARIABLE "+variable+" = "+list, args...); err != nil {
		return "", err
	}
	return fmt.Sprintf("read_parquet(getvariable('%s'), hive_partitioning = true, union_by_name = true)", variable), nil
}

// prepare readies the views a statement needs: the all_<table> views and
// helper views it names, directly or through other helper views, are
// created, and the helper views marked '-- materialize' among those it
// needs are cached, so that a view read several times by one query is
// computed once.
func (db *DB) prepare(ctx context.Context, stmt string) error {
	need := map[string]bool{}
	texts := []string{stmt}
	for i := 0; i < len(texts); i++ {
		for _, v := range db.views {
			if !need[v.name] && references(texts[i], v.name) {
				need[v.name] = true
				texts = append(texts, v.stmt)
			}
		}
	}
	for _, t := range viewTables() {
		for _, text := range texts {
			if !db.allViews[t.Name] && references(text, "all_"+t.Name) {
				if err := db.createAllView(ctx, t); err != nil {
					return err
				}
			}
		}
	}
	for _, v := range db.views { // in file order: later views build on earlier ones
		switch {
		case !need[v.name]:
		case v.materialize && !db.cached[v.name]:
			// Computed straight into its table, so that its query is planned once.
			table := v.name + "__cached"
			if err := db.exec(ctx, "CREATE OR REPLACE TEMP TABLE "+table+" AS "+v.query); err != nil {
				return fmt.Errorf("materializing helper view %s: %w", v.name, err)
			}
			if err := db.exec(ctx, "CREATE OR REPLACE VIEW "+v.name+" AS SELECT * FROM "+table); err != nil {
				return err
			}
			db.created[v.name], db.cached[v.name] = true, true
		case !db.created[v.name]:
			if err := db.exec(ctx, v.stmt); err != nil {
				return fmt.Errorf("creating helper view %s: %w", v.name, err)
			}
			db.created[v.name] = true
		}
	}
	return nil
}

// dropCache drops the cached views with their tables, for a change of
// the selected runs: prepare makes them again when a statement needs them.
func (db *DB) dropCache(ctx context.Context) error {
	for _, v := range db.views {
		if !db.cached[v.name] {
			continue
		}
		for _, stmt := range []string{"DROP VIEW " + v.name, "DROP TABLE " + v.name + "__cached"} {
			if err := db.exec(ctx, stmt); err != nil {
				return err
			}
		}
		delete(db.cached, v.name)
		delete(db.created, v.name)
	}
	return nil
}

// loadCatalogs creates the patterns and stdlib tables.
func (db *DB) loadCatalogs(ctx context.Context, patternsFile string) error {
	if err := db.exec(ctx, "CREATE TABLE patterns (category VARCHAR, pattern VARCHAR, signal_kind VARCHAR, signal_value VARCHAR, description VARCHAR)"); err != nil {
		return err
	}
	shipped, err := files.Open("patterns.csv")
	if err != nil {
		return err
	}
	defer shipped.Close()
	if err := db.loadPatterns(ctx, shipped, "shipped patterns.csv"); err != nil {
		return err
	}
	if patternsFile != "" {
		f, err := os.Open(patternsFile)
		if err != nil {
			return fmt.Errorf("reading patterns: %w", err)
		}
		defer f.Close()
		if err := db.loadPatterns(ctx, f, patternsFile); err != nil {
			return err
		}
	}
	if err := db.exec(ctx, "CREATE TABLE stdlib (module VARCHAR PRIMARY KEY)"); err != nil {
		return err
	}
	b, err := files.ReadFile("stdlib.txt")
	if err != nil {
		return err
	}
	return db.exec(ctx, "INSERT OR IGNORE INTO stdlib SELECT unnest(?::VARCHAR[])", strings.Fields(string(b)))
}

// insertColumns runs a statement that reads rows from one list parameter
// per column ($1 to $n, as unnest($1::VARCHAR[]) ...): binding a few lists
// is much cheaper for DuckDB than binding every value.
func (db *DB) insertColumns(ctx context.Context, stmt string, rows [][]string) error {
	if len(rows) == 0 {
		return nil
	}
	args := make([]any, len(rows[0]))
	for c := range args {
		col := make([]string, len(rows))
		for i, r := range rows {
			col[i] = r[c]
		}
		args[c] = col
	}
	return db.exec(ctx, stmt, args...)
}

// patternColumns are the columns of a pattern catalog CSV, in order.
var patternColumns = []string{"category", "pattern", "signal_kind", "signal_value", "description"}

// loadPatterns adds the rows of a catalog CSV, replacing rows with the
// same category, pattern, signal_kind and signal_value. The catalog is
// checked whole first (readCatalog).
func (db *DB) loadPatterns(ctx context.Context, r io.Reader, name string) error {
	rows, err := readCatalog(r, name)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	if err := db.insertColumns(ctx, "CREATE TEMP TABLE incoming AS SELECT unnest($1::VARCHAR[]) AS col0, unnest($2::VARCHAR[]) AS col1, "+
		"unnest($3::VARCHAR[]) AS col2, unnest($4::VARCHAR[]) AS col3, unnest($5::VARCHAR[]) AS col4", rows); err != nil {
		return err
	}
	// Rows of a later catalog replace rows with the same key.
	for _, stmt := range []string{
		"DELETE FROM patterns p USING incoming i WHERE p.category = i.col0 AND p.pattern = i.col1 AND p.signal_kind = i.col2 AND p.signal_value = i.col3",
		"INSERT INTO patterns SELECT * FROM incoming",
		"DROP TABLE incoming",
	} {
		if err := db.exec(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}
