package queries_test

import (
	"encoding/csv"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/pysurvey/pysurvey/queries"
)

// signalKinds are the signal kinds views/20_pattern_hits.sql matches.
var signalKinds = map[string]bool{
	"import_root": true, "import_module": true, "base": true, "decorator": true, "call": true,
	"export": true, "init_param": true, "init_param_type": true, "init_param_path": true, "path": true,
	"dependency": true, "manager": true,
}

// TestCatalog checks queries/patterns.csv: known signal kinds, no
// duplicate keys, names that are identifiers, a description on every row.
func TestCatalog(t *testing.T) {
	f, err := os.Open("patterns.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != "category,pattern,signal_kind,signal_value,description" {
		t.Fatalf("header %q", got)
	}
	ident := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	seen := map[string]bool{}
	categories := map[string]bool{}
	for i, r := range recs[1:] {
		line := i + 2
		if !ident.MatchString(r[0]) || !ident.MatchString(r[1]) {
			t.Errorf("line %d: category %q and pattern %q must be lowercase identifiers", line, r[0], r[1])
		}
		if !signalKinds[r[2]] {
			t.Errorf("line %d: unknown signal kind %q", line, r[2])
		}
		if r[3] == "" || r[4] == "" {
			t.Errorf("line %d: empty signal value or description", line)
		}
		key := strings.Join(r[:4], "\x00")
		if seen[key] {
			t.Errorf("line %d: duplicate row %v", line, r[:4])
		}
		seen[key] = true
		categories[r[0]] = true
	}
	for _, c := range []string{"framework", "app_entry", "package_manager", "key_file", "layout", "di", "orm",
		"orm_feature", "api", "api_feature", "task_queue", "event_driven", "module_boundary"} {
		if !categories[c] {
			t.Errorf("no rows of category %s", c)
		}
	}
}

// TestStdlib checks that stdlib.txt lists the standard library and no
// third-party distribution.
func TestStdlib(t *testing.T) {
	b, err := os.ReadFile("stdlib.txt")
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, m := range strings.Fields(string(b)) {
		have[m] = true
	}
	for _, m := range []string{"os", "asyncio", "typing", "__future__", "dataclasses", "urllib2", "ConfigParser", "annotationlib", "compression"} {
		if !have[m] {
			t.Errorf("stdlib.txt lacks %s", m)
		}
	}
	for _, m := range []string{"requests", "django", "typing_extensions", "six", "setuptools", "pkg_resources"} {
		if have[m] {
			t.Errorf("stdlib.txt lists third-party %s", m)
		}
	}
}

// TestQueryHeaders checks that every shipped query starts with a one-line
// description comment.
func TestQueryHeaders(t *testing.T) {
	qs, err := queries.List()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		if q.Description == "" {
			t.Errorf("%s: no description comment on its first line", q.Name)
		}
	}
}
