package queries

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/duckdb/duckdb-go/v2"
)

// ErrNotReadOnly is wrapped by the error of a statement that read-only
// mode refuses.
var ErrNotReadOnly = errors.New("not a read-only statement")

// lockDown makes the database read-only for the statements users give:
// DuckDB may read files only under the data directory and the scratch
// directory of recomputed results (external access off otherwise: no
// other file, no network, no extension), and its configuration is locked.
// SQL then takes one SELECT (or EXPLAIN) statement at a time.
func (db *DB) lockDown(ctx context.Context) error {
	if db.scratch == "" {
		dir, err := os.MkdirTemp("", "pysurvey-results-")
		if err != nil {
			return fmt.Errorf("read-only mode: %w", err)
		}
		db.scratch = dir
	}
	allowed := quote(db.dataDir+string(os.PathSeparator)) + ", " + quote(db.scratch+string(os.PathSeparator))
	for _, stmt := range []string{
		"SET allowed_directories = [" + allowed + "]", // SET takes no parameters; these paths are text (ReadableDir)
		"SET enable_external_access = false",
		"SET lock_configuration = true",
	} {
		if err := db.exec(ctx, stmt); err != nil {
			return fmt.Errorf("read-only mode: %w", err)
		}
	}
	db.readOnly = true
	return nil
}

// checkReadOnly refuses anything but one SELECT or EXPLAIN statement.
// The statement is prepared alone (several statements are refused, never
// run), and its type read without running it.
func (db *DB) checkReadOnly(stmt string) error {
	return db.e.conn.Raw(func(dc any) error {
		c, ok := dc.(*duckdb.Conn)
		if !ok {
			return fmt.Errorf("read-only mode: unexpected driver connection %T", dc)
		}
		st, err := c.Prepare(stmt) //nolint:staticcheck // Prepare refuses several statements; PrepareContext runs all but the last
		if err != nil {
			return fmt.Errorf("%w: give one statement (%v)", ErrNotReadOnly, err)
		}
		defer st.Close()
		ds, ok := st.(*duckdb.Stmt)
		if !ok {
			return fmt.Errorf("read-only mode: unexpected statement %T", st)
		}
		typ, err := ds.StatementType()
		if err != nil {
			return err
		}
		switch typ {
		case duckdb.STATEMENT_TYPE_SELECT, duckdb.STATEMENT_TYPE_EXPLAIN:
			return nil
		}
		return fmt.Errorf("%w: only SELECT and EXPLAIN are run with --read-only", ErrNotReadOnly)
	})
}
