// Package report builds pysurvey's HTML report of a survey and the list
// of what changed between two runs (pysurvey diff). The numbers come from
// the shipped queries (queries.DB.Query) over the run reported, and from
// the repo_summary every run wrote for the history; the page is one
// self-contained file that loads nothing.
package report

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/pysurvey/pysurvey/queries"
)

// Options say what a report covers.
type Options struct {
	// DataDir is the output root of pysurvey run.
	DataDir string
	// RunID is the complete run reported; empty: the latest.
	RunID string
	// PatternsFile adds to or overrides the shipped catalog.
	PatternsFile string
	// Now is the clock of the "generated" line (default time.Now).
	Now func() time.Time
	// ToolVersion is the version of pysurvey writing the report.
	ToolVersion string
	// Partial says DataDir is a partial copy of a bucket
	// (queries.Options.Partial).
	Partial bool
}

// Report is everything the page shows.
type Report struct {
	GeneratedAt time.Time
	ToolVersion string
	// Run is the run reported.
	Run RunSummary
	// Failed lists the run's failed repositories.
	Failed []FailedRepo
	// Changes since the complete run before Run; nil for the first run.
	Changes *Changes
	// Share charts: frameworks, package managers, architectures, and the
	// pattern families (ORM, API, DI, task queue, event-driven).
	Frameworks, Managers, Architectures Chart
	Families                            []Chart
	Async                               AsyncSection
	Boundaries                          BoundarySection
	Trends                              TrendSection
	Repos                               []RepoRow
}

// RunSummary describes the run reported.
type RunSummary struct {
	Run
	// SurveyedAt and FinishedAt are when the survey was made (StartedAt
	// is the time it describes: earlier for a survey of the past).
	SurveyedAt  time.Time
	FinishedAt  time.Time
	ToolVersion string
	// Repositories surveyed, failed, and carried over from an earlier run.
	OK, Failed, Reused int64
	// Totals over the repositories surveyed.
	Files, PythonFiles, Bytes int64
}

// Duration is how long the run took.
func (r RunSummary) Duration() time.Duration {
	return r.FinishedAt.Sub(r.SurveyedAt).Round(time.Second)
}

// OfThePast reports whether the run describes an earlier time than that
// of its survey (pysurvey run --at, backfill).
func (r RunSummary) OfThePast() bool { return r.SurveyedAt.Sub(r.StartedAt) > time.Minute }

// FailedRepo is a repository that failed, and why.
type FailedRepo struct {
	Repo, Source, Error string
}

// Chart is a share chart: one bar per name, repositories and share of
// the repositories surveyed.
type Chart struct {
	// ID names the chart in the page (chart-ID).
	ID string
	// Title and Note are shown above and below it.
	Title, Note string
	// Query is the shipped query the numbers come from.
	Query string
	Bars  []Bar
}

// Bar is one name of a chart.
type Bar struct {
	Label string
	Repos int64
	Share float64
}

// Percent is the share as a percentage.
func (b Bar) Percent() string { return percent(b.Share) }

// Width is the bar's length, in percent of the widest possible bar (a
// share of 1).
func (b Bar) Width() float64 { return min(max(b.Share*100, 0), 100) }

// AsyncSection is async adoption: the summary and its distribution.
type AsyncSection struct {
	Repos, ReposWithAsync int64
	Share, Median         float64
	// Quartiles and the 90th percentile of async_share over repositories.
	P25, P75, P90 float64
	// Distribution counts repositories per band of async_share.
	Distribution Chart
	// Top lists the most async repositories.
	Top []AsyncRepo
}

// AsyncRepo is a repository's async counts.
type AsyncRepo struct {
	Repo                                   string
	PythonFiles, Functions, AsyncFunctions int64
	Awaits                                 int64
	AsyncShare                             float64
}

// BoundarySection is how the code marks module boundaries.
type BoundarySection struct {
	// Markers: share of repositories with py.typed, stubs, __all__ in a
	// package, private modules.
	Markers Chart
	// Medians over repositories of the share of packages that set
	// __all__ and of modules that are private.
	MedianAllShare, MedianPrivateShare float64
}

// TrendSection is the history of complete runs.
type TrendSection struct {
	Runs          []HistoryRun
	Frameworks    LineChart
	Architectures LineChart
}

