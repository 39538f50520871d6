package schema

import (
	"math"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// TestCleanCoversEveryColumn fills every text column of every table with
// bytes the writer refuses, every float with NaN and every nullable
// timestamp with a time past year 9999 (the others come from the clock),
// calls the row type's Clean and appends the row: the writer must take
// it. A column added without its Clean fails here.
func TestCleanCoversEveryColumn(t *testing.T) {
	far := time.Unix(99999999999999, 0)
	for _, table := range Tables() {
		row := reflect.New(table.rowType)
		fill(row.Elem(), far)
		cleaner, ok := row.Interface().(interface{ Clean() })
		if !ok {
			t.Errorf("%s: %s has no Clean method", table.Name, table.rowType)
			continue
		}
		cleaner.Clean()
		if err := appendOne(t, table, row.Interface()); err != nil {
			t.Errorf("%s: after Clean: %v", table.Name, err)
		}
	}
}

// fill sets every field of a row struct, through embedded structs and
// pointers, to a value the writer refuses where there is one.
func fill(v reflect.Value, far time.Time) {
	for i := range v.NumField() {
		f := v.Field(i)
		nullable := f.Kind() == reflect.Pointer
		if nullable {
			f.Set(reflect.New(f.Type().Elem()))
			f = f.Elem()
		}
		switch {
		case f.Type() == reflect.TypeFor[time.Time]():
			if nullable {
				f.Set(reflect.ValueOf(far))
			}
		case f.Kind() == reflect.Struct:
			fill(f, far)
		case f.Kind() == reflect.String:
			f.SetString("caf\xe9\x00")
		case f.Kind() == reflect.Float64:
			f.SetFloat(math.NaN())
		case f.Type() == reflect.TypeFor[[]byte]():
			f.SetBytes([]byte("caf\xe9"))
		}
	}
}

// appendOne appends a row of the table to a writer of its type.
func appendOne(t *testing.T, table *Table, row any) error {
	opts := filepath.Join(t.TempDir(), table.Name+".parquet")
	switch r := row.(type) {
	case *Run:
		return writeOne(table, opts, r)
	case *Shard:
		return writeOne(table, opts, r)
	case *Repo:
		return writeOne(table, opts, r)
	case *File:
		return writeOne(table, opts, r)
	case *Import:
		return writeOne(table, opts, r)
	case *Symbol:
		return writeOne(table, opts, r)
	case *Dependency:
		return writeOne(table, opts, r)
	case *Project:
		return writeOne(table, opts, r)
	case *RepoSummary:
		return writeOne(table, opts, r)
	case *RepoPattern:
		return writeOne(table, opts, r)
	case *PatternHit:
		return writeOne(table, opts, r)
	case *RepoImport:
		return writeOne(table, opts, r)
	}
	t.Fatalf("no case for %T in appendOne", row)
	return nil
}

func writeOne[T any](table *Table, path string, row *T) error {
	w, err := NewWriter[T](table, path, FileMeta{RunID: "r"})
	if err != nil {
		return err
	}
	if err := w.Append(row); err != nil {
		w.Abort()
		return err
	}
	return w.Close()
}
