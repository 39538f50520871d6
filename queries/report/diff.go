package report

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/pysurvey/pysurvey/queries"
)

// Run identifies a complete run.
type Run struct {
	// ID is the run_id.
	ID string
	// StartedAt is when it started (UTC).
	StartedAt time.Time
}

// Date is the run's UTC start date, YYYY-MM-DD.
func (r Run) Date() string { return r.StartedAt.UTC().Format(time.DateOnly) }

// String names the run with its start time.
func (r Run) String() string {
	return r.ID + " (" + r.StartedAt.UTC().Format("2006-01-02 15:04 UTC") + ")"
}

// Runs lists the complete runs of a survey's output, oldest first.
func Runs(ctx context.Context, db *queries.DB) ([]Run, error) {
	res, err := db.SQL(ctx, "SELECT run_id, coalesce(as_of, started_at) AS started_at FROM all_runs ORDER BY 2, run_id", nil)
	if err != nil {
		return nil, fmt.Errorf("listing runs: %w", err)
	}
	t := newTable(res)
	runs := make([]Run, len(t.rows))
	for i := range t.rows {
		runs[i] = Run{ID: t.str(i, "run_id"), StartedAt: t.time(i, "started_at")}
	}
	return runs, nil
}

var datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// ErrOneRun means there is no earlier complete run to compare with.
var ErrOneRun = errors.New("no earlier complete run to compare with")

// Pick resolves --from and --to among the complete runs (oldest first).
// Each names a run by its run_id or by a UTC date (the last complete run
// that started that day). An empty to is the latest run; an empty from the
// run before to.
func Pick(runs []Run, from, to string) (Run, Run, error) {
	if len(runs) == 0 {
		return Run{}, Run{}, queries.ErrNoRuns
	}
	find := func(flag, spec string) (int, error) {
		for i := len(runs) - 1; i >= 0; i-- {
			if runs[i].ID == spec || datePattern.MatchString(spec) && runs[i].Date() == spec {
				return i, nil
			}
		}
		return 0, fmt.Errorf("%s %q: no complete run with that run_id or UTC date (complete runs: %s)", flag, queries.Printable(spec), runList(runs))
	}
	toIdx := len(runs) - 1
	if to != "" {
		var err error
		if toIdx, err = find("--to", to); err != nil {
			return Run{}, Run{}, err
		}
	}
	fromIdx := toIdx - 1
	if from != "" {
		var err error
		if fromIdx, err = find("--from", from); err != nil {
			return Run{}, Run{}, err
		}
	}
	if fromIdx < 0 {
		return Run{}, Run{}, fmt.Errorf("%w: %s is the first (pass --from and --to to pick two)", ErrOneRun, runs[toIdx])
	}
	return runs[fromIdx], runs[toIdx], nil
}

// runList names the last few runs, for an error message.
func runList(runs []Run) string {
	var names []string
	for i := max(len(runs)-5, 0); i < len(runs); i++ {
		names = append(names, runs[i].String())
	}
	s := strings.Join(names, ", ")
	if len(runs) > 5 {
		s = fmt.Sprintf("%d runs, the last: %s", len(runs), s)
	}
	return s
}

// Change is one difference between two runs for one repository.
type Change struct {
	// Repo names the repository.
	Repo string
	// Kind is added, removed, failed (failed in the later run), recovered
	// (failed before, ok now) or changed.
	Kind string
	// Field is what changed: status, primary_framework, architecture,
	// package_managers, or patterns.CATEGORY for the catalog patterns of
	// a category (patterns.orm, patterns.api, ...).
	Field string
	// From and To are the values in the earlier and the later run; lists
	// are comma-joined and sorted, a failed status carries its error.
	From, To string
}

// Part is a piece of a changed value: an item of a list, Marked when the
// other value lacks it (added or removed).
type Part struct {
	Text   string
	Marked bool
}

// isList reports whether a field's values are comma-joined lists.
func isList(field string) bool {
	return field == "package_managers" || strings.HasPrefix(field, "patterns.")
}

// parts splits a value into items, marking those the other value lacks.
func parts(field, value, other string) []Part {
	if value == "" {
		return nil
	}
	if !isList(field) {
		return []Part{{Text: value}}
	}
	others := strings.Split(other, ",")
	var out []Part
	for _, item := range strings.Split(value, ",") {
		out = append(out, Part{Text: item, Marked: !slices.Contains(others, item)})
	}
	return out
}