// HistoryRun is one complete run of the history.
type HistoryRun struct {
	Run
	OK, Failed, Summarized, WithAsync int64
	MedianAsyncShare                  float64
}

// RepoRow is one repository of the per-repository table.
type RepoRow struct {
	Repo, Commit                         string
	PythonFiles                          int64
	PrimaryFramework                     string
	Frameworks, PackageManagers          []string
	Architecture, Evidence               string
	ORMs, APIStyles, DI, TaskQueues      []string
	AsyncShare                           float64
	HasPyTyped                           bool
	Packages, PackagesWithAll, StubFiles int64
	AllShare, PrivateShare               float64
	Modules, PrivateModules              int64
}

// Build reads a survey's output and gathers the report.
func Build(ctx context.Context, opts Options) (*Report, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	db, err := queries.Open(ctx, queries.Options{DataDir: opts.DataDir, RunID: opts.RunID, PatternsFile: opts.PatternsFile, Partial: opts.Partial})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	r := &Report{GeneratedAt: opts.Now().UTC(), ToolVersion: opts.ToolVersion}
	steps := []func(context.Context, *queries.DB) error{r.readRun, r.readShares, r.readAsync, r.readBoundaries, r.readRepos, r.readTrends}
	for _, step := range steps {
		if err := step(ctx, db); err != nil {
			return nil, err
		}
	}
	runs, err := Runs(ctx, db)
	if err != nil {
		return nil, err
	}
	if from, to, err := Pick(runs, "", r.Run.ID); err == nil {
		if r.Changes, err = diffRuns(ctx, queries.Options{DataDir: opts.DataDir, PatternsFile: opts.PatternsFile, Partial: opts.Partial}, from, to, db); err != nil {
			return nil, err
		}
	} else if !errors.Is(err, ErrOneRun) {
		return nil, err
	}
	return r, nil
}

func (r *Report) readRun(ctx context.Context, db *queries.DB) error {
	t, err := own(ctx, db, "run")
	if err != nil {
		return err
	}
	if len(t.rows) != 1 {
		return fmt.Errorf("report: %d runs selected, want 1", len(t.rows))
	}
	r.Run = RunSummary{
		Run:        Run{ID: t.str(0, "run_id"), StartedAt: t.time(0, "started_at")},
		SurveyedAt: t.time(0, "surveyed_at"), FinishedAt: t.time(0, "finished_at"), ToolVersion: t.str(0, "tool_version"),
		OK: t.int(0, "repos_ok"), Failed: t.int(0, "repos_failed"), Reused: t.int(0, "repos_reused"),
		Files: t.int(0, "files"), PythonFiles: t.int(0, "python_files"), Bytes: t.int(0, "bytes"),
	}
	failed, err := own(ctx, db, "failed")
	if err != nil {
		return err
	}
	for i := range failed.rows {
		r.Failed = append(r.Failed, FailedRepo{Repo: failed.str(i, "repo"), Source: failed.str(i, "source"), Error: failed.str(i, "error")})
	}
	return nil
}

// shareChart reads a shipped share query (label column, repos, share).
func shareChart(ctx context.Context, db *queries.DB, id, title, query, label, note string) (Chart, error) {
	t, err := shipped(ctx, db, query)
	if err != nil {
		return Chart{}, err
	}
	c := Chart{ID: id, Title: title, Query: query, Note: note}
	for i := range t.rows {
		c.Bars = append(c.Bars, Bar{Label: t.str(i, label), Repos: t.int(i, "repos"), Share: t.float(i, "share")})
	}
	return c, nil
}

func (r *Report) readShares(ctx context.Context, db *queries.DB) error {
	var err error
	if r.Frameworks, err = shareChart(ctx, db, "frameworks", "", "framework_share", "framework",
		"A repository uses a framework when a code file imports it; a repository may use several."); err != nil {
		return err
	}
	if r.Managers, err = shareChart(ctx, db, "package-managers", "", "package_manager_share", "manager",
		"From the manifests and lock files of the counted projects; a repository may use several."); err != nil {
		return err
	}
	if r.Architectures, err = shareChart(ctx, db, "architectures", "", "architecture_share", "architecture",
		"One architecture per repository, by ordered rules; the evidence is in the table of repositories."); err != nil {
		return err
	}
	for _, f := range []struct{ id, title, query string }{
		{"orm", "ORM", "orm_share"},
		{"api", "API style", "api_style_share"},
		{"di", "Dependency injection", "di_share"},
		{"task-queue", "Task queue", "task_queue_share"},
		{"event-driven", "Event-driven / messaging", "event_driven_share"},
	} {
		c, err := shareChart(ctx, db, f.id, f.title, f.query, "pattern", "")
		if err != nil {
			return err
		}
		r.Families = append(r.Families, c)
	}
	return nil
}

