package schema

import (
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// FuzzWriter appends rows made of arbitrary bytes, floats and times: the
// writer must take exactly the values readers can take (oracle: UTF-8
// without NUL, finite floats, years 1 to 9999), refuse the others without
// appending any part of their row, and hold the values it took unchanged
// in the batch it hands to the Parquet writer (read back from Parquet by
// DuckDB in TestWriterRefusesValuesReadersCannotTake; writing a file per
// input would make the target slow). A path goes in through EscapePath
// and must come back out through UnescapePath or path_raw.
func FuzzWriter(f *testing.F) {
	f.Add("app/main.py", "ok", 0.5, int64(1767323045))
	f.Add("caf\xe9.py", "reading caf\xe9.py: bad", math.NaN(), int64(99999999999999))
	// The builders are shared by the inputs (making them costs more than
	// an input): taking each input's batch empties them.
	files, err := NewBuilder[File](FilesTable)
	if err != nil {
		f.Fatal(err)
	}
	summary, _ := NewBuilder[RepoSummary](RepoSummaryTable)
	repos, _ := NewBuilder[Repo](ReposTable)
	f.Cleanup(func() { files.Release(); summary.Release(); repos.Release() })
	f.Fuzz(func(t *testing.T, path, text string, share float64, secs int64) {
		textOK := utf8.ValidString(text) && !strings.Contains(text, "\x00")
		shareOK := !math.IsNaN(share) && !math.IsInf(share, 0)
		timeOK := secs >= -62135596800 && secs <= 253402300799 // 0001-01-01 to 9999-12-31T23:59:59Z
		key := RepoKey{RunID: "r", Repo: CleanText(text)}
		for _, rb := range []*array.RecordBuilder{files.rb, summary.rb, repos.rb} {
			rb.NewRecordBatch().Release() // what a failed input left
		}

		stored := EscapePath(path)
		row := File{FileKey: FileKey{RepoKey: key, Path: stored}, PathRaw: RawPath(path), Error: text,
			PythonCounts: &PythonCounts{ParseStatus: "ok"}}
		if err := files.Append(&row); (err == nil) != textOK {
			t.Fatalf("error %q: Append = %v", text, err)
		}
		row.Clean()
		if err := files.Append(&row); err != nil {
			t.Fatalf("cleaned row refused: %v", err)
		}
		got := batch(t, files.rb)
		want := 1
		if textOK {
			want = 2
		}
		if len(got["path"]) != want {
			t.Fatalf("batch holds %d rows, want %d", len(got["path"]), want)
		}
		for i, p := range got["path"] {
			raw, err := UnescapePath(p.(string))
			if err != nil || raw != path {
				t.Fatalf("path %q stored as %q, unescaped %q, %v", path, p, raw, err)
			}
			if b := got["path_raw"][i]; (b == nil) != (p == path) || b != nil && string(b.([]byte)) != path {
				t.Fatalf("path_raw of %q: %q", path, b)
			}
			if got["parse_status"][i] != "ok" {
				t.Fatalf("parse_status %q", got["parse_status"][i])
			}
		}
		if textOK && got["error"][0] != text {
			t.Fatalf("error %q stored as %q", text, got["error"][0])
		}

		if err := summary.Append(&RepoSummary{RepoKey: key, AsyncShare: share}); (err == nil) != shareOK {
			t.Fatalf("async_share %v: Append = %v", share, err)
		}
		if got := batch(t, summary.rb)["async_share"]; shareOK && (len(got) != 1 || got[0] != share) {
			t.Fatalf("async_share %v stored as %v", share, got)
		}

		when := time.Unix(secs, 0)
		repo := Repo{RepoKey: key, CommitTime: &when}
		if err := repos.Append(&repo); (err == nil) != timeOK {
			t.Fatalf("commit time %d s: Append = %v", secs, err)
		}
		repo.Clean()
		if err := repos.Append(&repo); err != nil {
			t.Fatalf("cleaned repos row refused: %v", err)
		}
		times := batch(t, repos.rb)["commit_time"]
		for _, tm := range times {
			if tm != nil && !tm.(time.Time).Equal(when) {
				t.Fatalf("commit time %v stored as %v", when, tm)
			}
		}
	})
}

// batch takes the rows built so far as a record batch, as flush hands it
// to the Parquet writer, and returns its columns by name (nil for null).
// The columns must have one length and every string must be text.
func batch(t *testing.T, rb *array.RecordBuilder) map[string][]any {
	t.Helper()
	rec := rb.NewRecordBatch()
	defer rec.Release()
	out := map[string][]any{}
	for i, col := range rec.Columns() {
		name := rec.ColumnName(i)
		if col.Len() != int(rec.NumRows()) {
			t.Fatalf("column %s holds %d values for %d rows", name, col.Len(), rec.NumRows())
		}
		out[name] = []any{}
		for j := range col.Len() {
			if col.IsNull(j) {
				out[name] = append(out[name], nil)
				continue
			}
			switch a := col.(type) {
			case *array.String:
				if err := CheckText(a.Value(j)); err != nil {
					t.Fatalf("column %s holds %q: %v", name, a.Value(j), err)
				}
				out[name] = append(out[name], a.Value(j))
			case *array.Binary:
				out[name] = append(out[name], append([]byte(nil), a.Value(j)...))
			case *array.Float64:
				out[name] = append(out[name], a.Value(j))
			case *array.Timestamp:
				out[name] = append(out[name], a.Value(j).ToTime(arrow.Microsecond))
			default:
				out[name] = append(out[name], a.GetOneForMarshal(j))
			}
		}
	}
	return out
}

// FuzzEscapePath checks that EscapePath is injective and reversible and
// writes text, and that UnescapePath accepts exactly its forms.
func FuzzEscapePath(f *testing.F) {
	for _, s := range []string{"app/main.py", "caf\xe9.py", `caf\xe9.py`, `a\\b`, `\x41`, "d\xe9p/x\x00", `a\b/c\\d`} {
		f.Add(s, s+"x")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ea, eb := EscapePath(a), EscapePath(b)
		if err := CheckText(ea); err != nil {
			t.Fatalf("EscapePath(%q) = %q: %v", a, ea, err)
		}
		if back, err := UnescapePath(ea); err != nil || back != a {
			t.Fatalf("UnescapePath(EscapePath(%q)) = %q, %v", a, back, err)
		}
		if a != b && ea == eb {
			t.Fatalf("%q and %q both escape to %q", a, b, ea)
		}
		if raw, err := UnescapePath(a); err == nil && EscapePath(raw) != a {
			t.Fatalf("UnescapePath(%q) = %q, which escapes to %q", a, raw, EscapePath(raw))
		}
		if strings.Count(ea, "/") != strings.Count(a, "/") {
			t.Fatalf("EscapePath(%q) = %q changes the components", a, ea)
		}
		if (RawPath(a) == nil) != (ea == a) {
			t.Fatalf("RawPath(%q) = %q but EscapePath gives %q", a, RawPath(a), ea)
		}
	})
}
