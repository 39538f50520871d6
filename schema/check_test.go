package schema_test

import (
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pysurvey/pysurvey/schema"
)

// TestWriterRefusesValuesReadersCannotTake appends rows holding every kind
// of value that would make DuckDB refuse the file (invalid UTF-8) or show
// something else than was meant (NUL, NaN, a timestamp past int64
// microseconds), each between good rows: each is refused whole, with an
// error naming table, row and column, and the file holds the good rows.
func TestWriterRefusesValuesReadersCannotTake(t *testing.T) {
	dir := t.TempDir()
	meta := schema.FileMeta{RunID: "r"}
	at := func(t *schema.Table) string { return schema.PartPath(dir, t, time.Now(), "r-p0000") }
	key := func(p string) schema.FileKey {
		return schema.FileKey{RepoKey: schema.RepoKey{RunID: "r", Repo: "acme/shop"}, Path: p}
	}
	files, err := schema.NewWriter[schema.File](schema.FilesTable, at(schema.FilesTable), meta)
	if err != nil {
		t.Fatal(err)
	}
	fileRows := []struct {
		row  schema.File
		want string // error text, "" when accepted
	}{
		{schema.File{FileKey: key("ok.py"), Kind: "python"}, ""},
		{schema.File{FileKey: key("caf\xe9.py"), Kind: "python"}, `files row of repo "acme/shop", path "caf\xe9.py": column path: invalid value: byte 0xe9 at offset 3 is not valid UTF-8`},
		{schema.File{FileKey: key(schema.EscapePath("caf\xe9.py")), Kind: "python", PathRaw: schema.RawPath("caf\xe9.py")}, ""},
		{schema.File{FileKey: key("b.py"), Error: "python: b\x00.py"}, `files row of repo "acme/shop", path "b.py": column error: invalid value: NUL byte at offset 9`},
		{schema.File{FileKey: key("c.py"), PythonCounts: &schema.PythonCounts{ParseStatus: "error: \xff"}}, `column parse_status: invalid value: byte 0xff`},
		{schema.File{FileKey: key("d.py"), Kind: "python", PythonCounts: &schema.PythonCounts{Functions: 2, ParseStatus: "ok"}}, ""},
	}
	for _, fr := range fileRows {
		err := files.Append(&fr.row)
		switch {
		case fr.want == "" && err != nil:
			t.Errorf("%q refused: %v", fr.row.Path, err)
		case fr.want != "" && (!errors.Is(err, schema.ErrInvalidValue) || !strings.Contains(err.Error(), fr.want)):
			t.Errorf("%q: error %v, want ErrInvalidValue and %q", fr.row.Path, err, fr.want)
		}
	}
	if err := files.Close(); err != nil {
		t.Fatal(err)
	}

	repos, _ := schema.NewWriter[schema.Repo](schema.ReposTable, at(schema.ReposTable), meta)
	far := time.Unix(99999999999999, 0) // git accepts it; year 3170843
	if err := repos.Append(&schema.Repo{RepoKey: key("").RepoKey, Status: "ok", CommitTime: &far}); !errors.Is(err, schema.ErrInvalidValue) ||
		!strings.Contains(err.Error(), "column commit_time: invalid value: time 3170843-11-07T09:46:39Z is outside years 1 to 9999") {
		t.Errorf("far commit time: %v", err)
	}
	ok := time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
	if err := repos.Append(&schema.Repo{RepoKey: key("").RepoKey, Status: "ok", CommitTime: &ok}); err != nil {
		t.Errorf("year 9999 refused: %v", err)
	}
	if err := repos.Close(); err != nil {
		t.Fatal(err)
	}

	summary, _ := schema.NewWriter[schema.RepoSummary](schema.RepoSummaryTable, at(schema.RepoSummaryTable), meta)
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if err := summary.Append(&schema.RepoSummary{RepoKey: key("").RepoKey, AsyncShare: f}); !errors.Is(err, schema.ErrInvalidValue) ||
			!strings.Contains(err.Error(), "column async_share") {
			t.Errorf("async_share %v: %v", f, err)
		}
	}
	if err := summary.Append(&schema.RepoSummary{RepoKey: key("").RepoKey, AsyncShare: 0.25}); err != nil {
		t.Error(err)
	}
	if err := summary.Close(); err != nil {
		t.Fatal(err)
	}

	db := openDuckDB(t)
	read := func(q, table string) string {
		t.Helper()
		var s string
		if err := db.QueryRow(q, filepath.Join(dir, table, "*", "*.parquet")).Scan(&s); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return s
	}
	if got := read(`SELECT string_agg(path || ':' || coalesce(hex(path_raw), 'null') || ':' || coalesce(functions::VARCHAR, 'null'), ' ' ORDER BY path) FROM read_parquet(?)`, "files"); got != `caf\xe9.py:636166E92E7079:null d.py:null:2 ok.py:null:null` {
		t.Errorf("files read back: %s", got)
	}
	if got := read(`SELECT string_agg(epoch(commit_time)::BIGINT::VARCHAR, ' ') FROM read_parquet(?)`, "repos"); got != "253402300799" {
		t.Errorf("repos read back: %s", got)
	}
	if got := read(`SELECT string_agg(async_share::VARCHAR, ' ') FROM read_parquet(?)`, "repo_summary"); got != "0.25" {
		t.Errorf("repo_summary read back: %s", got)
	}
}
