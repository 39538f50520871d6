package queries_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pysurvey/pysurvey/queries"
)

// TestPatternsFileIsCheckedBeforeDuckDB opens real catalog files as
// --patterns: one saved by Excel as cp1252 is refused naming its lines
// (bound as a list, its bytes crashed DuckDB with SIGSEGV), one saved as
// CSV UTF-8 (BOM, CRLF, spaces) adds its rows (its cherrypy row replaces
// the shipped one of the same signal).
func TestPatternsFileIsCheckedBeforeDuckDB(t *testing.T) {
	out, _ := surveyTwice(t)
	ctx := context.Background()
	catalog := func(name string) string { return filepath.Join("testdata", "catalogs", name) }
	_, err := queries.Open(ctx, queries.Options{DataDir: out, PatternsFile: catalog("excel-cp1252.csv")})
	if !errors.Is(err, queries.ErrCatalog) || !strings.Contains(err.Error(), "excel-cp1252.csv: line 2: invalid pattern catalog: byte 0x96") ||
		!strings.Contains(err.Error(), "excel-cp1252.csv: line 3:") {
		t.Errorf("cp1252 catalog: %v", err)
	}
	if _, err := queries.Open(ctx, queries.Options{DataDir: out, PatternsFile: catalog("mistakes.csv")}); !errors.Is(err, queries.ErrCatalog) ||
		!strings.Contains(err.Error(), `line 2: invalid pattern catalog: unknown signal_kind "imprt_root"`) {
		t.Errorf("catalog with mistakes: %v", err)
	}
	db, err := queries.Open(ctx, queries.Options{DataDir: out, PatternsFile: catalog("excel-utf8-bom-crlf.csv")})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got := scalar(t, db, "SELECT string_agg(pattern || ':' || signal_value || ':' || description, '|' ORDER BY pattern) FROM patterns WHERE category = 'framework' AND pattern IN ('bottle', 'cherrypy') OR pattern = 'pony' AND signal_kind = 'dependency'", nil)
	if got != `"bottle:bottle:Bottle micro framework|cherrypy:cherrypy:CherryPy, the old one|pony:pony:"` {
		t.Errorf("rows of the Excel catalog: %s", got)
	}
}