// asyncBands are the bands of async_share in the distribution: none, then
// up to each bound.
var asyncBands = []struct {
	label string
	upTo  float64
}{{"none", 0}, {"up to 10%", 0.10}, {"10–25%", 0.25}, {"25–50%", 0.50}, {"50–75%", 0.75}, {"over 75%", 1}}

func (r *Report) readAsync(ctx context.Context, db *queries.DB) error {
	sum, err := shipped(ctx, db, "async_adoption_summary")
	if err != nil {
		return err
	}
	a := &r.Async
	if len(sum.rows) == 1 {
		a.Repos, a.ReposWithAsync = sum.int(0, "repos"), sum.int(0, "repos_with_async")
		a.Share, a.Median = sum.float(0, "share"), sum.float(0, "median_async_share")
	}
	per, err := shipped(ctx, db, "async_adoption")
	if err != nil {
		return err
	}
	counts := make([]int64, len(asyncBands))
	var shares []float64
	for i := range per.rows {
		s := per.float(i, "async_share")
		shares = append(shares, s)
		for b, band := range asyncBands {
			if s <= band.upTo || b == len(asyncBands)-1 {
				counts[b]++
				break
			}
		}
		if i < 10 && s > 0 { // async_adoption sorts by async_share desc
			a.Top = append(a.Top, AsyncRepo{Repo: per.str(i, "repo"), PythonFiles: per.int(i, "python_files"),
				Functions: per.int(i, "functions"), AsyncFunctions: per.int(i, "async_functions"),
				Awaits: per.int(i, "awaits"), AsyncShare: s})
		}
	}
	a.Distribution = Chart{ID: "async-distribution", Title: "Repositories by share of async functions", Query: "async_adoption"}
	for b, band := range asyncBands {
		share := 0.0
		if len(shares) > 0 {
			share = float64(counts[b]) / float64(len(shares))
		}
		a.Distribution.Bars = append(a.Distribution.Bars, Bar{Label: band.label, Repos: counts[b], Share: share})
	}
	sort.Float64s(shares)
	a.P25, a.P75, a.P90 = quantile(shares, 0.25), quantile(shares, 0.75), quantile(shares, 0.90)
	return nil
}

// quantile interpolates linearly between the closest ranks of sorted
// values, as DuckDB's quantile_cont (and median) does.
func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	pos := q * float64(len(sorted)-1)
	lo := int(pos)
	if lo+1 >= len(sorted) {
		return sorted[lo]
	}
	return sorted[lo] + (pos-float64(lo))*(sorted[lo+1]-sorted[lo])
}

func (r *Report) readBoundaries(ctx context.Context, db *queries.DB) error {
	t, err := shipped(ctx, db, "module_boundaries")
	if err != nil {
		return err
	}
	n := int64(len(t.rows))
	var typed, stubs, withAll, private int64
	var allShares, privateShares []float64
	for i := range t.rows {
		if t.bool(i, "has_py_typed") {
			typed++
		}
		if t.int(i, "stub_files") > 0 {
			stubs++
		}
		if t.int(i, "packages_with_all") > 0 {
			withAll++
		}
		if t.int(i, "private_modules") > 0 {
			private++
		}
		allShares = append(allShares, t.float(i, "all_share"))
		privateShares = append(privateShares, t.float(i, "private_share"))
	}
	share := func(k int64) float64 {
		if n == 0 {
			return 0
		}
		return float64(k) / float64(n)
	}
	r.Boundaries.Markers = Chart{ID: "boundaries", Query: "module_boundaries",
		Note: "Share of repositories whose own code (outside tests, examples, docs, vendored and hidden directories) has each marker.",
		Bars: []Bar{
			{Label: "__all__ in a package", Repos: withAll, Share: share(withAll)},
			{Label: "private _modules", Repos: private, Share: share(private)},
			{Label: "py.typed (PEP 561)", Repos: typed, Share: share(typed)},
			{Label: ".pyi stub files", Repos: stubs, Share: share(stubs)},
		}}
	sort.Float64s(allShares)
	sort.Float64s(privateShares)
	r.Boundaries.MedianAllShare, r.Boundaries.MedianPrivateShare = quantile(allShares, 0.5), quantile(privateShares, 0.5)
	return nil
}