// FromParts is the earlier value, the items removed marked.
func (c Change) FromParts() []Part { return parts(c.Field, c.From, c.To) }

// ToParts is the later value, the items added marked.
func (c Change) ToParts() []Part { return parts(c.Field, c.To, c.From) }

// RepoChanges are the changes of one repository, of one kind.
type RepoChanges struct {
	Repo, Kind string
	Items      []Change
}

// ByRepo groups the changes by repository, in their order.
func (c *Changes) ByRepo() []RepoChanges {
	var out []RepoChanges
	for _, it := range c.Items {
		if n := len(out); n > 0 && out[n-1].Repo == it.Repo && out[n-1].Kind == it.Kind {
			out[n-1].Items = append(out[n-1].Items, it)
			continue
		}
		out = append(out, RepoChanges{Repo: it.Repo, Kind: it.Kind, Items: []Change{it}})
	}
	return out
}

// Changes is what changed from one run to another.
type Changes struct {
	From, To Run
	Items    []Change
}

// Kinds of Change, in the order they are listed.
var Kinds = []string{"added", "removed", "failed", "recovered", "changed"}

// Count returns how many distinct repositories have a change of kind ("" for any).
func (c *Changes) Count(kind string) int {
	seen := map[string]bool{}
	for _, it := range c.Items {
		if kind == "" || it.Kind == kind {
			seen[it.Repo] = true
		}
	}
	return len(seen)
}

// Result returns the changes as a query result (repo, change, field,
// from, to), for the output formats of queries.
func (c *Changes) Result() *queries.Result {
	res := &queries.Result{Columns: []string{"repo", "change", "field", "from", "to"},
		Types: []string{"VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR"}}
	for _, it := range c.Items {
		res.Rows = append(res.Rows, []any{it.Repo, it.Kind, it.Field, it.From, it.To})
	}
	return res
}

// snapshot is what diff compares of one run, per repository.
type snapshot struct {
	run   Run
	repos map[string]*repoState
}

type repoState struct {
	ok     bool
	err    string
	fields map[string]string // primary_framework, architecture, package_managers, patterns.CATEGORY
}

// fieldOrder lists the fields compared, patterns.* after these, by category.
var fieldOrder = []string{"primary_framework", "architecture", "package_managers"}

// takeSnapshot reads the run a DB was opened on: the repos rows, the
// shipped repo_summary and the catalog patterns of every repository.
func takeSnapshot(ctx context.Context, db *queries.DB, run Run) (*snapshot, error) {
	s := &snapshot{run: run, repos: map[string]*repoState{}}
	repos, err := own(ctx, db, "snapshot_repos")
	if err != nil {
		return nil, err
	}
	for i := range repos.rows {
		s.repos[repos.str(i, "repo")] = &repoState{ok: repos.str(i, "status") == "ok", err: repos.str(i, "error"), fields: map[string]string{}}
	}
	summary, err := shipped(ctx, db, "repo_summary")
	if err != nil {
		return nil, err
	}
	for i := range summary.rows {
		if st := s.repos[summary.str(i, "repo")]; st != nil {
			for _, f := range fieldOrder {
				st.fields[f] = summary.str(i, f)
			}
		}
	}
	patterns, err := own(ctx, db, "snapshot_patterns")
	if err != nil {
		return nil, err
	}
	lists := map[string]map[string][]string{}
	for i := range patterns.rows {
		repo := patterns.str(i, "repo")
		if lists[repo] == nil {
			lists[repo] = map[string][]string{}
		}
		f := "patterns." + patterns.str(i, "category")
		lists[repo][f] = append(lists[repo][f], patterns.str(i, "pattern"))
	}
	for repo, fields := range lists {
		if st := s.repos[repo]; st != nil {
			for f, names := range fields {
				slices.Sort(names)
				st.fields[f] = strings.Join(names, ",")
			}
		}
	}
	return s, nil
}

