package schema

import (
	"fmt"
	"reflect"
	"time"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
)

// Column describes one column of a table.
type Column struct {
	// Name is the column name in Parquet and DuckDB.
	Name string
	// Type is the Arrow type of the column.
	Type arrow.DataType
	// Nullable is true for columns that may hold nulls.
	Nullable bool
	// Dictionary asks the Parquet writer for dictionary encoding.
	Dictionary bool
	// Doc says what the column holds.
	Doc string

	index []int // field index path in the row struct
	kind  reflect.Kind
	// steps lead from a row to the column's value (see locate); bytes
	// marks a []byte column, whose nil is null.
	steps []fieldStep
	bytes bool
}

// fieldStep is one step from a row towards a column's value: move offset
// bytes into the struct, then, when deref is set, follow the pointer there
// (an embedded pointer, or the field's own pointer; nil is null).
type fieldStep struct {
	offset uintptr
	deref  bool
}

// locate returns a pointer to the column's value in the row at p, nil when
// it is null (a nil pointer on the way, or a nil []byte).
func (c *Column) locate(p unsafe.Pointer) unsafe.Pointer {
	for _, s := range c.steps {
		p = unsafe.Add(p, s.offset)
		if s.deref {
			if p = *(*unsafe.Pointer)(p); p == nil {
				return nil
			}
		}
	}
	if c.bytes && *(*[]byte)(p) == nil {
		return nil
	}
	return p
}

// stepsTo returns the steps from a value of type rt to its field at index.
func stepsTo(rt reflect.Type, index []int) []fieldStep {
	var steps []fieldStep
	var off uintptr
	for _, i := range index {
		f := rt.Field(i)
		off += f.Offset
		rt = f.Type
		if rt.Kind() == reflect.Pointer {
			steps = append(steps, fieldStep{offset: off, deref: true})
			off, rt = 0, rt.Elem()
		}
	}
	return append(steps, fieldStep{offset: off})
}

// Table describes a table: its name, its documentation and its columns,
// derived from the row type's struct tags.
type Table struct {
	// Name is the table name, also the directory under the output root.
	Name string
	// Doc says what one row of the table is.
	Doc string
	// Columns in order.
	Columns []Column
	// Schema is the Arrow schema of the table.
	Schema *arrow.Schema

	rowType reflect.Type
}

var timestampType = &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}

// Define derives a table from its row type T: string fields are VARCHAR,
// []byte fields BLOB (nil is null), time.Time fields timestamps. It panics
// when T has a field without a col tag or of an unsupported type: those
// are programming errors caught by the package's tests.
func Define[T any](name, doc string) *Table {
	t := &Table{Name: name, Doc: doc, rowType: reflect.TypeFor[T]()}
	t.Columns = columnsOf(t.rowType, nil, false)
	for i := range t.Columns {
		t.Columns[i].steps = stepsTo(t.rowType, t.Columns[i].index)
		t.Columns[i].bytes = t.Columns[i].Type.ID() == arrow.BINARY
	}
	fields := make([]arrow.Field, len(t.Columns))
	for i, c := range t.Columns {
		fields[i] = arrow.Field{Name: c.Name, Type: c.Type, Nullable: c.Nullable}
	}
	t.Schema = arrow.NewSchema(fields, nil)
	return t
}

func columnsOf(rt reflect.Type, prefix []int, nullable bool) []Column {
	var cols []Column
	for i := range rt.NumField() {
		f := rt.Field(i)
		index := append(append([]int(nil), prefix...), i)
		if f.Anonymous {
			ft, null := f.Type, nullable
			if ft.Kind() == reflect.Pointer {
				ft, null = ft.Elem(), true
			}
			cols = append(cols, columnsOf(ft, index, null)...)
			continue
		}
		name := f.Tag.Get("col")
		if name == "" {
			panic(fmt.Sprintf("schema: field %s.%s has no col tag", rt.Name(), f.Name))
		}
		c := Column{Name: name, Doc: f.Tag.Get("doc"), Dictionary: f.Tag.Get("dict") == "true", Nullable: nullable, index: index}
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft, c.Nullable = ft.Elem(), true
		}
		c.kind = ft.Kind()
		switch {
		case ft == reflect.TypeFor[time.Time]():
			c.Type, c.kind = timestampType, reflect.Struct
		case ft == reflect.TypeFor[[]byte]():
			c.Type, c.Nullable = arrow.BinaryTypes.Binary, true // nil is null
		case ft.Kind() == reflect.String:
			c.Type = arrow.BinaryTypes.String
		case ft.Kind() == reflect.Int64:
			c.Type = arrow.PrimitiveTypes.Int64
		case ft.Kind() == reflect.Int32:
			c.Type = arrow.PrimitiveTypes.Int32
		case ft.Kind() == reflect.Bool:
			c.Type = arrow.FixedWidthTypes.Boolean
		case ft.Kind() == reflect.Float64:
			c.Type = arrow.PrimitiveTypes.Float64
		default:
			panic(fmt.Sprintf("schema: field %s.%s has unsupported type %s", rt.Name(), f.Name, ft))
		}
		cols = append(cols, c)
	}
	return cols
}

