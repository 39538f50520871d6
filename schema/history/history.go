// Package history reads and keeps the history of runs in an output root:
// the runs rows, what a run committed part by part, resuming a run that
// was killed, the locks of runs being written, and the temporary files
// that killed processes left.
package history

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pysurvey/pysurvey/schema"
)

// RunsRows reads every runs row of OUT, skipping files that cannot be read
// (a damaged file spoils nothing but its own run).
func RunsRows(out string) []schema.Run {
	files, _ := filepath.Glob(filepath.Join(out, schema.RunsTable.Name, "run_date=*", "*.parquet"))
	var runs []schema.Run
	for _, f := range files {
		rows, err := schema.ReadFile[schema.Run](schema.RunsTable, f)
		if err == nil {
			runs = append(runs, rows...)
		}
	}
	return runs
}

// LastComplete returns the latest complete, not discarded run of runs
// that match: the one of the latest as_of (see AsOf).
func LastComplete(runs []schema.Run, match func(schema.Run) bool) (schema.Run, bool) {
	discarded := map[string]bool{}
	for _, r := range runs {
		if r.Status == "discarded" {
			discarded[r.RunID] = true
		}
	}
	var best schema.Run
	found := false
	for _, r := range runs {
		if r.Status != "complete" || discarded[r.RunID] || !match(r) {
			continue
		}
		if !found || AsOf(r).After(AsOf(best)) || AsOf(r).Equal(AsOf(best)) && r.RunID > best.RunID {
			best, found = r, true
		}
	}
	return best, found
}

// CommittedRepos reads the repos rows a run committed, by part: its
// partition and name, as repos.part writes them (run_date=D/<run-id>-pNNNN).
func CommittedRepos(out, runID string) (map[string][]schema.Repo, error) {
	byPart := map[string][]schema.Repo{}
	for _, f := range schema.RunFiles(out, schema.ReposTable, runID) {
		rows, err := schema.ReadFile[schema.Repo](schema.ReposTable, f)
		if err != nil {
			return nil, err
		}
		byPart[filepath.Base(filepath.Dir(f))+"/"+strings.TrimSuffix(filepath.Base(f), ".parquet")] = rows
	}
	return byPart, nil
}

// cronJobSuffix matches the end of a Job's name that a Kubernetes
// CronJob made: the scheduled time in minutes since the Unix epoch.
var cronJobSuffix = regexp.MustCompile(`-(\d{8})$`)

// RunIDTime is the start time a run id tells: pysurvey's own ids begin
// with it (20261201T020000Z-1a2b3c); a CronJob's Job name
// (<cronjob>-<minutes since the Unix epoch>, Kubernetes' naming) ends with
// the scheduled time, so that every shard of a night agrees on it.
func RunIDTime(runID string) (time.Time, error) {
	ts, _, _ := strings.Cut(runID, "-")
	if t, err := time.Parse("20060102T150405Z", ts); err == nil {
		return t.UTC(), nil
	}
	if m := cronJobSuffix.FindStringSubmatch(runID); m != nil {
		minutes, _ := strconv.ParseInt(m[1], 10, 64)
		return time.Unix(minutes*60, 0).UTC(), nil
	}
	return time.Time{}, fmt.Errorf("run id %q tells no start time: neither pysurvey's (20261201T020000Z-1a2b3c) nor a CronJob's Job name (<name>-<minutes since the epoch>); give --run-date", runID)
}

// Resumed is what a resumed run had committed before it stopped.
type Resumed struct {
	// RunDate is the partition the run writes to.
	RunDate time.Time
	// Done names the repositories it committed a row of.
	Done map[string]bool
	// NextPart numbers the next part it writes.
	NextPart int
	// OK, Failed and Reused count the committed rows; Failures names the
	// failed repositories with their errors.
	OK, Failed, Reused, Absent int
	Failures                   []string
	// Parts names the parts committed (run_date=D/<name>), sorted.
	Parts []string
}

// ResumeState reads what the run runID (its shard shard, when shard >= 0)
// committed, after checking that it never finished, and removes the files
// of parts it did not commit (a part's repos file is written last) and its
// temporary files. A run or shard that committed nothing resumes as new,
// in runDate's partition.
func ResumeState(out, runID string, shard int, runDate time.Time) (*Resumed, error) {
	for _, r := range RunsRows(out) {
		if r.RunID == runID && r.Status != "interrupted" {
			return nil, fmt.Errorf("run %s is %s: only an interrupted or killed run can be resumed", runID, r.Status)
		}
	}
	byPart, err := CommittedRepos(out, runID)
	if err != nil {
		return nil, err
	}
	st := &Resumed{Done: map[string]bool{}, RunDate: runDate}
	committed := map[string]bool{}
	for part, rows := range byPart {
		name := path.Base(part)
		_, s, n, ok := schema.ParsePart(name)
		if !ok || s != shard {
			continue
		}
		if st.RunDate, err = time.Parse("run_date=2006-01-02", path.Dir(part)); err != nil {
			return nil, fmt.Errorf("run %s: %w", runID, err)
		}
		committed[name] = true
		st.NextPart = max(st.NextPart, n+1)
		for _, row := range rows {
			st.Done[row.Repo] = true
			switch {
			case row.Status == "ok" && row.ReusedFrom != "":
				st.OK++
				st.Reused++
			case row.Status == "ok":
				st.OK++
			case row.Status == "absent":
				st.Absent++
			default:
				st.Failed++
				st.Failures = append(st.Failures, row.Repo+": "+row.Error)
			}
		}
		st.Parts = append(st.Parts, part)
	}
	sort.Strings(st.Parts)
	// Parts the run did not commit, and its temporary files, go.
	own := regexp.MustCompile(`^(\.?)(` + regexp.QuoteMeta(runID) + `(?:-s\d{4})?-p\d{4})\.parquet((\.[0-9a-f-]+)?\.tmp)?$`)
	all, _ := filepath.Glob(filepath.Join(out, "*", "run_date=*", "*"+runID+"-*"))
	for _, f := range all {
		m := own.FindStringSubmatch(filepath.Base(f))
		if m == nil {
			continue
		}
		if _, s, _, _ := schema.ParsePart(m[2]); s != shard {
			continue
		}
		if m[1] == "." || !committed[m[2]] {
			if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
				return nil, fmt.Errorf("removing %s: %w", f, err)
			}
		}
	}
	return st, nil
}

// tmpName matches the temporary files of a run's parts and runs row.
var tmpName = regexp.MustCompile(`^\.([0-9A-Za-z][0-9A-Za-z-]*?)(-s\d{4})?(-p\d{4})?(-discarded)?\.parquet(\.[0-9a-f-]+)?\.tmp$`)

// CleanLitter removes the temporary files that processes killed while
// writing left in OUT: those of runs that no live process holds.
func CleanLitter(out string) {
	tmps, _ := filepath.Glob(filepath.Join(out, "*", "run_date=*", ".*.parquet*.tmp"))
	live := map[string]bool{}
	for _, f := range tmps {
		m := tmpName.FindStringSubmatch(filepath.Base(f))
		if m == nil {
			continue
		}
		run := m[1] + m[2] // the lock of a shard is its run id and -sNNNN
		if _, seen := live[run]; !seen {
			live[run] = RunLocked(out, run)
		}
		if !live[run] {
			os.Remove(f)
		}
	}
}

// AsOf is the time a run describes: runs.as_of, or for runs written
// before that column, their start.
func AsOf(r schema.Run) time.Time {
	if r.AsOf.IsZero() {
		return r.StartedAt
	}
	return r.AsOf
}
