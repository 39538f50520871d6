package report_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pysurvey/pysurvey/queries"
	"github.com/pysurvey/pysurvey/queries/report"
)

var update = flag.Bool("update", false, "rewrite testdata/sample-report.txt from the current report")

// build makes the report of the latest run of out and returns its HTML.
func build(t *testing.T, out string) (*report.Report, []byte) {
	t.Helper()
	r, err := report.Build(context.Background(), report.Options{DataDir: out, ToolVersion: "test",
		Now: func() time.Time { return day.Add(24 * time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	return r, b.Bytes()
}

// TestSampleReport surveys the bundled sample, reads the numbers back
// from the report's HTML, compares them with the shipped queries and
// with testdata/sample-report.txt (checked by hand; -update rewrites it).
func TestSampleReport(t *testing.T) {
	s := newRepoSet(t)
	var names []string
	for name, tree := range dirTrees(t, filepath.Join("..", "..", "testdata", "sample")) {
		s.create(name, tree)
		names = append(names, name)
	}
	s.survey(day, names...)
	_, page := build(t, s.out)
	p := readNumbers(t, bytes.NewReader(page))
	checkAgainstQueries(t, p, s.out)

	golden := filepath.Join("testdata", "sample-report.txt")
	if *update {
		if err := os.WriteFile(golden, []byte(p.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test ./queries/report -run TestSampleReport -update writes it)", err)
	}
	if got := p.String(); got != string(want) {
		t.Errorf("report numbers differ from %s (-update rewrites it):\n%s", golden, lineDiff(string(want), got))
	}
}

// checkAgainstQueries compares the numbers of the page with the answers
// of the shipped queries over the same data.
func checkAgainstQueries(t *testing.T, p *pageNumbers, out string) {
	t.Helper()
	ctx := context.Background()
	db, err := queries.Open(ctx, queries.Options{DataDir: out})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	answer := func(name string) *queries.Result {
		t.Helper()
		res, err := db.Query(ctx, name, nil)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	col := func(res *queries.Result, name string) int {
		for i, c := range res.Columns {
			if c == name {
				return i
			}
		}
		t.Fatalf("no column %s in %v", name, res.Columns)
		return -1
	}
	shares := map[string]string{"chart-frameworks": "framework", "chart-package-managers": "manager", "chart-architectures": "architecture",
		"chart-orm": "pattern", "chart-api": "pattern", "chart-di": "pattern", "chart-task-queue": "pattern", "chart-event-driven": "pattern"}
	for id, label := range shares {
		q := p.queries[id]
		if q == "" {
			t.Errorf("no chart %s on the page", id)
			continue
		}
		res := answer(q)
		var want []string
		for _, row := range res.Rows {
			want = append(want, fmt.Sprintf("%s %d %v", row[col(res, label)], row[col(res, "repos")], row[col(res, "share")]))
		}
		var got []string
		for _, b := range p.bars[id] {
			got = append(got, fmt.Sprintf("%s %d %v", queries.Printable(b.label), b.repos, b.share))
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s differs from query %s:\n got %q\nwant %q", id, q, got, want)
		}
	}

	// The run: its row in runs.
	run := answer("repos_overview")
	ok, failed := 0, 0
	for _, row := range run.Rows {
		if row[col(run, "status")] == "ok" {
			ok++
		} else {
			failed++
		}
	}
	if p.stats["repos_ok"] != fmt.Sprint(ok) || p.stats["repos_failed"] != fmt.Sprint(failed) {
		t.Errorf("run figures %q/%q, repos_overview has %d ok and %d failed", p.stats["repos_ok"], p.stats["repos_failed"], ok, failed)
	}
	if len(p.failed) != failed {
		t.Errorf("%d failed repositories listed, want %d", len(p.failed), failed)
	}

	// Async adoption: the summary, and the distribution of async_adoption.
	sum := answer("async_adoption_summary")
	withAsync := sum.Rows[0][col(sum, "repos_with_async")].(int64)
	if !strings.HasPrefix(p.stats["repos_with_async"], fmt.Sprintf("%d of %d", withAsync, sum.Rows[0][col(sum, "repos")])) {
		t.Errorf("repos with async %q, summary %v", p.stats["repos_with_async"], sum.Rows[0])
	}
	if got, want := p.stats["median_async_share"], pct(sum.Rows[0][col(sum, "median_async_share")].(float64)); got != want {
		t.Errorf("median async share %q, want %q", got, want)
	}
	per := answer("async_adoption")
	bands := []float64{0, 0.10, 0.25, 0.50, 0.75, 1}
	counts := make([]int64, len(bands))
	for _, row := range per.Rows {
		s := row[col(per, "async_share")].(float64)
		for i, upTo := range bands {
			if s <= upTo {
				counts[i]++
				break
			}
		}
	}
	dist := p.bars["chart-async-distribution"]
	if len(dist) != len(bands) {
		t.Fatalf("async distribution has %d bands", len(dist))
	}
	var inBands int64
	for i, b := range dist {
		inBands += b.repos
		if b.repos != counts[i] {
			t.Errorf("async band %s: %d repositories, async_adoption has %d", b.label, b.repos, counts[i])
		}
	}
	if inBands != int64(len(per.Rows)) || inBands != withAsync+dist[0].repos {
		t.Errorf("async bands hold %d repositories; async_adoption has %d", inBands, len(per.Rows))
	}

	// Module boundaries: the markers counted from module_boundaries.
	mb := answer("module_boundaries")
	var typed, stubs int64
	for _, row := range mb.Rows {
		if row[col(mb, "has_py_typed")] == true {
			typed++
		}
		if row[col(mb, "stub_files")].(int64) > 0 {
			stubs++
		}
	}
	for _, b := range p.bars["chart-boundaries"] {
		switch {
		case strings.HasPrefix(b.label, "py.typed") && b.repos != typed, strings.HasPrefix(b.label, ".pyi") && b.repos != stubs:
			t.Errorf("boundary marker %s: %d repositories, module_boundaries has %d typed and %d with stubs", b.label, b.repos, typed, stubs)
		}
	}

	// The repositories table: one row per repo_summary row, with its values.
	rs := answer("repo_summary")
	if len(p.repos) != len(rs.Rows) {
		t.Errorf("%d repositories in the table, repo_summary has %d", len(p.repos), len(rs.Rows))
	}
	for _, row := range rs.Rows {
		repo := queries.Printable(row[col(rs, "repo")].(string))
		cells, ok := p.repos[repo]
		if !ok {
			t.Errorf("repository %q is not in the table", repo)
			continue
		}
		framework, arch := cells[1], cells[2]
		if !strings.HasPrefix(cells[0], repo+" "+row[col(rs, "commit")].(string)[:12]) ||
			framework != strings.TrimSpace(row[col(rs, "primary_framework")].(string)+" "+row[col(rs, "frameworks")].(string)) ||
			arch != strings.TrimSpace(row[col(rs, "architecture")].(string)+" "+queries.Printable(row[col(rs, "architecture_evidence")].(string))) ||
			cells[3] != strings.ReplaceAll(cmpOr(row[col(rs, "package_managers")].(string), "–"), ",", " ") ||
			cells[5] != pct(row[col(rs, "async_share")].(float64)) || strings.ReplaceAll(cells[6], ",", "") != fmt.Sprint(row[col(rs, "python_files")]) {
			t.Errorf("%s: table row %q differs from repo_summary %v", repo, cells, row)
		}
		for _, family := range []string{"orms", "api_styles", "di", "task_queues"} {
			for _, name := range strings.FieldsFunc(row[col(rs, family)].(string), func(r rune) bool { return r == ',' }) {
				if !strings.Contains(" "+cells[4]+" ", " "+name+" ") {
					t.Errorf("%s: patterns %q lack %s %q", repo, cells[4], family, name)
				}
			}
		}
		if typed := row[col(rs, "has_py_typed")] == true; typed != strings.Contains(cells[7], "py.typed") {
			t.Errorf("%s: boundaries %q, has_py_typed %v", repo, cells[7], typed)
		}
	}

	// Trends: every row of the shipped trends query (one run per date) is
	// a point of the framework lines, or, for a name beyond the lines the
	// chart draws, a cell of its numbers table; every point above 0 is a row.
	tr := answer("trends")
	dates := map[string]string{} // run id → date
	all, err := report.Runs(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range all {
		dates[r.ID] = r.Date()
	}
	if len(p.runs) != len(all) {
		t.Errorf("%d runs in the runs table, %d complete runs", len(p.runs), len(all))
	}
	points := map[string]bar{}
	for name, series := range p.trends["chart-trend_frameworks"] {
		for _, pt := range series {
			if pt.repos > 0 {
				points[dates[pt.run]+" "+name] = pt
			}
		}
	}
	drawn, table := p.trends["chart-trend_frameworks"], p.trendTables["chart-trend_frameworks"]
	if len(drawn) > 8 {
		t.Errorf("%d framework lines drawn, at most 8", len(drawn))
	}
	for _, row := range tr.Rows {
		date, name := fmt.Sprint(row[col(tr, "run_date")]), row[col(tr, "framework")].(string)
		key := date + " " + name
		if _, ok := drawn[name]; !ok && table != nil {
			want := fmt.Sprintf("%d (%s)", row[col(tr, "repos")].(int64), pct(row[col(tr, "share")].(float64)))
			if i := slices.Index(table.dates, date); i < 0 || i >= len(table.cells[name]) || table.cells[name][i] != want {
				t.Errorf("trends %s: %v, not drawn, and the numbers table has %v under %v", key, row, table.cells[name], table.dates)
			}
			continue
		}
		pt, ok := points[key]
		if !ok || pt.repos != row[col(tr, "repos")].(int64) || pt.share != row[col(tr, "share")].(float64) {
			t.Errorf("trends %s: %v, the page's point %+v", key, row, pt)
		}
		delete(points, key)
	}
	if len(points) > 0 {
		t.Errorf("points not in the trends query: %v", points)
	}
}

func cmpOr(s, empty string) string {
	if s == "" {
		return empty
	}
	return s
}

// pct formats a share as the page does.
func pct(share float64) string {
	p := share * 100
	switch {
	case p == 0:
		return "0%"
	case p < 0.1:
		return "<0.1%"
	case p < 10 && math.Round(p) != p:
		return fmt.Sprintf("%.1f%%", p)
	}
	return fmt.Sprintf("%.0f%%", math.Round(p))
}

// lineDiff shows the lines of want and got that differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d\n  want: %s\n  got:  %s\n", i+1, wl, gl)
		}
	}
	return b.String()
}
