package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/pipeline"
	"github.com/pysurvey/pysurvey/queries"
)

// TestWritersNumberTheirFilesTogether: with several writer goroutines,
// each writes its own files of the per-file tables; their names follow the
// one layout (<run-id>.parquet, then <run-id>-0001.parquet and on, numbers
// taken once each), and every row is found once, through DuckDB and
// through the queries.
func TestWritersNumberTheirFilesTogether(t *testing.T) {
	const n = 300
	repo := makeManyFiles(t, n)
	out := t.TempDir()
	sum, err := run(t, repo+" many", pipeline.Config{Out: out, Readers: 6, FileRows: 16, Extractors: []extractors.Extractor{probe{}}})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Files != n {
		t.Errorf("summary counts %d files, want %d", sum.Files, n)
	}
	for _, table := range []string{"files", "symbols"} {
		paths, _ := filepath.Glob(filepath.Join(out, table, "run_date=*", "*"))
		name := regexp.MustCompile(`^` + regexp.QuoteMeta(sum.RunID) + `(?:-(\d{4}))?\.parquet$`)
		var numbers []string
		for _, p := range paths {
			m := name.FindStringSubmatch(filepath.Base(p))
			if m == nil {
				t.Errorf("%s: unexpected file %s", table, p)
				continue
			}
			numbers = append(numbers, m[1])
		}
		slices.Sort(numbers)
		if len(numbers) < n/16 || numbers[0] != "" || numbers[1] != "0001" || numbers[len(numbers)-1] != pad4(len(numbers)-1) {
			t.Errorf("%s: files numbered %v, want <run-id> then 0001 to %s", table, numbers, pad4(len(numbers)-1))
		}
		if got := query(t, "SELECT count(*), count(DISTINCT path) FROM '"+parquet(out, table)+"'"); joinRows(got) != itoa(n)+" "+itoa(n) {
			t.Errorf("%s: rows, distinct paths = %v, want %d each", table, got, n)
		}
	}
	db, err := queries.Open(context.Background(), queries.Options{DataDir: out})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.SQL(context.Background(), "SELECT count(*) FROM files", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 1 || res.Rows[0][0] != int64(n) {
		t.Errorf("the queries see %v files rows, want %d", res.Rows, n)
	}
	// No manifest: the dependencies table gets its one empty file.
	if deps, _ := filepath.Glob(filepath.Join(out, "dependencies", "run_date=*", "*.parquet")); len(deps) != 1 {
		t.Errorf("dependencies files %v, want one empty file", deps)
	}
	assertEveryParquetReadable(t, out)
}

// TestUnwritableOutputEndsTheRunWithAnError: when a table cannot be
// written, the run still drains every repository, ends with an error
// naming the file, and writes no runs row.
func TestUnwritableOutputEndsTheRunWithAnError(t *testing.T) {
	repo := makeManyFiles(t, 50)
	out := t.TempDir()
	if err := os.WriteFile(filepath.Join(out, "symbols"), []byte("not a directory"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := run(t, repo+" many", pipeline.Config{Out: out, Readers: 3, FileRows: 8, Extractors: []extractors.Extractor{probe{}}})
	if err == nil || !strings.Contains(err.Error(), "writing output") || !strings.Contains(err.Error(), filepath.Join(out, "symbols")) {
		t.Fatalf("run error %v, want a write error naming %s", err, filepath.Join(out, "symbols"))
	}
	if runs, _ := filepath.Glob(filepath.Join(out, "runs", "*", "*.parquet")); len(runs) != 0 {
		t.Errorf("a failed run has a runs file: %v", runs)
	}
	assertEveryParquetReadable(t, out)
}

func pad4(n int) string {
	s := itoa(n)
	return strings.Repeat("0", 4-len(s)) + s
}