func (r *Report) readRepos(ctx context.Context, db *queries.DB) error {
	t, err := shipped(ctx, db, "repo_summary")
	if err != nil {
		return err
	}
	mb, err := shipped(ctx, db, "module_boundaries")
	if err != nil {
		return err
	}
	boundaries := map[string]int{}
	for i := range mb.rows {
		boundaries[mb.str(i, "repo")] = i
	}
	for i := range t.rows {
		row := RepoRow{
			Repo: t.str(i, "repo"), Commit: t.str(i, "commit"), PythonFiles: t.int(i, "python_files"),
			PrimaryFramework: t.str(i, "primary_framework"), Frameworks: list(t.str(i, "frameworks")),
			PackageManagers: list(t.str(i, "package_managers")), Architecture: t.str(i, "architecture"),
			Evidence: t.str(i, "architecture_evidence"), ORMs: list(t.str(i, "orms")), APIStyles: list(t.str(i, "api_styles")),
			DI: list(t.str(i, "di")), TaskQueues: list(t.str(i, "task_queues")), AsyncShare: t.float(i, "async_share"),
			HasPyTyped: t.bool(i, "has_py_typed"),
		}
		if j, ok := boundaries[row.Repo]; ok {
			row.Packages, row.PackagesWithAll, row.AllShare = mb.int(j, "packages"), mb.int(j, "packages_with_all"), mb.float(j, "all_share")
			row.Modules, row.PrivateModules, row.PrivateShare = mb.int(j, "modules"), mb.int(j, "private_modules"), mb.float(j, "private_share")
			row.StubFiles = mb.int(j, "stub_files")
		}
		r.Repos = append(r.Repos, row)
	}
	return nil
}

func (r *Report) readTrends(ctx context.Context, db *queries.DB) error {
	h, err := own(ctx, db, "history")
	if err != nil {
		return err
	}
	for i := range h.rows {
		r.Trends.Runs = append(r.Trends.Runs, HistoryRun{
			Run: Run{ID: h.str(i, "run_id"), StartedAt: h.time(i, "started_at")},
			OK:  h.int(i, "repos_ok"), Failed: h.int(i, "repos_failed"), Summarized: h.int(i, "summarized"),
			WithAsync: h.int(i, "repos_with_async"), MedianAsyncShare: h.float(i, "median_async_share"),
		})
	}
	for _, tr := range []struct {
		query string
		chart *LineChart
		title string
	}{
		{"trend_frameworks", &r.Trends.Frameworks, "Web framework share per run"},
		{"trend_architectures", &r.Trends.Architectures, "Architecture share per run"},
	} {
		t, err := own(ctx, db, tr.query)
		if err != nil {
			return err
		}
		var points []trendPoint
		for i := range t.rows {
			points = append(points, trendPoint{run: t.str(i, "run_id"), name: t.str(i, "name"), repos: t.int(i, "repos"), share: t.float(i, "share")})
		}
		*tr.chart = lineChart(tr.query, tr.title, r.Trends.Runs, points)
	}
	return nil
}

// trendPoint is one name's share in one run.
type trendPoint struct {
	run, name string
	repos     int64
	share     float64
}

// names returns the distinct names of points, by their latest share
// (then name).
func names(points []trendPoint, runs []HistoryRun) []string {
	last := map[string]float64{}
	order := map[string]int{}
	for i, r := range runs {
		order[r.ID] = i
	}
	latest := map[string]int{}
	for _, p := range points {
		if i, ok := latest[p.name]; !ok || order[p.run] >= i {
			latest[p.name], last[p.name] = order[p.run], p.share
		}
	}
	out := make([]string, 0, len(last))
	for n := range last {
		out = append(out, n)
	}
	slices.SortFunc(out, func(a, b string) int {
		if latest[a] != latest[b] {
			return latest[b] - latest[a]
		}
		if last[a] != last[b] {
			if last[a] > last[b] {
				return -1
			}
			return 1
		}
		if a < b {
			return -1
		}
		return 1
	})
	return out
}
