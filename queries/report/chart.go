package report

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// LineChart is shares over the complete runs, drawn as inline SVG: one
// line per name, told apart by colour (Okabe–Ito, safe for colour-blind
// readers), dash and marker, and labelled at its end.
type LineChart struct {
	ID, Title string
	// Query is the report statement the numbers come from.
	Query string
	// Width and Height are the SVG's viewBox; the plot area lies within
	// Left..Right and Top..Bottom.
	Width, Height, Left, Right, Top, Bottom float64
	XTicks, YTicks                          []Tick
	Series                                  []Series
	// Table is the data table under the chart: the last runs.
	Table []Run
	// More counts the names not drawn (only in the table).
	More int
	// top is the share at the top of the vertical axis.
	top float64
}

// Tick is an axis label at a position.
type Tick struct {
	Pos   float64
	Label string
}

// Series is one name's line.
type Series struct {
	Name                string
	Color, Dash, Marker string
	Path                string
	Points              []SeriesPoint
	// LabelY is where the name is written at the line's end.
	LabelY float64
	// Cells are the data table's values, one per run of LineChart.Table.
	Cells []string
	// Drawn is false for a name listed in the table only.
	Drawn bool
}

// SeriesPoint is a name's share in one run.
type SeriesPoint struct {
	X, Y   float64
	Run    string
	Date   string
	Repos  int64
	Share  float64
	Marker string // SVG path of the marker
}

// Percent is the share as a percentage.
func (p SeriesPoint) Percent() string { return percent(p.Share) }

// okabeIto is the Okabe–Ito palette without its yellow (too pale on
// white): distinguishable with the common colour-vision deficiencies.
var okabeIto = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"}

// dashes and markers tell the lines apart without colour.
var (
	dashes  = []string{"", "6 3", "2 3", "8 3 2 3"}
	markers = []string{"circle", "square", "triangle", "diamond"}
)

// maxSeries bounds the lines drawn; the others are in the table.
const maxSeries = 8

// tableRuns bounds the runs of the data table.
const tableRuns = 12

func lineChart(id, title string, runs []HistoryRun, points []trendPoint) LineChart {
	c := LineChart{ID: id, Title: title, Query: id, Width: 900, Height: 300, Left: 48, Right: 760, Top: 16, Bottom: 250, top: 1}
	// The axis ends at the first of 10%, 25%, 50% and 100% above every share.
	highest := 0.0
	for _, p := range points {
		highest = max(highest, p.share)
	}
	for _, top := range []float64{0.1, 0.25, 0.5, 1} {
		if highest <= top {
			c.top = top
			break
		}
	}
	for i := range 5 {
		y := c.top * float64(i) / 4
		c.YTicks = append(c.YTicks, Tick{Pos: c.y(y), Label: strconv.FormatFloat(y*100, 'f', -1, 64) + "%"})
	}
	index := map[string]int{}
	for i, r := range runs {
		index[r.ID] = i
	}
	x := func(i int) float64 {
		if len(runs) <= 1 {
			return (c.Left + c.Right) / 2
		}
		return c.Left + float64(i)*(c.Right-c.Left)/float64(len(runs)-1)
	}
	// Dates label the runs; runs of one day are told apart by time.
	layout := runLabelLayout(runs)
	label := func(r Run) string {
		if layout == "" {
			return r.ID
		}
		return r.StartedAt.UTC().Format(layout)
	}
	step := max(1, (len(runs)+7)/8) // at most about 8 labels
	for i := 0; i < len(runs); i += step {
		c.XTicks = append(c.XTicks, Tick{Pos: x(i), Label: label(runs[i].Run)})
	}
	if n := len(runs); n > 1 && (n-1)%step != 0 {
		c.XTicks = append(c.XTicks, Tick{Pos: x(n - 1), Label: label(runs[n-1].Run)})
	}
	for i := max(len(runs)-tableRuns, 0); i < len(runs); i++ {
		c.Table = append(c.Table, runs[i].Run)
	}
	byName := map[string]map[string]trendPoint{}
	for _, p := range points {
		if byName[p.name] == nil {
			byName[p.name] = map[string]trendPoint{}
		}
		byName[p.name][p.run] = p
	}
	for k, name := range names(points, runs) {
		s := Series{Name: name, Drawn: k < maxSeries}
		if !s.Drawn {
			c.More++
		}
		s.Color, s.Dash, s.Marker = okabeIto[k%len(okabeIto)], dashes[k%len(dashes)], markers[k%len(markers)]
		var path strings.Builder
		// A run without the name counts as 0%: the name was used by no repository.
		for i, r := range runs {
			p := byName[name][r.ID]
			pt := SeriesPoint{X: x(i), Y: c.y(p.share), Run: r.ID, Date: label(r.Run), Repos: p.repos, Share: p.share}
			pt.Marker = markerPath(s.Marker, pt.X, pt.Y, 4)
			s.Points = append(s.Points, pt)
			cmd := "L"
			if i == 0 {
				cmd = "M"
			}
			fmt.Fprintf(&path, "%s%s %s ", cmd, num(pt.X), num(pt.Y))
		}
		s.Path = strings.TrimSpace(path.String())
		for _, r := range c.Table {
			if p, ok := byName[name][r.ID]; ok {
				s.Cells = append(s.Cells, fmt.Sprintf("%d (%s)", p.repos, percent(p.share)))
			} else {
				s.Cells = append(s.Cells, "–")
			}
		}
		if len(s.Points) > 0 {
			s.LabelY = s.Points[len(s.Points)-1].Y
		}
		c.Series = append(c.Series, s)
	}
	c.spreadLabels(13)
	return c
}

