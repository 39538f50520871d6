package schema

import (
	"fmt"
	"math/big"
	"reflect"
	"time"
)

// Scan fills a row of the table from named values, as a SQL driver
// returns them: each column is taken from the value of the same name, and
// columns without a value keep their zero value. It is how query answers
// are turned into rows to write.
func Scan[T any](t *Table, names []string, vals []any) (T, error) {
	var row T
	if t.rowType != reflect.TypeFor[T]() {
		return row, fmt.Errorf("table %s holds %s rows, not %s", t.Name, t.rowType, reflect.TypeFor[T]())
	}
	byName := make(map[string]any, len(names))
	for i, n := range names {
		byName[n] = vals[i]
	}
	v := reflect.ValueOf(&row).Elem()
	for _, c := range t.Columns {
		val, ok := byName[c.Name]
		if !ok || val == nil {
			continue
		}
		fv, err := v.FieldByIndexErr(c.index)
		if err != nil {
			continue
		}
		if fv.Kind() == reflect.Pointer {
			fv.Set(reflect.New(fv.Type().Elem()))
			fv = fv.Elem()
		}
		if err := assign(fv, val); err != nil {
			return row, fmt.Errorf("column %s: %w", c.Name, err)
		}
	}
	return row, nil
}

func assign(fv reflect.Value, val any) error {
	switch x := val.(type) {
	case *big.Int:
		val = x.Int64()
	case int32:
		val = int64(x)
	case int:
		val = int64(x)
	case float32:
		val = float64(x)
	}
	switch fv.Kind() {
	case reflect.String:
		if s, ok := val.(string); ok {
			fv.SetString(s)
			return nil
		}
	case reflect.Int64, reflect.Int32:
		switch x := val.(type) {
		case int64:
			fv.SetInt(x)
			return nil
		case float64:
			fv.SetInt(int64(x))
			return nil
		}
	case reflect.Float64:
		switch x := val.(type) {
		case float64:
			fv.SetFloat(x)
			return nil
		case int64:
			fv.SetFloat(float64(x))
			return nil
		}
	case reflect.Bool:
		if b, ok := val.(bool); ok {
			fv.SetBool(b)
			return nil
		}
	case reflect.Slice:
		if b, ok := val.([]byte); ok && fv.Type() == reflect.TypeFor[[]byte]() {
			fv.SetBytes(append([]byte(nil), b...))
			return nil
		}
	case reflect.Struct:
		if t, ok := val.(time.Time); ok && fv.Type() == reflect.TypeFor[time.Time]() {
			fv.Set(reflect.ValueOf(t))
			return nil
		}
	}
	return fmt.Errorf("cannot store %T in %s", val, fv.Type())
}
