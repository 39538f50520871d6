package queries

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Result is the answer of a query: column names and rows of values as
// the DuckDB driver returns them.
type Result struct {
	// Columns names the columns.
	Columns []string
	// Rows holds the values, one slice per row.
	Rows [][]any
}

// Query runs the shipped query of that name. Named parameters ($name in
// the SQL) are bound from params, never spliced into the text.
func (db *DB) Query(ctx context.Context, name string, params map[string]string) (*Result, error) {
	q, err := Get(name)
	if err != nil {
		return nil, err
	}
	if q.AllRuns {
		if err := db.selectRuns(ctx, "SELECT run_id FROM all_runs"); err != nil {
			return nil, err
		}
		defer db.selectRuns(context.WithoutCancel(ctx), db.selection, db.selectionArgs...)
	}
	res, err := db.SQL(ctx, q.SQL, params)
	if err != nil {
		return nil, fmt.Errorf("query %s: %w", name, err)
	}
	return res, nil
}

// SQL runs a statement over the views, binding named parameters. In
// read-only mode (Options.ReadOnly) it takes one SELECT or EXPLAIN.
func (db *DB) SQL(ctx context.Context, stmt string, params map[string]string) (*Result, error) {
	if err := db.prepare(ctx, stmt); err != nil {
		return nil, err
	}
	if db.readOnly {
		if err := db.checkReadOnly(stmt); err != nil {
			return nil, err
		}
	}
	var args []any
	for k, v := range params {
		args = append(args, sql.Named(k, v))
	}
	rows, err := db.e.conn.QueryContext(ctx, stmt, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	res := &Result{Columns: cols}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		res.Rows = append(res.Rows, vals)
	}
	return res, rows.Err()
}

// Formats lists the output formats of Write.
var Formats = []string{"table", "csv", "json", "markdown"}

// Write prints the result in a format: table, csv, json or markdown.
func (r *Result) Write(w io.Writer, format string) error {
	switch format {
	case "table", "":
		return r.writeTable(w, false)
	case "markdown":
		return r.writeTable(w, true)
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write(r.Columns)
		for _, row := range r.Rows {
			rec := make([]string, len(row))
			for i, v := range row {
				rec[i] = formatValue(v, false)
			}
			cw.Write(rec)
		}
		cw.Flush()
		return cw.Error()
	case "json":
		out := make([]map[string]any, 0, len(r.Rows))
		for _, row := range r.Rows {
			m := make(map[string]any, len(row))
			for i, v := range row {
				m[r.Columns[i]] = jsonValue(v)
			}
			out = append(out, m)
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

func (r *Result) writeTable(w io.Writer, markdown bool) error {
	cells := make([][]string, 0, len(r.Rows)+1)
	cells = append(cells, r.Columns)
	for _, row := range r.Rows {
		rec := make([]string, len(row))
		for i, v := range row {
			rec[i] = formatValue(v, true)
			if markdown {
				rec[i] = strings.ReplaceAll(rec[i], "|", `\|`)
			}
		}
		cells = append(cells, rec)
	}
	widths := make([]int, len(r.Columns))
	for i := range widths {
		widths[i] = 3 // room for the separator
	}
	for _, rec := range cells {
		for i, c := range rec {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	var b strings.Builder
	line := func(rec []string) {
		for i, c := range rec {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			switch {
			case markdown:
				b.WriteString("| " + c + pad + " ")
			case i == len(rec)-1:
				b.WriteString(c)
			default:
				b.WriteString(c + pad + "  ")
			}
		}
		if markdown {
			b.WriteString("|")
		}
		b.WriteString("\n")
	}
	line(cells[0])
	sep := make([]string, len(widths))
	for i, wd := range widths {
		sep[i] = strings.Repeat("-", wd)
	}
	if markdown {
		b.WriteString("|")
		for _, s := range sep {
			b.WriteString(" " + s + " |")
		}
		b.WriteString("\n")
	} else {
		line(sep)
	}
	for _, rec := range cells[1:] {
		line(rec)
	}
	if !markdown {
		fmt.Fprintf(&b, "(%d rows)\n", len(r.Rows))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// formatValue prints a value; short rounds floats for reading.
func formatValue(v any, short bool) string {
	switch x := v.(type) {
	case nil:
		if short {
			return "NULL"
		}
		return ""
	case float64:
		if short && !math.IsInf(x, 0) && !math.IsNaN(x) {
			return strconv.FormatFloat(math.Round(x*1e4)/1e4, 'f', -1, 64)
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	case time.Time:
		x = x.UTC()
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format(time.DateOnly) // DATE columns such as run_date
		}
		return x.Format(time.RFC3339)
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}

func jsonValue(v any) any {
	switch x := v.(type) {
	case nil, bool, string, int64, int32, float64:
		return x
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	}
	return formatValue(v, false)
}
