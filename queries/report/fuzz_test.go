package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// hostileReport puts untrusted text in every place of a report that
// shows data.
func hostileReport(name, evidence string) *Report {
	run := Run{ID: name, StartedAt: time.Unix(0, 0)}
	bar := Bar{Label: name, Repos: 1, Share: 0.5}
	chart := Chart{ID: "x", Title: evidence, Query: name, Note: evidence, Bars: []Bar{bar}}
	r := &Report{
		ToolVersion: name,
		Run:         RunSummary{Run: run, ToolVersion: evidence, OK: 1},
		Failed:      []FailedRepo{{Repo: name, Source: evidence, Error: evidence}},
		Changes: &Changes{From: run, To: run, Items: []Change{
			{Repo: name, Kind: "changed", Field: "patterns." + name, From: evidence, To: name}}},
		Frameworks: chart, Managers: chart, Architectures: chart, Families: []Chart{chart},
		Async:      AsyncSection{Distribution: chart, Top: []AsyncRepo{{Repo: name, AsyncShare: 1}}},
		Boundaries: BoundarySection{Markers: chart},
		Repos: []RepoRow{{Repo: name, Commit: evidence, PrimaryFramework: name, Frameworks: []string{name, evidence},
			PackageManagers: []string{evidence}, Architecture: name, Evidence: evidence, ORMs: []string{name},
			APIStyles: []string{evidence}, DI: []string{name}, TaskQueues: []string{evidence}, HasPyTyped: true, Packages: 1}},
	}
	r.Trends = TrendSection{Runs: []HistoryRun{{Run: run, OK: 1}}}
	r.Trends.Frameworks = lineChart(name, evidence, r.Trends.Runs, []trendPoint{{run: name, name: evidence, repos: 1, share: 0.5}})
	r.Trends.Architectures = r.Trends.Frameworks
	return r
}

// FuzzReportEscapesData renders a report whose every text is untrusted:
// the page keeps exactly its own elements (one script, one style sheet,
// the icon link, the two trend charts), no data text becomes an element,
// an attribute or an event handler, and the text reads back as given.
func FuzzReportEscapesData(f *testing.F) {
	for _, seed := range [][2]string{
		{"<script>alert(1)</script>", `"><img src=x onerror=alert(2)>`},
		{"</textarea></title></style><svg onload=alert(3)>", "javascript:alert(4)"},
		{"a' onmouseover='alert(5)", "]]><!--"},
		{"{{.R}}", "\x00\x1b[31m\u202e"},
		{"plain", "src/app: main.py + api/"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, name, evidence string) {
		var b bytes.Buffer
		if err := hostileReport(name, evidence).WriteHTML(&b); err != nil {
			t.Fatal(err)
		}
		// A tokenizer, as a browser's, over the page: every start tag and
		// its attributes (a tree is not needed, and costs more).
		elements := map[string]int{}
		z := html.NewTokenizer(bytes.NewReader(b.Bytes()))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				break
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tag := z.Token()
			elements[tag.Data]++
			for _, a := range tag.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") {
					t.Fatalf("event handler %s=%q on <%s>", a.Key, a.Val, tag.Data)
				}
				if (a.Key == "href" || a.Key == "src" || a.Key == "action") && a.Val != "data:," && !strings.HasPrefix(a.Val, "#") {
					t.Fatalf("<%s %s=%q>", tag.Data, a.Key, a.Val)
				}
			}
		}
		for el, want := range map[string]int{"script": 1, "style": 1, "link": 1, "svg": 2, "img": 0, "iframe": 0, "object": 0, "embed": 0, "base": 0, "form": 0, "meta": 4} {
			if elements[el] != want {
				t.Fatalf("%d <%s> elements, want %d", elements[el], el, want)
			}
		}
	})
}
