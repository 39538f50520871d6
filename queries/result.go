package queries

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/duckdb/duckdb-go/v2"
)

// Result is the answer of a query: column names and types, and rows of
// values as the DuckDB driver returns them.
type Result struct {
	// Columns names the columns.
	Columns []string
	// Types holds the DuckDB type of each column (VARCHAR, BIGINT,
	// DOUBLE, DATE, VARCHAR[], ...); nil or "" where unknown.
	Types []string
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
	res := &Result{Columns: cols, Types: make([]string, len(cols))}
	if types, err := rows.ColumnTypes(); err == nil {
		for i, t := range types {
			res.Types[i] = t.DatabaseTypeName()
		}
	}
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

// Formats lists the output formats of Write and Print.
var Formats = []string{"table", "vertical", "csv", "json", "markdown"}

// Output says how Print writes a result.
type Output struct {
	// Format is one of Formats; "" means table.
	Format string
	// Width bounds the lines of the table and vertical formats, in
	// terminal columns: long text values are cut to fit (and marked with
	// …), and a table too wide even so is printed vertically, one
	// column a line. 0 means no bound.
	Width int
}

// Write prints the result in a format (one of Formats), without a width
// bound.
func (r *Result) Write(w io.Writer, format string) error {
	return r.Print(w, Output{Format: format})
}

// Print writes the result as o says.
//
//   - table: aligned columns, numbers right-aligned, control characters
//     escaped (Printable), then the row count.
//   - vertical: one block per row, one "column | value" line per column.
//   - markdown: a GitHub table; control characters escaped, and the
//     characters Markdown would read as markup backslash-escaped.
//   - csv: RFC 4180 with a header; NULL is empty; lists, structs and maps
//     are written as JSON text; floats in full (NaN, +Inf, -Inf);
//     timestamps RFC 3339 in UTC, dates YYYY-MM-DD.
//   - json: an array with an object per row whose keys follow the column
//     order; numbers are numbers (NaN and ±Inf become null), lists
//     arrays, structs and maps objects.
func (r *Result) Print(w io.Writer, o Output) error {
	switch o.Format {
	case "table", "":
		return r.writeTable(w, o.Width)
	case "vertical":
		return r.writeVertical(w, o.Width, r.displayCells())
	case "markdown":
		return r.writeMarkdown(w)
	case "csv":
		return r.writeCSV(w)
	case "json":
		return r.writeJSON(w)
	}
	return fmt.Errorf("unknown format %q (want one of %s)", o.Format, strings.Join(Formats, ", "))
}

// Select returns the result with only the named columns, in that order.
func (r *Result) Select(columns []string) (*Result, error) {
	idx := make([]int, len(columns))
	for i, c := range columns {
		idx[i] = slices.Index(r.Columns, c)
		if idx[i] < 0 {
			return nil, fmt.Errorf("no column %q (columns: %s)", c, strings.Join(r.Columns, ", "))
		}
	}
	out := &Result{Columns: slices.Clone(columns), Types: make([]string, len(columns)), Rows: make([][]any, len(r.Rows))}
	for i, j := range idx {
		out.Types[i] = r.typeOf(j)
	}
	for n, row := range r.Rows {
		sel := make([]any, len(idx))
		for i, j := range idx {
			sel[i] = row[j]
		}
		out.Rows[n] = sel
	}
	return out, nil
}

// typeOf returns the DuckDB type of column i, "" when unknown.
func (r *Result) typeOf(i int) string {
	if i < len(r.Types) {
		return r.Types[i]
	}
	return ""
}

func (r *Result) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(r.Columns)
	for _, row := range r.Rows {
		rec := make([]string, len(row))
		for i, v := range row {
			rec[i] = csvValue(v, r.typeOf(i))
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// writeJSON writes an array of objects whose keys keep the column order
// (a map would sort them). Duplicate column names get a suffix (_2, _3)
// so that every key is distinct.
func (r *Result) writeJSON(w io.Writer) error {
	keys := uniqueNames(r.Columns)
	var b bytes.Buffer
	if len(r.Rows) == 0 {
		b.WriteString("[]\n")
	} else {
		b.WriteString("[\n")
		for n, row := range r.Rows {
			b.WriteString("  {\n")
			for i, v := range row {
				b.WriteString("    ")
				if err := encodeJSON(&b, keys[i]); err != nil {
					return err
				}
				b.WriteString(": ")
				if err := encodeJSON(&b, jsonValue(v, r.typeOf(i))); err != nil {
					return fmt.Errorf("column %s: %w", r.Columns[i], err)
				}
				if i < len(row)-1 {
					b.WriteString(",")
				}
				b.WriteString("\n")
			}
			b.WriteString("  }")
			if n < len(r.Rows)-1 {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
		b.WriteString("]\n")
	}
	_, err := w.Write(b.Bytes())
	return err
}

// encodeJSON appends v as compact JSON, leaving <, > and & as they are.
func encodeJSON(b *bytes.Buffer, v any) error {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.Truncate(b.Len() - 1) // Encode's newline
	return nil
}

// uniqueNames returns the names with a suffix added to repeats.
func uniqueNames(names []string) []string {
	seen := map[string]bool{}
	out := make([]string, len(names))
	for i, n := range names {
		u := n
		for k := 2; seen[u]; k++ {
			u = n + "_" + strconv.Itoa(k)
		}
		seen[u] = true
		out[i] = u
	}
	return out
}

// orderedObject is a JSON object whose keys keep their order.
type orderedObject struct {
	keys []string
	vals []any
}

// MarshalJSON writes the object with its keys in order.
func (o orderedObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("{")
	for i, k := range o.keys {
		if i > 0 {
			b.WriteString(",")
		}
		if err := encodeJSON(&b, k); err != nil {
			return nil, err
		}
		b.WriteString(":")
		if err := encodeJSON(&b, o.vals[i]); err != nil {
			return nil, err
		}
	}
	b.WriteString("}")
	return b.Bytes(), nil
}

// jsonValue turns a driver value into what encoding/json writes as the
// right JSON type. typ is the column's DuckDB type, "" for values nested
// in lists, structs and maps.
func jsonValue(v any, typ string) any {
	switch x := v.(type) {
	case nil, bool, string, int8, int16, int32, int64, int, uint8, uint16, uint32, uint64, uint, duckdb.Interval:
		return x
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		return x
	case float32:
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return nil
		}
		return x
	case *big.Int:
		return json.Number(x.String())
	case duckdb.Decimal:
		return json.Number(x.String())
	case time.Time:
		return timeText(x, typ, true)
	case []byte:
		return bytesText(x, typ)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonValue(e, "")
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonValue(e, "")
		}
		return out
	case duckdb.OrderedMap:
		obj := orderedObject{}
		for i, k := range x.Keys() {
			obj.keys = append(obj.keys, displayValue(k, ""))
			obj.vals = append(obj.vals, jsonValue(x.Values()[i], ""))
		}
		return obj
	}
	return displayValue(v, typ)
}

// csvValue prints a value in full for CSV: NULL is empty, nested values
// are JSON.
func csvValue(v any, typ string) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	case time.Time:
		return timeText(x, typ, true)
	case []any, map[string]any, duckdb.OrderedMap:
		var b bytes.Buffer
		if err := encodeJSON(&b, jsonValue(x, typ)); err != nil {
			return fmt.Sprint(x)
		}
		return b.String()
	}
	return displayValue(v, typ)
}

// displayValue prints a value for reading: floats rounded to 4 decimals,
// NULL as NULL, lists as [a, b], structs and maps as {k: v}. Control
// characters are left for the caller to escape.
func displayValue(v any, typ string) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case string:
		return x
	case float64:
		return roundFloat(x, 64)
	case float32:
		return roundFloat(float64(x), 32)
	case time.Time:
		return timeText(x, typ, false)
	case []byte:
		return bytesText(x, typ)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = displayValue(e, "")
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ": " + displayValue(x[k], "")
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case duckdb.OrderedMap:
		parts := make([]string, x.Len())
		for i, k := range x.Keys() {
			parts[i] = displayValue(k, "") + ": " + displayValue(x.Values()[i], "")
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case duckdb.Interval:
		return intervalText(x)
	}
	return fmt.Sprint(v)
}

