package queries

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// Script writes the SQL that makes this DB's views in a plain DuckDB (the
// CLI, Python, a notebook): the variables holding the file lists, the
// views of the tables and their all_ forms, the catalogs and every helper
// macro and view. The DB must have been opened with Options.Script (and
// AsWritten, so that no view reads results recomputed into a directory
// that Close removes).
func (db *DB) Script(ctx context.Context, w io.Writer) error {
	if db.e.script == nil {
		return fmt.Errorf("the database was not opened to record its script")
	}
	if err := db.prepare(ctx, "SELECT * FROM repo_summary, all_repo_summary"); err != nil {
		return err
	}
	if _, err := fmt.Fprintf(w, "-- pysurvey views over %s (catalog %s).\n-- duckdb -init THIS_FILE, or in Python: duckdb.connect().execute(open(THIS_FILE).read())\n", db.dataDir, db.e.hash); err != nil {
		return err
	}
	if err := db.writeCatalogs(ctx, w); err != nil {
		return err
	}
	for _, stmt := range db.script {
		if _, err := io.WriteString(w, strings.TrimSpace(stmt)+";\n"); err != nil {
			return err
		}
	}
	for _, v := range db.e.views {
		if db.e.overridden[v.name] {
			continue
		}
		if _, err := io.WriteString(w, strings.TrimSpace(v.stmt)+";\n"); err != nil {
			return err
		}
	}
	return nil
}

// writeCatalogs writes the patterns and stdlib tables as statements.
func (db *DB) writeCatalogs(ctx context.Context, w io.Writer) error {
	for _, c := range []struct{ create, query string }{
		{"CREATE OR REPLACE TABLE patterns (category VARCHAR, pattern VARCHAR, signal_kind VARCHAR, signal_value VARCHAR, description VARCHAR)",
			"SELECT category, pattern, signal_kind, signal_value, description FROM patterns ORDER BY ALL"},
		{"CREATE OR REPLACE TABLE stdlib (module VARCHAR PRIMARY KEY)", "SELECT module FROM stdlib ORDER BY ALL"},
	} {
		rows, err := db.e.conn.QueryContext(ctx, c.query)
		if err != nil {
			return err
		}
		cols, _ := rows.Columns()
		var values []string
		for rows.Next() {
			vals := make([]string, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return err
			}
			for i, v := range vals {
				vals[i] = quote(v)
			}
			values = append(values, "("+strings.Join(vals, ", ")+")")
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if _, err := fmt.Fprintf(w, "%s;\nINSERT INTO %s VALUES\n%s;\n", c.create, strings.Fields(c.create)[4], strings.Join(values, ",\n")); err != nil {
			return err
		}
	}
	return nil
}
