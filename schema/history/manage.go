package history

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/pysurvey/pysurvey/schema"
)

// RunInfo is one run of an output root, as pysurvey runs lists it.
type RunInfo struct {
	// Run is the run's row; for a run without one (killed, or being
	// written) only RunID and StartedAt are set.
	Run schema.Run
	// State is the runs row's status, 'discarded' when discarded, and for
	// runs without a row 'running' (a process holds its lock) or
	// 'unfinished' (killed: pysurvey run --resume continues it).
	State string
	// Parts counts the parts it committed.
	Parts int
}

// List returns the runs of an output root, oldest first by the time they
// describe (AsOf).
func List(out string) ([]RunInfo, error) {
	byID := map[string]*RunInfo{}
	for _, r := range RunsRows(out) {
		info := byID[r.RunID]
		if info == nil {
			info = &RunInfo{}
			byID[r.RunID] = info
		}
		if r.Status == "discarded" {
			info.State = "discarded"
			if info.Run.RunID == "" {
				info.Run = r
			}
			continue
		}
		info.Run = r
		if info.State != "discarded" {
			info.State = r.Status
		}
	}
	parts, _ := filepath.Glob(filepath.Join(out, schema.ReposTable.Name, "run_date=*", "*-p[0-9][0-9][0-9][0-9].parquet"))
	for _, p := range parts {
		id, _, _, ok := schema.ParsePart(strings.TrimSuffix(filepath.Base(p), ".parquet"))
		if !ok {
			continue
		}
		info := byID[id]
		if info == nil {
			started, err := RunIDTime(id)
			if err != nil {
				continue
			}
			info = &RunInfo{Run: schema.Run{RunID: id, StartedAt: started}, State: "unfinished"}
			if RunLocked(out, id) {
				info.State = "running"
			}
			byID[id] = info
		}
		info.Parts++
	}
	runs := make([]RunInfo, 0, len(byID))
	for _, info := range byID {
		runs = append(runs, *info)
	}
	sort.Slice(runs, func(i, j int) bool {
		a, b := AsOf(runs[i].Run), AsOf(runs[j].Run)
		if !a.Equal(b) {
			return a.Before(b)
		}
		return runs[i].Run.RunID < runs[j].Run.RunID
	})
	return runs, nil
}

// Discard marks a complete run so that no query selects it: a second runs
// row, status 'discarded', in <run-id>-discarded.parquet beside the run's
// own. Nothing is deleted.
func Discard(out, runID string, now time.Time) error {
	files := schema.RunFiles(out, schema.RunsTable, runID)
	var row *schema.Run
	for _, f := range files {
		rows, err := schema.ReadFile[schema.Run](schema.RunsTable, f)
		if err != nil {
			return fmt.Errorf("reading %s: %w", f, err)
		}
		for _, r := range rows {
			if r.Status == "discarded" {
				return fmt.Errorf("run %s is discarded already", runID)
			}
			r := r
			row = &r
		}
	}
	if row == nil {
		return fmt.Errorf("no run %s in %s (pysurvey runs lists them)", runID, out)
	}
	mark := *row
	mark.Status, mark.FinishedAt = "discarded", now.UTC()
	w, err := schema.NewWriter[schema.Run](schema.RunsTable,
		filepath.Join(filepath.Dir(files[0]), runID+schema.DiscardedSuffix+".parquet"), schema.FileMeta{RunID: runID})
	if err != nil {
		return err
	}
	if err := w.Append(&mark); err != nil {
		w.Abort()
		return err
	}
	return w.Close()
}

// Retention says which complete runs a prune keeps: the latest one always,
// the last run of each of the Daily most recent days that have a complete
// run, and of each of the Monthly most recent months.
type Retention struct {
	Daily, Monthly int
}

// Pruned is what a prune removed (or, dry, would remove).
type Pruned struct {
	// Runs names the runs removed.
	Runs []string
	// Files counts the files removed and Bytes their size.
	Files int
	Bytes int64
	// KeptParts counts the parts of removed runs kept because a kept run
	// reads their facts (a repository carried forward).
	KeptParts int
}