func roundFloat(x float64, bits int) string {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return strconv.FormatFloat(x, 'f', -1, bits)
	}
	return strconv.FormatFloat(math.Round(x*1e4)/1e4, 'f', -1, bits)
}

// timeText prints a DATE as YYYY-MM-DD, a TIME as hh:mm:ss, and
// timestamps as RFC 3339 in UTC (with fractions of a second when full).
// Without a type, a time at midnight UTC is taken for a date.
func timeText(t time.Time, typ string, full bool) string {
	t = t.UTC()
	layout := time.RFC3339
	if full {
		layout = time.RFC3339Nano
	}
	switch {
	case typ == "DATE":
		return t.Format(time.DateOnly)
	case typ == "TIME":
		if full {
			return t.Format("15:04:05.999999")
		}
		return t.Format(time.TimeOnly)
	case typ == "TIMESTAMP" || strings.HasPrefix(typ, "TIMESTAMP_"):
		return strings.TrimSuffix(t.Format(layout), "Z") // no time zone
	case typ == "" && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0:
		return t.Format(time.DateOnly)
	}
	return t.Format(layout)
}

// bytesText prints a UUID in its usual form and other bytes (BLOB) as
// DuckDB does: printable ASCII as is, other bytes as \xNN.
func bytesText(b []byte, typ string) string {
	if typ == "UUID" && len(b) == 16 {
		h := hex.EncodeToString(b)
		return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
	}
	if typ != "BLOB" && utf8.Valid(b) {
		return string(b)
	}
	var s strings.Builder
	for _, c := range b {
		if c >= 0x20 && c < 0x7f && c != '\\' {
			s.WriteByte(c)
		} else {
			fmt.Fprintf(&s, `\x%02X`, c)
		}
	}
	return s.String()
}

