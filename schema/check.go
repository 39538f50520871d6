package schema

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"time"
	"unsafe"
)

// ErrInvalidValue is wrapped by the error of Writer.Append for a row
// holding a value that readers cannot take: text that is not valid UTF-8
// or holds a NUL, a float that is NaN or infinite, a timestamp outside
// years 1 to 9999.
var ErrInvalidValue = errors.New("invalid value")

// The timestamps the writer accepts: years 1 to 9999 (UTC), what DuckDB,
// Python's datetime, JSON and BI tools all hold. Past them, microseconds
// since 1970 overflow int64 and the file would show another time.
var (
	minTime = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	endTime = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
)

// CheckTime reports why t cannot be stored in a timestamp column, or nil
// when it can.
func CheckTime(t time.Time) error {
	if t.Before(minTime) || !t.Before(endTime) {
		return fmt.Errorf("time %s is outside years 1 to 9999", t.UTC().Format(time.RFC3339))
	}
	return nil
}

// checkAt reports why the value of column c at p (see Column.locate)
// cannot be written, or nil.
func (c *Column) checkAt(p unsafe.Pointer) error {
	switch c.kind {
	case reflect.String:
		return CheckText(*(*string)(p))
	case reflect.Float64:
		if f := *(*float64)(p); math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("%v is not a finite number", f)
		}
	case reflect.Struct: // time.Time, the only struct column
		return CheckTime(*(*time.Time)(p))
	}
	return nil
}

// invalidRow is the error for a row refused because of column c: it names
// the table, the row by its repo and path (or root) where it has them, and
// the column.
func (t *Table) invalidRow(row reflect.Value, c *Column, why error) error {
	var who []string
	for _, k := range t.Columns {
		if k.Name != "repo" && k.Name != "path" && k.Name != "root" {
			continue
		}
		if fv, err := row.FieldByIndexErr(k.index); err == nil && fv.Kind() == reflect.String {
			who = append(who, fmt.Sprintf("%s %q", k.Name, fv.String()))
		}
	}
	desc := t.Name + " row"
	if len(who) > 0 {
		desc += " of " + strings.Join(who, ", ")
	}
	return fmt.Errorf("%s: column %s: %w: %v", desc, c.Name, ErrInvalidValue, why)
}