// compare lists the changes from one snapshot to the next, by kind, then
// repository, then field.
func compare(from, to *snapshot) *Changes {
	c := &Changes{From: from.run, To: to.run}
	status := func(st *repoState) string {
		if st.ok {
			return "ok"
		}
		return "failed: " + st.err
	}
	for repo, now := range to.repos {
		before := from.repos[repo]
		switch {
		case before == nil:
			c.Items = append(c.Items, Change{Repo: repo, Kind: "added", Field: "status", To: status(now)})
		case !now.ok:
			c.Items = append(c.Items, Change{Repo: repo, Kind: "failed", Field: "status", From: status(before), To: status(now)})
		case !before.ok:
			c.Items = append(c.Items, Change{Repo: repo, Kind: "recovered", Field: "status", From: status(before), To: status(now)})
		default:
			for _, f := range changedFields(before.fields, now.fields) {
				c.Items = append(c.Items, Change{Repo: repo, Kind: "changed", Field: f, From: before.fields[f], To: now.fields[f]})
			}
		}
	}
	for repo, before := range from.repos {
		if to.repos[repo] == nil {
			c.Items = append(c.Items, Change{Repo: repo, Kind: "removed", Field: "status", From: status(before)})
		}
	}
	slices.SortFunc(c.Items, func(a, b Change) int {
		if d := slices.Index(Kinds, a.Kind) - slices.Index(Kinds, b.Kind); d != 0 {
			return d
		}
		if d := strings.Compare(a.Repo, b.Repo); d != 0 {
			return d
		}
		return compareFields(a.Field, b.Field)
	})
	return c
}

// changedFields returns the fields whose values differ, in fieldOrder then
// by name.
func changedFields(a, b map[string]string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range []map[string]string{a, b} {
		for f := range m {
			if !seen[f] && a[f] != b[f] {
				out = append(out, f)
			}
			seen[f] = true
		}
	}
	slices.SortFunc(out, compareFields)
	return out
}

// compareFields orders the fields of fieldOrder first, then the others
// (status, patterns.*) by name.
func compareFields(a, b string) int {
	rank := func(f string) int {
		if i := slices.Index(fieldOrder, f); i >= 0 {
			return i
		}
		return len(fieldOrder)
	}
	if d := rank(a) - rank(b); d != 0 {
		return d
	}
	return strings.Compare(a, b)
}

// DiffOptions say which runs Diff compares.
type DiffOptions struct {
	// DataDir is the output root of pysurvey run.
	DataDir string
	// From and To name the runs (run_id or UTC date); empty: the two
	// latest complete runs.
	From, To string
	// PatternsFile adds to or overrides the shipped catalog.
	PatternsFile string
	// Partial says DataDir is a partial copy of a bucket
	// (queries.Options.Partial).
	Partial bool
}

// Diff lists what changed between two complete runs: repositories added,
// removed, failed and recovered, and those whose primary framework,
// architecture, package managers or catalog patterns changed. Both runs
// are read with the same catalog, so a change is the repositories', not
// the catalog's.
func Diff(ctx context.Context, opts DiffOptions) (*Changes, error) {
	db, err := queries.Open(ctx, queries.Options{DataDir: opts.DataDir, PatternsFile: opts.PatternsFile, Partial: opts.Partial})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	runs, err := Runs(ctx, db)
	if err != nil {
		return nil, err
	}
	from, to, err := Pick(runs, opts.From, opts.To)
	if err != nil {
		return nil, err
	}
	return diffRuns(ctx, queries.Options{DataDir: opts.DataDir, PatternsFile: opts.PatternsFile, Partial: opts.Partial}, from, to, nil)
}

// diffRuns compares two runs, each read through a DB opened on it (with
// data's options); toDB, when not nil, is already open on the later run
// (and stays open).
func diffRuns(ctx context.Context, data queries.Options, from, to Run, toDB *queries.DB) (*Changes, error) {
	var snaps [2]*snapshot
	for i, run := range []Run{from, to} {
		db := toDB
		if i == 0 || db == nil {
			var err error
			data.RunID = run.ID
			if db, err = queries.Open(ctx, data); err != nil {
				return nil, err
			}
			defer db.Close()
		}
		var err error
		if snaps[i], err = takeSnapshot(ctx, db, run); err != nil {
			return nil, fmt.Errorf("reading run %s: %w", run.ID, err)
		}
	}
	return compare(snaps[0], snaps[1]), nil
}