// intervalText prints an interval as DuckDB does: 1 year 2 months 3 days 04:05:06.
func intervalText(iv duckdb.Interval) string {
	var parts []string
	unit := func(n int64, name string) {
		if n != 0 {
			s := name
			if n != 1 && n != -1 {
				s += "s"
			}
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
		}
	}
	unit(int64(iv.Months/12), "year")
	unit(int64(iv.Months%12), "month")
	unit(int64(iv.Days), "day")
	if iv.Micros != 0 || len(parts) == 0 {
		d := time.Duration(iv.Micros) * time.Microsecond
		sign := ""
		if d < 0 {
			sign, d = "-", -d
		}
		s := fmt.Sprintf("%s%02d:%02d:%02d", sign, int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60)
		if frac := d % time.Second; frac != 0 {
			s += strings.TrimRight(fmt.Sprintf(".%06d", frac/time.Microsecond), "0")
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

// isNumeric reports whether a column holds numbers, by its type or, when
// that is unknown, by its values.
func (r *Result) isNumeric(col int) bool {
	switch typ := r.typeOf(col); {
	case typ == "":
	case strings.HasPrefix(typ, "DECIMAL"):
		return true
	default:
		switch typ {
		case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE":
			return true
		}
		return false
	}
	seen := false
	for _, row := range r.Rows {
		switch row[col].(type) {
		case nil:
		case int8, int16, int32, int64, int, uint8, uint16, uint32, uint64, uint, float32, float64, *big.Int, duckdb.Decimal:
			seen = true
		default:
			return false
		}
	}
	return seen
}