// SQLType names the column's type as DuckDB shows it.
func (c Column) SQLType() string {
	switch c.Type.ID() {
	case arrow.STRING:
		return "VARCHAR"
	case arrow.BINARY:
		return "BLOB"
	case arrow.INT64:
		return "BIGINT"
	case arrow.INT32:
		return "INTEGER"
	case arrow.BOOL:
		return "BOOLEAN"
	case arrow.FLOAT64:
		return "DOUBLE"
	case arrow.TIMESTAMP:
		return "TIMESTAMP WITH TIME ZONE"
	}
	return c.Type.String()
}

// The tables pysurvey writes. A run writes its rows part by part (see
// PartPath); the runs row comes last.
var (
	// RunsTable has one row per run, written when the run ends.
	RunsTable = Define[Run]("runs", "One row per run, written last: a run without a row here never completed.")
	// ShardsTable has one row per completed shard of a sharded run.
	ShardsTable = Define[Shard]("shards", "One row per shard of a sharded run, written when the shard has committed every part; finalize checks them before it writes the run's row.")
	// ReposTable has one row per listed repository and run.
	ReposTable = Define[Repo]("repos", "One row per repository listed for the run, ok or failed. A repository's rows of every other table become visible with its row here.")
	// FilesTable has one row per file in each surveyed tree.
	FilesTable = Define[File]("files", "One row per file, symlink or submodule in the surveyed commit's tree, with the counts of Python files.")
	// ImportsTable has one row per imported name in Python files.
	ImportsTable = Define[Import]("imports", "One row per name imported by a Python file (anywhere in it, as ast.walk sees it).")
	// SymbolsTable has one row per named fact of Python files.
	SymbolsTable = Define[Symbol]("symbols", "One row per decorator, class base, distinct callee, export or constructor parameter annotation of a Python file.")
	// DependenciesTable has one row per declared requirement.
	DependenciesTable = Define[Dependency]("dependencies", "One row per requirement declared by a packaging manifest, or per error reading one.")
	// ProjectsTable has one row per project root.
	ProjectsTable = Define[Project]("projects", "One row per Python project root: a directory holding packaging manifests or lock files.")
	// RepoSummaryTable has the interpreted summary of each repository.
	RepoSummaryTable = Define[RepoSummary]("repo_summary", "One row per repository surveyed ok: its frameworks, package managers, architecture, patterns and counts, computed from its own facts as it finishes.")
	// RepoPatternsTable has the catalog patterns each repository uses.
	RepoPatternsTable = Define[RepoPattern]("repo_patterns", "One row per catalog pattern a repository surveyed ok uses, with the signals that matched.")
	// PatternHitsTable has every place a catalog signal matched.
	PatternHitsTable = Define[PatternHit]("pattern_hits", "One row per catalog signal and file where it matched (drill-down from repo_patterns to files).")
	// RepoImportsTable has each repository's third-party imports.
	RepoImportsTable = Define[RepoImport]("repo_imports", "One row per third-party top-level module a repository surveyed ok imports in its code files.")
)

// Tables lists every table: runs, repos, the fact tables, the result tables.
func Tables() []*Table {
	return append(append([]*Table{RunsTable, ShardsTable, ReposTable}, FactTables()...), ResultTables()...)
}

// FactTables lists the tables of facts extracted from a repository's
// files; a run writes them part by part, and a repository carried forward
// from an earlier run keeps its rows there (repos.part).
func FactTables() []*Table {
	return []*Table{FilesTable, ImportsTable, SymbolsTable, DependenciesTable, ProjectsTable}
}

// ResultTables lists the tables of per-repository results that the
// interpretation of the facts (queries/results) computes as repositories
// finish. pattern_hits lies beside the facts (repos.part); the others
// have rows in every run, reused repositories included.
func ResultTables() []*Table {
	return []*Table{RepoSummaryTable, RepoPatternsTable, PatternHitsTable, RepoImportsTable}
}
