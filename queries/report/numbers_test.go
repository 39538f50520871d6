package report_test

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// pageNumbers is what a reader of the report sees, read back from its
// HTML: the run's figures, every bar of every share chart, the points of
// the trend lines, the runs and the repositories tables.
type pageNumbers struct {
	// stats: data-stat → the text shown.
	stats map[string]string
	// bars: chart id → its bars in order.
	bars map[string][]bar
	// queries: chart id → the shipped query named by data-query.
	queries map[string]string
	// trends: chart id → series name → the points in run order (the
	// lines drawn); trendTables: chart id → the numbers table, its
	// column dates and, by name, its cells (every name, drawn or not).
	trends      map[string]map[string][]bar
	trendTables map[string]*trendTable
	// runs: the runs table, oldest first.
	runs []runRow
	// repos: the repositories table, data-repo → cell texts.
	repos map[string][]string
	// changes: the what-changed table, "repo change field".
	changes []string
	// failed: the failed repositories.
	failed []string
}

// trendTable is the numbers table under a line chart.
type trendTable struct {
	dates []string
	cells map[string][]string
}

type bar struct {
	label string
	run   string
	repos int64
	share float64
}

type runRow struct {
	id         string
	ok, failed int64
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// ancestor returns the nearest ancestor with the attribute.
func ancestor(n *html.Node, key string) (*html.Node, string) {
	for p := n.Parent; p != nil; p = p.Parent {
		if v, ok := attr(p, key); ok {
			return p, v
		}
	}
	return nil, ""
}

// isTrendChart reports whether a figure is one of the trend line charts.
func isTrendChart(fig *html.Node) bool {
	id, _ := attr(fig, "id")
	return strings.HasPrefix(id, "chart-trend_")
}

func ancestorID(n *html.Node) string {
	for p := n.Parent; p != nil; p = p.Parent {
		if v, ok := attr(p, "id"); ok && (p.Data == "table" || p.Data == "figure" || p.Data == "section") {
			return v
		}
	}
	return ""
}

func readNumbers(t *testing.T, r io.Reader) *pageNumbers {
	t.Helper()
	doc, err := html.Parse(r)
	if err != nil {
		t.Fatal(err)
	}
	p := &pageNumbers{stats: map[string]string{}, bars: map[string][]bar{}, queries: map[string]string{},
		trends: map[string]map[string][]bar{}, trendTables: map[string]*trendTable{}, repos: map[string][]string{}}
	table := func(fig *html.Node) *trendTable {
		id, _ := attr(fig, "id")
		if p.trendTables[id] == nil {
			p.trendTables[id] = &trendTable{cells: map[string][]string{}}
		}
		return p.trendTables[id]
	}
	num := func(n *html.Node, key string) (int64, float64) {
		v, _ := attr(n, key)
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatalf("%s=%q: %v", key, v, err)
		}
		return int64(f), f
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if v, ok := attr(n, "data-stat"); ok {
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if c.Data == "dd" {
						p.stats[v] = text(c)
					}
				}
			}
			if q, ok := attr(n, "data-query"); ok && n.Data == "figure" {
				id, _ := attr(n, "id")
				p.queries[id] = q
			}
			if label, ok := attr(n, "data-label"); ok && n.Data == "tr" {
				fig, _ := ancestor(n, "data-query")
				id, _ := attr(fig, "id")
				repos, _ := num(n, "data-repos")
				_, share := num(n, "data-share")
				p.bars[id] = append(p.bars[id], bar{label: label, repos: repos, share: share})
			}
			if run, ok := attr(n, "data-run"); ok && n.Data == "path" {
				g, name := ancestor(n, "data-name")
				fig, _ := ancestor(g, "data-query")
				id, _ := attr(fig, "id")
				if p.trends[id] == nil {
					p.trends[id] = map[string][]bar{}
				}
				repos, _ := num(n, "data-repos")
				_, share := num(n, "data-share")
				p.trends[id][name] = append(p.trends[id][name], bar{label: name, run: run, repos: repos, share: share})
			}
			if name, ok := attr(n, "data-name"); ok && n.Data == "tr" {
				if fig, _ := ancestor(n, "data-query"); fig != nil && isTrendChart(fig) {
					var cells []string
					for c := n.FirstChild; c != nil; c = c.NextSibling {
						if c.Type == html.ElementNode && c.Data == "td" {
							cells = append(cells, text(c))
						}
					}
					table(fig).cells[name] = cells
				}
			}
			if scope, _ := attr(n, "scope"); scope == "col" && n.Data == "th" {
				if fig, _ := ancestor(n, "data-query"); fig != nil && isTrendChart(fig) && text(n) != "Name" {
					tt := table(fig)
					tt.dates = append(tt.dates, text(n))
				}
			}
			if run, ok := attr(n, "data-run"); ok && n.Data == "tr" {
				ok, _ := num(n, "data-ok")
				failed, _ := num(n, "data-failed")
				p.runs = append(p.runs, runRow{id: run, ok: ok, failed: failed})
			}
			if repo, ok := attr(n, "data-repo"); ok && n.Data == "tr" {
				switch ancestorID(n) {
				case "repo-table":
					var cells []string
					for c := n.FirstChild; c != nil; c = c.NextSibling {
						if c.Type == html.ElementNode {
							cells = append(cells, text(c))
						}
					}
					p.repos[repo] = cells
				case "changes-table":
					kind, _ := attr(n, "data-change")
					field, _ := attr(n, "data-field")
					p.changes = append(p.changes, repo+" "+kind+" "+field)
				case "failed-table":
					p.failed = append(p.failed, repo)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return p
}

// String lists the numbers, one a line, for a golden file; run ids are
// replaced by their position.
func (p *pageNumbers) String() string {
	var b strings.Builder
	runIndex := map[string]string{}
	for i, r := range p.runs {
		runIndex[r.id] = "run" + strconv.Itoa(i+1)
		fmt.Fprintf(&b, "runs %s ok=%d failed=%d\n", runIndex[r.id], r.ok, r.failed)
	}
	for _, k := range sortedKeys(p.stats) {
		fmt.Fprintf(&b, "stat %s %s\n", k, p.stats[k])
	}
	for _, id := range sortedKeys(p.bars) {
		for _, br := range p.bars[id] {
			fmt.Fprintf(&b, "%s (%s) %s repos=%d share=%v\n", id, p.queries[id], br.label, br.repos, br.share)
		}
	}
	for _, id := range sortedKeys(p.trends) {
		for _, name := range sortedKeys(p.trends[id]) {
			for _, pt := range p.trends[id][name] {
				fmt.Fprintf(&b, "%s %s %s repos=%d share=%v\n", id, name, runIndex[pt.run], pt.repos, pt.share)
			}
		}
	}
	for _, repo := range sortedKeys(p.repos) {
		fmt.Fprintf(&b, "repo %s\n", strings.Join(p.repos[repo], " | "))
	}
	for _, c := range p.changes {
		fmt.Fprintf(&b, "change %s\n", c)
	}
	for _, f := range p.failed {
		fmt.Fprintf(&b, "failed %s\n", f)
	}
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
