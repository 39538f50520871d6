package report

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// assets are the page's template, style sheet and script, inlined into
// every report.
//
//go:embed assets/report.html.tmpl assets/report.css assets/report.js
var assets embed.FS

// page is what the template executes on.
type page struct {
	R   *Report
	CSS template.CSS
	JS  template.JS
	CSP string
}

// funcs are the template's helpers.
var funcs = template.FuncMap{
	"count":   count,
	"bytes":   byteSize,
	"percent": percent,
	"stamp":   func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
	"join":    func(xs []string) string { return strings.Join(xs, ",") },
	"short": func(commit string) string {
		if len(commit) > 12 {
			return commit[:12]
		}
		return commit
	},
	"kinds":      func() []string { return Kinds },
	"fieldLabel": fieldLabel,
	"add":        func(a, b float64) float64 { return a + b },
	"sub":        func(a, b float64) float64 { return a - b },
	"last": func(ps []SeriesPoint) *SeriesPoint {
		if len(ps) == 0 {
			return nil
		}
		return &ps[len(ps)-1]
	},
	"architectures": func(rows []RepoRow) []string {
		return distinct(rows, func(r RepoRow) []string { return []string{r.Architecture} })
	},
	"frameworks": func(rows []RepoRow) []string {
		return distinct(rows, func(r RepoRow) []string { return r.Frameworks })
	},
}

// WriteHTML writes the report as one HTML file that needs nothing else:
// style sheet and script inline, charts as inline SVG and HTML, system
// fonts. Its Content-Security-Policy forbids every request (only its own
// script, by hash, runs), so nothing in the data could make the page load
// anything. Text from the data is escaped by html/template, and control
// characters were escaped when it was read.
func (r *Report) WriteHTML(w io.Writer) error {
	p, err := loadPage()
	if err != nil {
		return err
	}
	return p.tmpl.Execute(w, page{R: r, CSS: p.css, JS: p.js, CSP: p.csp})
}

// parsedPage is the template with the assets it inlines.
type parsedPage struct {
	tmpl *template.Template
	css  template.CSS
	js   template.JS
	csp  string
}

// loadPage parses the embedded assets once.
var loadPage = sync.OnceValues(func() (*parsedPage, error) {
	tmpl, err := template.New("report.html.tmpl").Funcs(funcs).ParseFS(assets, "assets/report.html.tmpl")
	if err != nil {
		return nil, err
	}
	css, err := assets.ReadFile("assets/report.css")
	if err != nil {
		return nil, err
	}
	js, err := assets.ReadFile("assets/report.js")
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(js)
	csp := "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-" +
		base64.StdEncoding.EncodeToString(sum[:]) + "'; base-uri 'none'; form-action 'none'"
	return &parsedPage{tmpl: tmpl, css: template.CSS(css), js: template.JS(js), csp: csp}, nil
})

// count prints a number with thousands separators.
func count(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}

// byteSize prints a size in bytes with a binary unit.
func byteSize(n int64) string {
	units := []string{"bytes", "KiB", "MiB", "GiB", "TiB"}
	f := float64(n)
	u := 0
	for f >= 1024 && u < len(units)-1 {
		f /= 1024
		u++
	}
	if u == 0 {
		return fmt.Sprintf("%d bytes", n)
	}
	return fmt.Sprintf("%.1f %s", f, units[u])
}

// fieldLabel names a Change field for reading.
func fieldLabel(f string) string {
	switch f {
	case "status":
		return "status"
	case "primary_framework":
		return "primary framework"
	case "package_managers":
		return "package managers"
	}
	if c, ok := strings.CutPrefix(f, "patterns."); ok {
		return "patterns: " + strings.ReplaceAll(c, "_", " ")
	}
	return strings.ReplaceAll(f, "_", " ")
}

// distinct returns the sorted distinct values of rows.
func distinct(rows []RepoRow, values func(RepoRow) []string) []string {
	var out []string
	for _, r := range rows {
		for _, v := range values(r) {
			if v != "" && !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	slices.Sort(out)
	return out
}
