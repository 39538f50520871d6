package schema_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/pysurvey/pysurvey/schema"
)

func openDuckDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestWriterRoundTripThroughDuckDB(t *testing.T) {
	dir := t.TempDir()
	runDate := time.Date(2026, 11, 23, 1, 2, 3, 0, time.UTC)
	path := schema.PartPath(dir, schema.FilesTable, runDate, "r1-p0000")
	w, err := schema.NewWriter[schema.File](schema.FilesTable, path, schema.FileMeta{RunID: "r1", ToolVersion: "v9"})
	if err != nil {
		t.Fatal(err)
	}
	const n = 3*schema.BatchRows + 1000 // several batches
	for i := range n {
		row := schema.File{FileKey: schema.FileKey{RepoKey: schema.RepoKey{RunID: "r1", Repo: "repo"}, Path: "p" + strings.Repeat("x", i%7)},
			Kind: "other", Size: int64(i)}
		if i%2 == 0 {
			lines := int64(i)
			row.Lines = &lines
			row.Kind = "python"
			row.PythonCounts = &schema.PythonCounts{Functions: 3, AsyncFunctions: 1, HasAll: true, ParseStatus: "ok"}
		}
		if err := w.Append(&row); err != nil {
			t.Fatal(err)
		}
	}
	pending, err := w.Finish()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("%s visible before its commit: %v", path, err)
	}
	if !strings.HasPrefix(filepath.Base(pending.Tmp), ".") {
		t.Errorf("temporary name %s is not hidden", pending.Tmp)
	}
	if err := schema.Commit(pending); err != nil {
		t.Fatal(err)
	}
	if filepath.Base(filepath.Dir(path)) != "run_date=2026-11-23" {
		t.Errorf("partition dir %s", filepath.Dir(path))
	}
	paths := []string{path}
	leftovers, _ := filepath.Glob(filepath.Join(dir, "files", "*", ".*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
	db := openDuckDB(t)
	glob := filepath.Join(dir, "files", "**", "*.parquet")
	var rows, nullLines, nullFuncs, funcs, pythons int64
	err = db.QueryRow(`SELECT count(*), count(*) FILTER (lines IS NULL), count(*) FILTER (functions IS NULL),
		sum(functions), count(*) FILTER (kind = 'python' AND has_all AND parse_status = 'ok') FROM read_parquet(?)`, glob).
		Scan(&rows, &nullLines, &nullFuncs, &funcs, &pythons)
	if err != nil {
		t.Fatal(err)
	}
	if rows != n || nullLines != n/2 || nullFuncs != n/2 || funcs != 3*n/2 || pythons != n/2 {
		t.Errorf("rows %d nullLines %d nullFuncs %d funcs %d pythons %d", rows, nullLines, nullFuncs, funcs, pythons)
	}
	// Types as DuckDB sees them match the dictionary.
	typeRows, err := db.Query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))`, glob)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for typeRows.Next() {
		var name, typ string
		typeRows.Scan(&name, &typ)
		got[name] = typ
	}
	for _, c := range schema.FilesTable.Columns {
		if got[c.Name] != c.SQLType() {
			t.Errorf("column %s: DuckDB sees %s, dictionary says %s", c.Name, got[c.Name], c.SQLType())
		}
	}
	// Metadata, compression and encodings.
	var version, tool string
	err = db.QueryRow(`SELECT
		max(CASE WHEN decode(key) = 'pysurvey.schema_version' THEN decode(value) END),
		max(CASE WHEN decode(key) = 'pysurvey.tool_version' THEN decode(value) END)
		FROM parquet_kv_metadata(?)`, paths[0]).Scan(&version, &tool)
	if err != nil {
		t.Fatal(err)
	}
	if version != strconv.Itoa(schema.Version) || tool != "v9" {
		t.Errorf("metadata schema_version=%q tool_version=%q", version, tool)
	}
	encRows, err := db.Query(`SELECT path_in_schema, any_value(compression), string_agg(DISTINCT encodings, ',')
		FROM parquet_metadata(?) GROUP BY ALL`, paths[0])
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for encRows.Next() {
		var col, comp, enc string
		encRows.Scan(&col, &comp, &enc)
		seen++
		if comp != "ZSTD" {
			t.Errorf("%s compressed with %s", col, comp)
		}
		dict := strings.Contains(enc, "DICTIONARY")
		for _, c := range schema.FilesTable.Columns {
			if c.Name == col && c.Dictionary != dict {
				t.Errorf("%s: dictionary encoding %v (encodings %s), want %v", col, dict, enc, c.Dictionary)
			}
		}
	}
	if seen != len(schema.FilesTable.Columns) {
		t.Errorf("metadata for %d columns, want %d", seen, len(schema.FilesTable.Columns))
	}
}

func TestEmptyTableStillGetsAFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "imports", "x.parquet")
	w, err := schema.NewWriter[schema.Import](schema.ImportsTable, path, schema.FileMeta{RunID: "r"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := openDuckDB(t).QueryRow("SELECT count(*) FROM read_parquet(?)", path).Scan(&n); err != nil || n != 0 {
		t.Errorf("count %d err %v", n, err)
	}
}

func TestAbortLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	w, _ := schema.NewWriter[schema.Run](schema.RunsTable, filepath.Join(dir, "runs", "r.parquet"), schema.FileMeta{RunID: "r"})
	for range schema.BatchRows + 1 {
		w.Append(&schema.Run{RunID: "r"})
	}
	w.Abort()
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if len(files) != 0 {
		t.Errorf("files left after Abort: %v", files)
	}
}

// A failed commit leaves neither the file nor its temporary.
func TestCommitIntoAMissingDirectoryLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	w, _ := schema.NewWriter[schema.Run](schema.RunsTable, filepath.Join(dir, "runs", "r.parquet"), schema.FileMeta{RunID: "r"})
	w.Append(&schema.Run{RunID: "r"})
	p, err := w.Finish()
	if err != nil {
		t.Fatal(err)
	}
	p.Path = filepath.Join(dir, "gone", "r.parquet")
	if err := schema.Commit(p); err == nil || !strings.Contains(err.Error(), "renaming") {
		t.Fatalf("commit into a missing directory: %v", err)
	}
	if _, err := os.Stat(p.Tmp); !os.IsNotExist(err) {
		t.Errorf("temporary %s left: %v", p.Tmp, err)
	}
}

func TestWriterRefusesAnotherRowType(t *testing.T) {
	if _, err := schema.NewWriter[schema.Run](schema.FilesTable, filepath.Join(t.TempDir(), "x.parquet"), schema.FileMeta{}); err == nil {
		t.Error("no error for a mismatched row type")
	}
}

func TestTablesAreFlatAndDocumented(t *testing.T) {
	seen := map[string]bool{}
	for _, tb := range schema.Tables() {
		if seen[tb.Name] {
			t.Errorf("table %s defined twice", tb.Name)
		}
		seen[tb.Name] = true
		cols := map[string]bool{}
		for _, c := range tb.Columns {
			if c.Doc == "" {
				t.Errorf("%s.%s has no doc", tb.Name, c.Name)
			}
			if cols[c.Name] {
				t.Errorf("%s.%s appears twice", tb.Name, c.Name)
			}
			cols[c.Name] = true
			if strings.Contains(c.SQLType(), "[]") || strings.Contains(c.SQLType(), "STRUCT") || strings.Contains(c.SQLType(), "MAP") {
				t.Errorf("%s.%s is not flat: %s", tb.Name, c.Name, c.SQLType())
			}
		}
		if tb.Name != "runs" && !cols["run_id"] {
			t.Errorf("%s has no run_id", tb.Name)
		}
	}
}

func TestDocsSchemaIsInSync(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "docs", "schema.md"))
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != schema.Dictionary() {
		t.Error("docs/schema.md is out of date: run `go run ./cmd/pysurvey schema > docs/schema.md`")
	}
}

func TestMergeProjects(t *testing.T) {
	got := schema.MergeProjects([]schema.Project{
		{Root: "b", Manifests: "pyproject.toml", Managers: "poetry", Name: "b", Counted: true},
		{Root: "", Manifests: "setup.cfg", Managers: "setuptools", Name: "root", Version: "1", Counted: true},
		{Root: "b", Manifests: "poetry.lock", Managers: "poetry", Name: "ignored", RequiresPython: ">=3.9", Counted: true},
		{Root: "", Manifests: "requirements.txt", Managers: "pip", Counted: true},
		// pep621 (no tool named) gives way to a tool of the same root, and stays alone
		{Root: "", Manifests: "pyproject.toml", Managers: "pep621", Name: "late", Counted: true},
		{Root: "c", Manifests: "pyproject.toml", Managers: "pep621", Name: "c", Counted: true},
	})
	want := []schema.Project{
		{Root: "", Manifests: "pyproject.toml,requirements.txt,setup.cfg", Managers: "pip,setuptools", Name: "root", Version: "1", Counted: true},
		{Root: "b", Manifests: "poetry.lock,pyproject.toml", Managers: "poetry", Name: "b", RequiresPython: ">=3.9", Counted: true},
		{Root: "c", Manifests: "pyproject.toml", Managers: "pep621", Name: "c", Counted: true},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

// BenchmarkWriterAppend appends symbols rows (the most numerous) and files
// rows (nullable, through an embedded pointer) and writes them as Parquet.
func BenchmarkWriterAppend(b *testing.B) {
	key := schema.FileKey{RepoKey: schema.RepoKey{RunID: "20260101T000000Z-abcdef", Repo: "github.com/acme/shop"}, Path: "shop/orders/views.py"}
	lines := int64(120)
	b.ReportAllocs()
	for b.Loop() {
		dir, meta := b.TempDir(), schema.FileMeta{RunID: "20260101T000000Z-abcdef"}
		symbols, err := schema.NewWriter[schema.Symbol](schema.SymbolsTable, filepath.Join(dir, "symbols.parquet"), meta)
		if err != nil {
			b.Fatal(err)
		}
		files, err := schema.NewWriter[schema.File](schema.FilesTable, filepath.Join(dir, "files.parquet"), meta)
		if err != nil {
			b.Fatal(err)
		}
		for i := range 50_000 {
			s := schema.Symbol{FileKey: key, Line: int32(i), Kind: "call", Name: "models.ForeignKey", Owner: "Order"}
			if err := symbols.Append(&s); err != nil {
				b.Fatal(err)
			}
			if i%10 == 0 {
				f := schema.File{FileKey: key, Commit: "0123456789abcdef0123456789abcdef01234567", Kind: "python", Size: 4096, Lines: &lines}
				if i%20 == 0 {
					f.PythonCounts = &schema.PythonCounts{Functions: 3, Classes: 1, ParseStatus: "ok"}
				}
				if err := files.Append(&f); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err := symbols.Close(); err != nil {
			b.Fatal(err)
		}
		if err := files.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// ReadFile gives back the rows written, pointers and embedded pointers
// included.
func TestReadFileRoundTrip(t *testing.T) {
	when := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	files := []schema.File{
		{FileKey: schema.FileKey{RepoKey: schema.RepoKey{RunID: "r", Repo: "a"}, Path: "x.py"}, Kind: "python",
			PythonCounts: &schema.PythonCounts{Functions: 2, ParseStatus: "ok"}},
		{FileKey: schema.FileKey{RepoKey: schema.RepoKey{RunID: "r", Repo: "a"}, Path: "README"}, Kind: "other", Size: 9},
	}
	repos := []schema.Repo{{RepoKey: schema.RepoKey{RunID: "r", Repo: "a"}, Commit: "c0ffee", CommitTime: &when, Status: "ok", Files: 2, Part: "p"},
		{RepoKey: schema.RepoKey{RunID: "r", Repo: "b"}, Status: "failed", Error: "boom"}}
	dir := t.TempDir()
	check := func(table *schema.Table, write func(string) error, read func(string) (any, error), want any) {
		path := filepath.Join(dir, table.Name+".parquet")
		if err := write(path); err != nil {
			t.Fatal(err)
		}
		got, err := read(path)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: read %+v\nwant %+v", table.Name, got, want)
		}
	}
	check(schema.FilesTable, func(p string) error { return writeAll(schema.FilesTable, p, files) },
		func(p string) (any, error) { return schema.ReadFile[schema.File](schema.FilesTable, p) }, files)
	check(schema.ReposTable, func(p string) error { return writeAll(schema.ReposTable, p, repos) },
		func(p string) (any, error) { return schema.ReadFile[schema.Repo](schema.ReposTable, p) }, repos)
}

func writeAll[T any](table *schema.Table, path string, rows []T) error {
	w, err := schema.NewWriter[T](table, path, schema.FileMeta{RunID: "r"})
	if err != nil {
		return err
	}
	for i := range rows {
		if err := w.Append(&rows[i]); err != nil {
			return err
		}
	}
	return w.Close()
}
