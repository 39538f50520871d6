package queries

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestResultFormats(t *testing.T) {
	r := &Result{Columns: []string{"n", "name", "share", "when", "note"}, Rows: [][]any{
		{int64(5), "a|b", 1.0 / 3, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), nil},
		{int64(12), "ü", 0.5, time.Date(2026, 11, 23, 1, 2, 3, 0, time.UTC), "x"},
	}}
	want := map[string]string{
		"table": "  n  name   share  when                  note\n" +
			"---  ----  ------  --------------------  ----\n" +
			"  5  a|b   0.3333  2026-11-23            NULL\n" +
			" 12  ü        0.5  2026-11-23T01:02:03Z  x\n" +
			"(2 rows)\n",
		"markdown": "|   n | name |  share | when                 | note |\n" +
			"| --: | ---- | -----: | -------------------- | ---- |\n" +
			"|   5 | a\\|b | 0.3333 | 2026-11-23           | NULL |\n" +
			"|  12 | ü    |    0.5 | 2026-11-23T01:02:03Z | x    |\n",
		"vertical": "-[ 1 ]------------\n" +
			"n     | 5\n" +
			"name  | a|b\n" +
			"share | 0.3333\n" +
			"when  | 2026-11-23\n" +
			"note  | NULL\n" +
			"-[ 2 ]------------\n" +
			"n     | 12\n" +
			"name  | ü\n" +
			"share | 0.5\n" +
			"when  | 2026-11-23T01:02:03Z\n" +
			"note  | x\n" +
			"(2 rows)\n",
		"csv": "n,name,share,when,note\n5,a|b,0.3333333333333333,2026-11-23,\n12,ü,0.5,2026-11-23T01:02:03Z,x\n",
		"json": `[
  {
    "n": 5,
    "name": "a|b",
    "share": 0.3333333333333333,
    "when": "2026-11-23",
    "note": null
  },
  {
    "n": 12,
    "name": "ü",
    "share": 0.5,
    "when": "2026-11-23T01:02:03Z",
    "note": "x"
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
		{"main.pattern_hits)", "pattern_hits", true},
		{`"temp".pattern_hits)`, "pattern_hits", true},
		{"SELECT s.code_files AS python_files FROM repo_summary s", "code_files", false},
		{"SELECT s.code_files FROM code_files s", "code_files", true},
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

func TestTableFitsTheWidth(t *testing.T) {
	long := strings.Repeat("evidence ", 30)
	r := &Result{
		Columns: []string{"repo", "files", "architecture_evidence", "package_managers"},
		Types:   []string{"VARCHAR", "BIGINT", "VARCHAR", "VARCHAR"},
		Rows: [][]any{
			{"github.com/acme/payments-service", int64(1234567), long, "pip,poetry,setuptools,uv"},
			{"x", int64(3), "short", ""},
		},
	}
	var b strings.Builder
	if err := r.Print(&b, Output{Format: "table", Width: 120}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("want header, rule, 2 rows and the footer:\n%s", b.String())
	}
	for _, l := range lines[:4] {
		if width(l) > 120 {
			t.Errorf("line of %d columns: %q", width(l), l)
		}
	}
	if !strings.Contains(lines[2], "1234567") || !strings.Contains(lines[2], "github.com/acme/payments-service") {
		t.Errorf("numbers and short columns must stay whole: %q", lines[2])
	}
	if !strings.Contains(lines[2], "…") || !strings.Contains(lines[4], "1 value cut to fit 120 columns") || !strings.Contains(lines[4], "--width 0") {
		t.Errorf("a cut value is marked and the footer says how to see it:\n%s", b.String())
	}
	// Numbers are right-aligned under their header.
	if i := strings.Index(lines[0], "files"); lines[3][i+len("files")-1] != '3' {
		t.Errorf("number not right-aligned:\n%s\n%s", lines[0], lines[3])
	}

	// A column wide for one long value is cut before columns whose every value is long.
	outlier := &Result{Columns: []string{"repo", "status", "error"}}
	for i := range 10 {
		outlier.Rows = append(outlier.Rows, []any{fmt.Sprintf("github.com/acme/service-number-%02d", i), "ok", ""})
	}
	outlier.Rows[3][1], outlier.Rows[3][2] = "failed", "cloning: "+strings.Repeat("the remote hung up unexpectedly ", 4)
	b.Reset()
	if err := outlier.Print(&b, Output{Width: 60}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "github.com/acme/service-number-03  failed  cloning: the rem…\n") {
		t.Errorf("the names were cut for one long error:\n%s", b.String())
	}

	// Too many columns to cut: one column a line.
	wide := &Result{}
	row := []any{}
	for i := range 30 {
		wide.Columns = append(wide.Columns, fmt.Sprintf("column_%02d", i))
		row = append(row, strings.Repeat("v", 40))
	}
	wide.Rows = [][]any{row}
	b.Reset()
	if err := wide.Print(&b, Output{Format: "table", Width: 120}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "-[ 1 ]") || strings.Count(b.String(), "\n") != 32 {
		t.Errorf("want the vertical layout:\n%s", b.String())
	}
	for _, l := range strings.Split(b.String(), "\n") {
		if width(l) > 120 {
			t.Errorf("line of %d columns: %q", width(l), l)
		}
	}

	// Without a width nothing is cut.
	b.Reset()
	r.Print(&b, Output{Format: "table"})
	if !strings.Contains(b.String(), long) {
		t.Errorf("cut without a width:\n%s", b.String())
	}
}

func TestControlCharactersAreEscaped(t *testing.T) {
	hostile := []string{
		"evil\nrepo  ok  forged-row",
		"\x1b[2J\x1b[31mred\x1b[0m",
		"back\rspace\tand\x00nul\x7f",
		"rtl\u202eoverride\u200b",
		"latin1-caf\xe9.py",
		"__init__.py *bold* [link](x) <b>html</b> `code` a|b",
	}
	r := &Result{Columns: []string{"path\nname", "n"}}
	for i, h := range hostile {
		r.Rows = append(r.Rows, []any{h, int64(i)})
	}
	for _, format := range []string{"table", "vertical", "markdown"} {
		var b strings.Builder
		if err := r.Print(&b, Output{Format: format, Width: 120}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		wantLines := map[string]int{"table": 2 + len(hostile) + 1, "vertical": 3*len(hostile) + 1, "markdown": 2 + len(hostile)}[format]
		if got := strings.Count(out, "\n"); got != wantLines {
			t.Errorf("%s: %d lines, want %d (a value forged lines):\n%s", format, got, wantLines, out)
		}
		for _, c := range out {
			if c != '\n' && !printableRune(c) {
				t.Errorf("%s: raw %U in the output:\n%q", format, c, out)
			}
		}
		if !utf8.ValidString(out) {
			t.Errorf("%s: output is not UTF-8", format)
		}
		for _, want := range []string{`evil\nrepo`, `\x1b[2J`, `back\rspace\tand\x00nul\x7f`, `rtl\u202eoverride\u200b`, `caf\xe9.py`} {
			if format != "markdown" && !strings.Contains(out, want) {
				t.Errorf("%s: lacks %q:\n%s", format, want, out)
			}
		}
	}
	var b strings.Builder
	r.Print(&b, Output{Format: "markdown"})
	if !strings.Contains(b.String(), `\_\_init\_\_.py \*bold\* \[link\](x) \<b\>html\</b\> \`+"`"+`code\`+"`"+` a\|b`) {
		t.Errorf("markdown markup not escaped:\n%s", b.String())
	}
}

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"plain ü 漢字 ☃":   "plain ü 漢字 ☃",
		"a\nb":           `a\nb`,
		"\x1b]0;title\a": `\x1b]0;title\x07`,
		"\u0085\u2028":   `\u0085\u2028`,
		"bad\xff\xfe":    `bad\xff\xfe`,
		"":               "",
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSelect(t *testing.T) {
	r := &Result{Columns: []string{"a", "b", "c"}, Types: []string{"VARCHAR", "BIGINT", "DOUBLE"}, Rows: [][]any{{"x", int64(1), 0.5}}}
	s, err := r.Select([]string{"c", "a"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(s.Columns, ",") != "c,a" || s.Types[0] != "DOUBLE" || s.Rows[0][0] != 0.5 || s.Rows[0][1] != "x" {
		t.Errorf("select: %+v", s)
	}
	if _, err := r.Select([]string{"nope"}); err == nil || !strings.Contains(err.Error(), "columns: a, b, c") {
		t.Errorf("unknown column: %v", err)
	}
}

// FuzzPrintTable prints untrusted text in every human format: no value can
// add a line, leave a control character or exceed the width.
func FuzzPrintTable(f *testing.F) {
	for _, seed := range []string{"plain", "a\nb", "\x1b[31m", "caf\xe9", "漢字漢字漢字", "|_*`<", "\u202e\u200b", strings.Repeat("x", 300)} {
		f.Add(seed, seed, int64(len(seed)))
	}
	f.Fuzz(func(t *testing.T, name, evidence string, n int64) {
		r := &Result{Columns: []string{"repo", name, "n"}, Rows: [][]any{{name, evidence, n}, {evidence, name, nil}}}
		for _, format := range []string{"table", "vertical", "markdown"} {
			var b strings.Builder
			if err := r.Print(&b, Output{Format: format, Width: 60}); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			// A table too wide is printed vertically: 2 rows of 4 lines.
			got := strings.Count(out, "\n")
			if !(got == 9 && format != "markdown" || got == 5 && format == "table" || got == 4 && format == "markdown") {
				t.Fatalf("%s: %d lines:\n%s", format, got, out)
			}
			if !utf8.ValidString(out) {
				t.Fatalf("%s: not UTF-8: %q", format, out)
			}
			for i, l := range strings.Split(out, "\n") {
				for _, c := range l {
					if !printableRune(c) {
						t.Fatalf("%s: raw %U: %q", format, c, l)
					}
				}
				last := strings.Count(out, "\n") - 1
				if format != "markdown" && i < last && width(l) > 60 {
					t.Fatalf("%s: line of %d columns: %q", format, width(l), l)
				}
			}
		}
	})
}
