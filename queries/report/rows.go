package report

import (
	"context"
	"embed"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/pysurvey/pysurvey/queries"
)

// sqlFiles holds the report's own statements, over the views of queries.
//
//go:embed sql/*.sql
var sqlFiles embed.FS

// table is a query's answer with its values looked up by column name.
// Every text value is made printable (queries.Printable) when read:
// repository names, paths and errors are untrusted text.
type table struct {
	cols map[string]int
	rows [][]any
}

// shipped runs a shipped query.
func shipped(ctx context.Context, db *queries.DB, name string) (*table, error) {
	res, err := db.Query(ctx, name, nil)
	if err != nil {
		return nil, err
	}
	return newTable(res), nil
}

// own runs one of the report's statements (sql/NAME.sql).
func own(ctx context.Context, db *queries.DB, name string) (*table, error) {
	stmt, err := sqlFiles.ReadFile("sql/" + name + ".sql")
	if err != nil {
		return nil, err
	}
	res, err := db.SQL(ctx, strings.TrimRight(strings.TrimSpace(string(stmt)), ";"), nil)
	if err != nil {
		return nil, fmt.Errorf("report query %s: %w", name, err)
	}
	return newTable(res), nil
}

func newTable(res *queries.Result) *table {
	t := &table{cols: map[string]int{}, rows: res.Rows}
	for i, c := range res.Columns {
		t.cols[c] = i
	}
	return t
}

func (t *table) value(row int, col string) any {
	i, ok := t.cols[col]
	if !ok {
		panic("report: no column " + col) // a mistake in this package's SQL or Go, caught by its tests
	}
	return t.rows[row][i]
}

// str returns a text value, printable; NULL is "".
func (t *table) str(row int, col string) string {
	switch v := t.value(row, col).(type) {
	case nil:
		return ""
	case string:
		return queries.Printable(v)
	case time.Time:
		return v.UTC().Format(time.RFC3339)
	default:
		return queries.Printable(fmt.Sprint(v))
	}
}

// int returns a whole number; NULL is 0.
func (t *table) int(row int, col string) int64 {
	switch v := t.value(row, col).(type) {
	case int64:
		return v
	case int32:
		return int64(v)
	case int:
		return int64(v)
	case uint64:
		return int64(v)
	case float64:
		return int64(v)
	case *big.Int:
		return v.Int64()
	}
	return 0
}

// float returns a number; NULL and NaN are 0.
func (t *table) float(row int, col string) float64 {
	switch v := t.value(row, col).(type) {
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0
		}
		return v
	case float32:
		return float64(v)
	case int64:
		return float64(v)
	case int32:
		return float64(v)
	}
	return 0
}

// bool returns a truth value; NULL is false.
func (t *table) bool(row int, col string) bool {
	b, _ := t.value(row, col).(bool)
	return b
}

// time returns a timestamp; NULL is the zero time.
func (t *table) time(row int, col string) time.Time {
	v, _ := t.value(row, col).(time.Time)
	return v.UTC()
}

// list splits a comma-joined list of repo_summary; ” is none.
func list(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// percent prints a share as a percentage: whole numbers from 10%, one
// decimal below, never 0% for a share above 0.
func percent(share float64) string {
	p := share * 100
	switch {
	case p == 0:
		return "0%"
	case p < 0.1:
		return "<0.1%"
	case p < 10 && math.Round(p) != p:
		return strconv.FormatFloat(p, 'f', 1, 64) + "%"
	}
	return strconv.FormatFloat(math.Round(p), 'f', 0, 64) + "%"
}