// y maps a share to the plot's vertical axis.
func (c *LineChart) y(share float64) float64 {
	return c.Bottom - min(max(share, 0), c.top)/c.top*(c.Bottom-c.Top)
}

// runLabelLayout returns the shortest time layout that tells the runs
// apart: the date, then the time to the minute, to the second; "" when
// only the run ids do.
func runLabelLayout(runs []HistoryRun) string {
	for _, layout := range []string{time.DateOnly, "01-02 15:04", "01-02 15:04:05"} {
		seen := map[string]bool{}
		unique := true
		for _, r := range runs {
			l := r.StartedAt.UTC().Format(layout)
			unique = unique && !seen[l]
			seen[l] = true
		}
		if unique {
			return layout
		}
	}
	return ""
}

// spreadLabels moves the end labels of the drawn lines apart, gap units
// at least, within the plot.
func (c *LineChart) spreadLabels(gap float64) {
	var drawn []*Series
	for i := range c.Series {
		if c.Series[i].Drawn {
			drawn = append(drawn, &c.Series[i])
		}
	}
	slices.SortStableFunc(drawn, func(a, b *Series) int {
		switch {
		case a.LabelY < b.LabelY:
			return -1
		case a.LabelY > b.LabelY:
			return 1
		}
		return 0
	})
	for i := 1; i < len(drawn); i++ {
		drawn[i].LabelY = max(drawn[i].LabelY, drawn[i-1].LabelY+gap)
	}
	// Pushed below the plot: shift the stack up.
	if n := len(drawn); n > 0 && drawn[n-1].LabelY > c.Bottom+4 {
		over := drawn[n-1].LabelY - (c.Bottom + 4)
		for _, s := range drawn {
			s.LabelY -= over
		}
		for i := len(drawn) - 2; i >= 0; i-- {
			drawn[i].LabelY = min(drawn[i].LabelY, drawn[i+1].LabelY-gap)
		}
	}
}

// markerPath draws a marker of radius r at x, y as an SVG path.
func markerPath(kind string, x, y, r float64) string {
	switch kind {
	case "square":
		return fmt.Sprintf("M%s %sh%sv%sh-%sZ", num(x-r), num(y-r), num(2*r), num(2*r), num(2*r))
	case "triangle":
		return fmt.Sprintf("M%s %sL%s %sL%s %sZ", num(x), num(y-r-1), num(x+r+1), num(y+r), num(x-r-1), num(y+r))
	case "diamond":
		return fmt.Sprintf("M%s %sL%s %sL%s %sL%s %sZ", num(x), num(y-r-1), num(x+r+1), num(y), num(x), num(y+r+1), num(x-r-1), num(y))
	}
	return fmt.Sprintf("M%s %sa%s %s 0 1 0 %s 0a%s %s 0 1 0 -%s 0", num(x-r), num(y), num(r), num(r), num(2*r), num(r), num(r), num(2*r))
}

// num prints a coordinate with at most one decimal.
func num(f float64) string {
	return strconv.FormatFloat(float64(int64(f*10+0.5*sign(f)))/10, 'f', -1, 64)
}

func sign(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 1
}
