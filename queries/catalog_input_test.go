package queries

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pysurvey/pysurvey/schema"
)

func readCatalogFile(t *testing.T, name string) ([][]string, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "catalogs", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return readCatalog(f, name)
}

func TestCatalogFromExcel(t *testing.T) {
	rows, err := readCatalogFile(t, "excel-utf8-bom-crlf.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"framework", "bottle", "import_root", "bottle", "Bottle micro framework"},
		{"framework", "cherrypy", "import_root", "cherrypy", "CherryPy, the old one"},
		{"orm", "pony", "dependency", "pony", ""},
	}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("rows\n got %q\nwant %q", rows, want)
	}
}

func TestCatalogRefusals(t *testing.T) {
	_, err := readCatalogFile(t, "excel-cp1252.csv")
	for _, want := range []string{
		"excel-cp1252.csv: line 2: invalid pattern catalog: byte 0x96 at offset 43 is not valid UTF-8 (is it cp1252 or Latin-1? save it as CSV UTF-8)",
		"excel-cp1252.csv: line 3: invalid pattern catalog: byte 0xe9",
	} {
		if !errors.Is(err, ErrCatalog) || !strings.Contains(err.Error(), want) {
			t.Errorf("cp1252: %v\nwant %q", err, want)
		}
	}
	_, err = readCatalogFile(t, "mistakes.csv")
	for _, want := range []string{
		`line 2: invalid pattern catalog: unknown signal_kind "imprt_root" (want one of import_root, import_module,`,
		"line 3: invalid pattern catalog: empty signal_value",
		"line 5: invalid pattern catalog: same category, pattern, signal_kind and signal_value as line 4",
		"line 6: invalid pattern catalog: 3 columns, want 5 (category, pattern, signal_kind, signal_value, description)",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("mistakes: %v\nwant %q", err, want)
		}
	}
	header := "category,pattern,signal_kind,signal_value,description\n"
	for in, want := range map[string]string{
		"":                                       "x.csv: invalid pattern catalog: empty, want the header",
		"kind,value\nx,y\n":                      `x.csv: line 1: invalid pattern catalog: header is "kind,value"`,
		"\xff\xfec\x00a\x00":                     "x.csv: invalid pattern catalog: the file is UTF-16",
		header + "framework,a\x00b,path,x,y\n":   "x.csv: line 2: invalid pattern catalog: NUL byte at offset 11",
		header + "framework,a,path,x\x01y,z\n":   `x.csv: line 2: invalid pattern catalog: signal_value "x\x01y" holds the control character U+0001`,
		header + "framework,a,path,\"x\ny\",z\n": `x.csv: line 2: invalid pattern catalog: signal_value "x\ny" holds the control character U+000A`,
		header + "framework,a,path,\"x,z\n":      `x.csv: invalid pattern catalog: parse error on line 2, column 23: extraneous or missing " in quoted-field`,
		header + " , ,path,x,z\n":                "x.csv: line 2: invalid pattern catalog: empty category",
	} {
		_, err := readCatalog(strings.NewReader(in), "x.csv")
		if !errors.Is(err, ErrCatalog) || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v\nwant %q", in, err, want)
		}
	}
}

// TestShippedCatalogAndSignalKinds checks that the shipped catalog passes
// the checks, and that every known signal kind is matched by the view.
func TestShippedCatalogAndSignalKinds(t *testing.T) {
	f, err := files.Open("patterns.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := readCatalog(f, "patterns.csv")
	if err != nil || len(rows) < 100 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	view, err := files.ReadFile("views/20_pattern_hits.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range signalKinds {
		if !strings.Contains(string(view), "'"+k+"'") {
			t.Errorf("signal kind %s is not matched in views/20_pattern_hits.sql", k)
		}
	}
}

// FuzzReadCatalog feeds arbitrary bytes to the catalog reader: a catalog
// it accepts holds only rows DuckDB can take and the views can match, and
// writing those rows back as CSV reads the same.
func FuzzReadCatalog(f *testing.F) {
	shipped, err := files.ReadFile("patterns.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(shipped)
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := readCatalog(bytes.NewReader(b), "fuzz.csv")
		if err != nil {
			if !errors.Is(err, ErrCatalog) {
				t.Fatalf("error without ErrCatalog: %v", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, r := range rows {
			if len(r) != 5 || !slices.Contains(signalKinds, r[2]) {
				t.Fatalf("row %q", r)
			}
			for i, v := range r {
				if err := schema.CheckText(v); err != nil || i < 4 && v == "" || v != strings.TrimSpace(v) {
					t.Fatalf("value %q of row %q: %v", v, r, err)
				}
			}
			key := strings.Join(r[:4], "\x00")
			if seen[key] {
				t.Fatalf("duplicate row %q", r)
			}
			seen[key] = true
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Write(patternColumns)
		w.WriteAll(rows)
		again, err := readCatalog(&buf, "again.csv")
		if err != nil || !slices.EqualFunc(again, rows, slices.Equal) {
			t.Fatalf("written back and read again: %q, %v; want %q", again, err, rows)
		}
	})
}
