package queries

import (
	"strings"
	"testing"
	"time"
)

func TestResultFormats(t *testing.T) {
	r := &Result{Columns: []string{"n", "name", "share", "when", "note"}, Rows: [][]any{
		{int64(5), "a|b", 1.0 / 3, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), nil},
		{int64(12), "ü", 0.5, time.Date(2026, 11, 23, 1, 2, 3, 0, time.UTC), "x"},
	}}
	want := map[string]string{
		"table": "n    name  share   when                  note\n" +
			"---  ----  ------  --------------------  ----\n" +
			"5    a|b   0.3333  2026-11-23            NULL\n" +
			"12   ü     0.5     2026-11-23T01:02:03Z  x\n" +
			"(2 rows)\n",
		"markdown": "| n   | name | share  | when                 | note |\n" +
			"| --- | ---- | ------ | -------------------- | ---- |\n" +
			"| 5   | a\\|b | 0.3333 | 2026-11-23           | NULL |\n" +
			"| 12  | ü    | 0.5    | 2026-11-23T01:02:03Z | x    |\n",
		"csv": "n,name,share,when,note\n5,a|b,0.3333333333333333,2026-11-23,\n12,ü,0.5,2026-11-23T01:02:03Z,x\n",
		"json": `[
  {
    "n": 5,
    "name": "a|b",
    "note": null,
    "share": 0.3333333333333333,
    "when": "2026-11-23T00:00:00Z"
  },
  {
    "n": 12,
    "name": "ü",
    "note": "x",
    "share": 0.5,
    "when": "2026-11-23T01:02:03Z"
  }
]
`,
	}
	for format, w := range want {
		var b strings.Builder
		if err := r.Write(&b, format); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if b.String() != w {
			t.Errorf("%s:\n got %q\nwant %q", format, b.String(), w)
		}
	}
	if err := r.Write(&strings.Builder{}, "xml"); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestReferencesMatchWholeWords(t *testing.T) {
	for _, tt := range []struct {
		text, name string
		want       bool
	}{
		{"SELECT * FROM pattern_hits h", "pattern_hits", true},
		{"FROM repo_patterns", "pattern_hits", false},
		{"FROM pattern_hits__cached", "pattern_hits", false},
		{"x.pattern_hits)", "pattern_hits", true},
		{"category_share('orm')", "category_share", true},
		{"my_category_share('orm')", "category_share", false},
		{"SELECT * FROM Repo_Architecture", "repo_architecture", true},
	} {
		if got := references(tt.text, tt.name); got != tt.want {
			t.Errorf("references(%q, %q) = %v", tt.text, tt.name, got)
		}
	}
}

func TestEveryHelperViewIsNamedAndMaterializeIsRead(t *testing.T) {
	views, err := helperViews()
	if err != nil {
		t.Fatal(err)
	}
	marked := map[string]bool{}
	for _, v := range views {
		if v.name == "" || v.stmt == "" {
			t.Errorf("helper view without name or statement: %+v", v)
		}
		if v.query != "" && !strings.HasPrefix(strings.ToUpper(v.query), "SELECT") && !strings.HasPrefix(strings.ToUpper(v.query), "WITH") {
			t.Errorf("%s: query of the view starts %.30q", v.name, v.query)
		}
		marked[v.name] = v.materialize
	}
	if !marked["pattern_hits"] || marked["repo_patterns"] {
		t.Errorf("materialize marks: %v", marked)
	}
}
