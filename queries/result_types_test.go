package queries_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pysurvey/pysurvey/queries"
)

// TestFormatsKeepDuckDBTypes prints values of DuckDB's types as the driver
// returns them: JSON keeps the column order and the types (lists as
// arrays, NaN as null), CSV writes nested values as JSON.
func TestFormatsKeepDuckDBTypes(t *testing.T) {
	db := open(t, survey(t, filepath.Join("..", "testdata", "sample")), "")
	res, err := db.SQL(context.Background(), `SELECT 'b' AS zeta, 1 AS alpha, 'nan'::DOUBLE AS nan, '-inf'::DOUBLE AS inf,
		['x', 'y'] AS list, {'k': 1, 'a': [2.5]} AS struct, MAP {'m': 1} AS map,
		170141183460469231731687303715884105727::HUGEINT AS huge, 1.25::DECIMAL(10, 2) AS dec,
		DATE '2026-01-02' AS day, TIMESTAMPTZ '2026-01-02 00:00:00.5+00' AS ts, TIMESTAMP '2026-01-02 00:00:00' AS naive,
		NULL AS nothing, true AS yes, '<&>' AS html`, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := res.Write(&b, "json"); err != nil {
		t.Fatal(err)
	}
	want := `[
  {
    "zeta": "b",
    "alpha": 1,
    "nan": null,
    "inf": null,
    "list": ["x","y"],
    "struct": {"a":[2.5],"k":1},
    "map": {"m":1},
    "huge": 170141183460469231731687303715884105727,
    "dec": 1.25,
    "day": "2026-01-02",
    "ts": "2026-01-02T00:00:00.5Z",
    "naive": "2026-01-02T00:00:00",
    "nothing": null,
    "yes": true,
    "html": "<&>"
  }
]
`
	if b.String() != want {
		t.Errorf("json:\n%s\nwant:\n%s", b.String(), want)
	}
	var parsed []map[string]any
	if err := json.Unmarshal(b.Bytes(), &parsed); err != nil {
		t.Fatalf("not JSON: %v", err)
	}

	b.Reset()
	if err := res.Write(&b, "csv"); err != nil {
		t.Fatal(err)
	}
	wantCSV := "zeta,alpha,nan,inf,list,struct,map,huge,dec,day,ts,naive,nothing,yes,html\n" +
		`b,1,NaN,-Inf,"[""x"",""y""]","{""a"":[2.5],""k"":1}","{""m"":1}",170141183460469231731687303715884105727,1.25,2026-01-02,2026-01-02T00:00:00.5Z,2026-01-02T00:00:00,,true,<&>` + "\n"
	if b.String() != wantCSV {
		t.Errorf("csv:\n%s\nwant:\n%s", b.String(), wantCSV)
	}

	b.Reset()
	if err := res.Write(&b, "table"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"[x, y]", "{a: [2.5], k: 1}", "NaN", "-Inf", "2026-01-02  ", "NULL"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
}

// TestEveryShippedQueryPrintsInEveryFormat runs each shipped query over
// the sample and prints it in every format at a 120-column width.
func TestEveryShippedQueryPrintsInEveryFormat(t *testing.T) {
	db := open(t, survey(t, filepath.Join("..", "testdata", "sample")), "")
	qs, err := queries.List()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		res, err := db.Query(context.Background(), q.Name, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, format := range queries.Formats {
			var b bytes.Buffer
			if err := res.Print(&b, queries.Output{Format: format, Width: 120}); err != nil {
				t.Errorf("%s as %s: %v", q.Name, format, err)
			}
			if format == "table" || format == "vertical" {
				lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
				for _, l := range lines[:len(lines)-1] {
					if len([]rune(l)) > 120 {
						t.Errorf("%s as %s: line of %d columns: %s", q.Name, format, len([]rune(l)), l)
					}
				}
			}
		}
	}
}
