package queries

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"

	"github.com/pysurvey/pysurvey/schema"
)

// engine is an in-memory DuckDB with pysurvey's catalogs and helper views:
// what the query DB (DB) and the run-time interpretation (Interpreter)
// share. It is used by one goroutine at a time.
type engine struct {
	db   *sql.DB
	conn *sql.Conn
	// views are the helper views; created names those made so far (each
	// is made when a statement first needs it: binding one costs), cached
	// those now read from a table. overridden names the helper views
	// that the owner defines itself (the query DB reads persisted results
	// under those names).
	views      []helperView
	created    map[string]bool
	cached     map[string]bool
	overridden map[string]bool
	variables  int
	// hash identifies the interpretation (see catalogHash); custom is set
	// when a patterns file added to the shipped catalog.
	hash   string
	custom bool
	// script, when set, receives every statement exec runs, its
	// parameters written in as literals (see DB.Script).
	script *[]string
}

// openEngine opens DuckDB, turns off what user SQL must never do by
// surprise (installing or loading extensions), and loads the catalogs,
// with the rows of patternsFile when given.
func openEngine(ctx context.Context, patternsFile string) (*engine, error) {
	e, err := openBareEngine(ctx)
	if err != nil {
		return nil, err
	}
	if err := e.loadCatalogs(ctx, patternsFile); err != nil {
		e.close()
		return nil, err
	}
	if e.views, err = helperViews(); err != nil {
		e.close()
		return nil, err
	}
	if e.hash, err = e.catalogHash(ctx); err != nil {
		e.close()
		return nil, err
	}
	e.custom = patternsFile != ""
	return e, nil
}

// openBareEngine opens DuckDB with what user SQL must never do by
// surprise (installing or loading extensions) turned off, and no catalog:
// enough to copy Parquet files.
func openBareEngine(ctx context.Context) (*engine, error) {
	sqldb, err := sql.Open("duckdb", "")
	if err != nil {
		return nil, fmt.Errorf("opening DuckDB: %w", err)
	}
	conn, err := sqldb.Conn(ctx)
	if err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("opening DuckDB: %w", err)
	}
	e := &engine{db: sqldb, conn: conn, created: map[string]bool{}, cached: map[string]bool{}, overridden: map[string]bool{}}
	for _, stmt := range []string{
		// No extension is ever downloaded or loaded on its own: a
		// downloaded binary must never run by surprise.
		"SET autoinstall_known_extensions = false",
		"SET autoload_known_extensions = false",
		"SET parquet_metadata_cache = true",
	} {
		if err := e.exec(ctx, stmt); err != nil {
			e.close()
			return nil, err
		}
	}
	return e, nil
}

func (e *engine) close() error {
	e.conn.Close()
	return e.db.Close()
}

func (e *engine) exec(ctx context.Context, stmt string, args ...any) error {
	if _, err := e.conn.ExecContext(ctx, stmt, args...); err != nil {
		return fmt.Errorf("%s: %w", firstLine(stmt), err)
	}
	if e.script != nil {
		*e.script = append(*e.script, inline(stmt, args))
	}
	return nil
}