// Prune removes the runs that keep does not keep: complete runs beyond the
// retention, and failed, interrupted, discarded and killed runs older than
// the newest kept run. It never removes the latest complete run, a run
// being written (its lock is held), or the fact files of a part that a kept
// run reads (its repositories carried forward point there). With dry, it
// only says what it would remove.
func Prune(out string, keep Retention, dry bool) (Pruned, error) {
	runs, err := List(out)
	if err != nil {
		return Pruned{}, err
	}
	kept := keptRuns(runs, keep)
	var newestKept time.Time
	for _, r := range runs {
		if kept[r.Run.RunID] && AsOf(r.Run).After(newestKept) {
			newestKept = AsOf(r.Run)
		}
	}
	// The parts of facts that kept runs read.
	referenced := map[string]bool{}
	for id := range kept {
		byPart, err := CommittedRepos(out, id)
		if err != nil {
			return Pruned{}, fmt.Errorf("reading run %s: %w", id, err)
		}
		for _, rows := range byPart {
			for _, row := range rows {
				if row.Part != "" {
					referenced[filepath.Base(row.Part)] = true
				}
			}
		}
	}
	var res Pruned
	for _, r := range runs {
		id := r.Run.RunID
		if kept[id] || r.State == "running" || RunLocked(out, id) || !AsOf(r.Run).Before(newestKept) {
			continue
		}
		res.Runs = append(res.Runs, id)
		for _, f := range runFilesAll(out, id) {
			part := strings.TrimSuffix(filepath.Base(f), ".parquet")
			if referenced[part] && factFile(f) {
				res.KeptParts++
				continue
			}
			fi, err := os.Stat(f)
			if err != nil {
				continue
			}
			res.Files++
			res.Bytes += fi.Size()
			if !dry {
				if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
					return res, fmt.Errorf("removing %s: %w", f, err)
				}
			}
		}
		if !dry {
			os.Remove(filepath.Join(out, ".pysurvey", id+".lock"))
		}
	}
	return res, nil
}

// keptRuns picks the complete, not discarded runs a retention keeps.
func keptRuns(runs []RunInfo, keep Retention) map[string]bool {
	kept := map[string]bool{}
	days, months := map[string]bool{}, map[string]bool{}
	for i := len(runs) - 1; i >= 0; i-- { // newest first: a day's first is its last run
		r := runs[i]
		if r.State != "complete" {
			continue
		}
		day, month := AsOf(r.Run).UTC().Format(time.DateOnly), AsOf(r.Run).UTC().Format("2006-01")
		newDay, newMonth := !days[day], !months[month]
		days[day], months[month] = true, true
		if len(kept) == 0 || newDay && len(days) <= keep.Daily || newMonth && len(months) <= keep.Monthly {
			kept[r.Run.RunID] = true
		}
	}
	return kept
}

// runFilesAll lists every file a run wrote, of every table (the hidden
// temporary files of a killed run included).
func runFilesAll(out, runID string) []string {
	own := regexp.MustCompile(`^\.?` + regexp.QuoteMeta(runID) + `(-s\d{4}-p\d{4}|-s\d{4}|-p\d{4}|-\d{4}|` + schema.DiscardedSuffix + `)?\.parquet((\.[0-9a-f-]+)?\.tmp)?$`)
	var files []string
	all, _ := filepath.Glob(filepath.Join(out, "*", "run_date=*", "*"+runID+"*"))
	for _, f := range all {
		if own.MatchString(filepath.Base(f)) {
			files = append(files, f)
		}
	}
	return files
}

// factFile reports whether a part file holds fact rows that a later run
// may read in place: those of the fact tables and pattern_hits.
func factFile(path string) bool {
	table := filepath.Base(filepath.Dir(filepath.Dir(path)))
	for _, t := range append(schema.FactTables(), schema.PatternHitsTable) {
		if t.Name == table {
			return true
		}
	}
	return false
}
