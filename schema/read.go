package schema

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// ReadFile reads the rows of a small file of table (runs, repos): every
// column of the table that the file has; columns it lacks (a file of an
// earlier schema version) keep their zero value.
func ReadFile[T any](table *Table, path string) ([]T, error) {
	if table.rowType != reflect.TypeFor[T]() {
		return nil, fmt.Errorf("table %s holds %s rows, not %s", table.Name, table.rowType, reflect.TypeFor[T]())
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	tbl, err := pqarrow.ReadTable(context.Background(), f, nil, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	defer tbl.Release()
	rows := make([]T, tbl.NumRows())
	for _, c := range table.Columns {
		idx := tbl.Schema().FieldIndices(c.Name)
		if len(idx) == 0 {
			continue
		}
		row := 0
		for _, chunk := range tbl.Column(idx[0]).Data().Chunks() {
			for i := range chunk.Len() {
				if !chunk.IsNull(i) {
					fv := reflect.ValueOf(&rows[row]).Elem()
					if err := setField(fv, c, chunk, i); err != nil {
						return nil, fmt.Errorf("reading %s: column %s: %w", path, c.Name, err)
					}
				}
				row++
			}
		}
	}
	return rows, nil
}

// setField stores value i of a column's chunk in the row's field,
// allocating embedded or field pointers on the way.
func setField(v reflect.Value, c Column, chunk arrow.Array, i int) error {
	for n, x := range c.index {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
		if n == len(c.index)-1 && v.Kind() == reflect.Pointer {
			v.Set(reflect.New(v.Type().Elem()))
			v = v.Elem()
		}
	}
	switch a := chunk.(type) {
	case *array.String:
		v.SetString(a.Value(i))
	case *array.Binary:
		v.SetBytes(append([]byte(nil), a.Value(i)...))
	case *array.Int64:
		v.SetInt(a.Value(i))
	case *array.Int32:
		v.SetInt(int64(a.Value(i)))
	case *array.Boolean:
		v.SetBool(a.Value(i))
	case *array.Float64:
		v.SetFloat(a.Value(i))
	case *array.Timestamp:
		v.Set(reflect.ValueOf(time.UnixMicro(int64(a.Value(i))).UTC()))
	default:
		return fmt.Errorf("unexpected type %s", chunk.DataType())
	}
	return nil
}