// inline writes a statement's parameters into it as literals: each ? in
// turn, then $1, $2, ... (strings and lists of strings, the only
// parameters exec is given).
func inline(stmt string, args []any) string {
	lit := func(a any) string {
		switch v := a.(type) {
		case string:
			return quote(v)
		case []string:
			items := make([]string, len(v))
			for i, x := range v {
				items[i] = quote(x)
			}
			return "[" + strings.Join(items, ", ") + "]"
		}
		return fmt.Sprint(a)
	}
	var b strings.Builder
	next := 0
	for i := 0; i < len(stmt); i++ {
		c := stmt[i]
		switch {
		case c == '\'':
			j := strings.IndexByte(stmt[i+1:], '\'')
			if j < 0 {
				b.WriteString(stmt[i:])
				return b.String()
			}
			b.WriteString(stmt[i : i+j+2])
			i += j + 1
		case c == '?' && next < len(args):
			b.WriteString(lit(args[next]))
			next++
		case c == '$' && i+1 < len(stmt) && stmt[i+1] >= '1' && stmt[i+1] <= '9':
			n := 0
			j := i + 1
			for ; j < len(stmt) && stmt[j] >= '0' && stmt[j] <= '9'; j++ {
				n = n*10 + int(stmt[j]-'0')
			}
			if n-1 < len(args) {
				b.WriteString(lit(args[n-1]))
				i = j - 1
				continue
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// catalogHash hashes what decides the per-repository results: the rows of
// the patterns table (the shipped catalog with the patterns file's rows),
// the standard-library list, and the SQL of the helper views and of the
// result tables. Results computed under another hash are not reused.
func (e *engine) catalogHash(ctx context.Context) (string, error) {
	h := sha256.New()
	rows, err := e.conn.QueryContext(ctx, "SELECT category, pattern, signal_kind, signal_value FROM patterns ORDER BY ALL")
	if err != nil {
		return "", fmt.Errorf("hashing the catalog: %w", err)
	}
	for rows.Next() {
		var c [4]string
		if err := rows.Scan(&c[0], &c[1], &c[2], &c[3]); err != nil {
			rows.Close()
			return "", err
		}
		fmt.Fprintf(h, "%q\n", c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", err
	}
	names, err := fs.Glob(files, "views/*.sql")
	if err != nil {
		return "", err
	}
	more, err := fs.Glob(files, "results/*.sql")
	if err != nil {
		return "", err
	}
	names = append(append(names, more...), "stdlib.txt")
	sort.Strings(names)
	for _, n := range names {
		b, err := files.ReadFile(n)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %d\n", n, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// source returns the FROM clause that reads files of a table, bound
// through a variable (paths are never spliced into SQL), or an empty
// relation of the table's columns when there are none.
func (e *engine) source(ctx context.Context, t *schema.Table, files []string) (string, error) {
	if len(files) == 0 {
		return emptyRelation(t), nil
	}
	e.variables++
	variable := fmt.Sprintf("pysurvey_files_%d", e.variables)
	args := make([]any, len(files))
	for i, f := range files {
		args[i] = f
	}
	list := "[" + strings.TrimSuffix(strings.Repeat("?, ", len(files)), ", ") + "]"
	if err := e.exec(ctx, "SET VARIABLE "+variable+" = "+list, args...); err != nil {
		return "", err
	}
	// With the empty relation of the table's columns, files of earlier
	// schema versions, which lack newer columns, read as NULL there.
	return fmt.Sprintf("(SELECT * FROM read_parquet(getvariable('%s'), hive_partitioning = true, union_by_name = true) UNION ALL BY NAME %s)",
		variable, emptyRelation(t)), nil
}

// emptyRelation is a relation of a table's columns and no rows.
func emptyRelation(t *schema.Table) string {
	cols := make([]string, 0, len(t.Columns)+1)
	for _, c := range t.Columns {
		cols = append(cols, fmt.Sprintf("CAST(NULL AS %s) AS %s", c.SQLType(), c.Name))
	}
	cols = append(cols, "CAST(NULL AS DATE) AS run_date")
	return "(SELECT " + strings.Join(cols, ", ") + " WHERE false)"
}

// bind sets a variable to a list of strings and returns the expression
// that reads it.
func (e *engine) bind(ctx context.Context, values []string) (string, error) {
	e.variables++
	variable := fmt.Sprintf("pysurvey_list_%d", e.variables)
	if err := e.exec(ctx, "SET VARIABLE "+variable+" = ?::VARCHAR[]", values); err != nil {
		return "", err
	}
	return fmt.Sprintf("getvariable('%s')", variable), nil
}

// prepare readies the views a statement needs: the helper views it names,
// directly or through other helper views, are created, and the helper
// views marked '-- materialize' among those it needs are cached, so that a
// view read several times by one query is computed once.
func (e *engine) prepare(ctx context.Context, stmt string) error {
	need := e.needed(stmt)
	for _, v := range e.views { // in file order: later views build on earlier ones
		switch {
		case !need[v.name] || e.overridden[v.name]:
		case v.materialize && !e.cached[v.name]:
			// Computed straight into its table, so that its query is planned once.
			table := v.name + "__cached"
			if err := e.exec(ctx, "CREATE OR REPLACE TEMP TABLE "+table+" AS "+v.query); err != nil {
				return fmt.Errorf("materializing helper view %s: %w", v.name, err)
			}
			if err := e.exec(ctx, "CREATE OR REPLACE VIEW "+v.name+" AS SELECT * FROM "+table); err != nil {
				return err
			}
			e.created[v.name], e.cached[v.name] = true, true
		case !e.created[v.name]:
			if err := e.exec(ctx, v.stmt); err != nil {
				return fmt.Errorf("creating helper view %s: %w", v.name, err)
			}
			e.created[v.name] = true
		}
	}
	return nil
}

// needed returns the helper views a statement names, directly or
// through other helper views, and the texts of those views.
func (e *engine) needed(stmt string) map[string]bool {
	need := map[string]bool{}
	texts := []string{stripComments(stmt)}
	for i := 0; i < len(texts); i++ {
		for _, v := range e.views {
			if !need[v.name] && !e.overridden[v.name] && references(texts[i], v.name) {
				need[v.name] = true
				texts = append(texts, v.code)
			}
		}
	}
	return need
}

// dropCache drops the cached views with their tables, for a change of
// the data the table views read: prepare makes them again when a
// statement needs them.
func (e *engine) dropCache(ctx context.Context) error {
	for _, v := range e.views {
		if !e.cached[v.name] {
			continue
		}
		for _, stmt := range []string{"DROP VIEW " + v.name, "DROP TABLE " + v.name + "__cached"} {
			if err := e.exec(ctx, stmt); err != nil {
				return err
			}
		}
		delete(e.cached, v.name)
		delete(e.created, v.name)
	}
	return nil
}

// loadCatalogs creates the patterns and stdlib tables.
func (e *engine) loadCatalogs(ctx context.Context, patternsFile string) error {
	if err := e.exec(ctx, "CREATE TABLE patterns (category VARCHAR, pattern VARCHAR, signal_kind VARCHAR, signal_value VARCHAR, description VARCHAR)"); err != nil {
		return err
	}
	shipped, err := files.Open("patterns.csv")
	if err != nil {
		return err
	}
	defer shipped.Close()
	if err := e.loadPatterns(ctx, shipped, "shipped patterns.csv"); err != nil {
		return err
	}
	if patternsFile != "" {
		f, err := os.Open(patternsFile)
		if err != nil {
			return fmt.Errorf("reading patterns: %w", err)
		}
		defer f.Close()
		if err := e.loadPatterns(ctx, f, patternsFile); err != nil {
			return err
		}
	}
	if err := e.exec(ctx, "CREATE TABLE stdlib (module VARCHAR PRIMARY KEY)"); err != nil {
		return err
	}
	b, err := files.ReadFile("stdlib.txt")
	if err != nil {
		return err
	}
	return e.exec(ctx, "INSERT OR IGNORE INTO stdlib SELECT unnest(?::VARCHAR[])", strings.Fields(string(b)))
}
