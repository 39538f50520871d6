package schema

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"time"
)

// DiscardedSuffix ends the name of the runs file that marks a run
// discarded: <run-id>-discarded.parquet, beside the run's own.
const DiscardedSuffix = "-discarded"

// RunFiles lists the files of a table that a run wrote under dir: its
// parts (<run-id>-pNNNN.parquet), for the runs table its row
// (<run-id>.parquet, and <run-id>-discarded.parquet when discarded), and
// the files of the earlier layout (<run-id>.parquet, <run-id>-NNNN.parquet).
func RunFiles(dir string, t *Table, runID string) []string {
	names := []string{runID + ".parquet", runID + "-p[0-9][0-9][0-9][0-9].parquet", runID + "-s[0-9][0-9][0-9][0-9]-p[0-9][0-9][0-9][0-9].parquet",
		runID + "-[0-9][0-9][0-9][0-9].parquet"}
	switch t {
	case RunsTable:
		names = []string{runID + ".parquet", runID + DiscardedSuffix + ".parquet"}
	case ShardsTable:
		names = []string{runID + "-s[0-9][0-9][0-9][0-9].parquet"}
	}
	var files []string
	for _, name := range names {
		m, _ := filepath.Glob(filepath.Join(dir, t.Name, "run_date=*", name))
		files = append(files, m...)
	}
	return files
}

// PartName names part n of a run: <run-id>-pNNNN, or <run-id>-sSSSS-pNNNN
// for shard s of a sharded run (shard < 0: not sharded).
func PartName(runID string, shard, n int) string {
	if shard < 0 {
		return fmt.Sprintf("%s-p%04d", runID, n)
	}
	return fmt.Sprintf("%s-s%04d-p%04d", runID, shard, n)
}

// partName matches the names PartName makes.
var partName = regexp.MustCompile(`^([0-9A-Za-z][0-9A-Za-z-]*?)(?:-s(\d{4}))?-p(\d{4})$`)

// ParsePart splits a part's name into its run id, shard (-1 when not
// sharded) and number.
func ParsePart(name string) (runID string, shard, n int, ok bool) {
	m := partName.FindStringSubmatch(name)
	if m == nil {
		return "", 0, 0, false
	}
	shard = -1
	if m[2] != "" {
		shard, _ = strconv.Atoi(m[2])
	}
	n, _ = strconv.Atoi(m[3])
	return m[1], shard, n, true
}

// reservedEnd matches the ends a run id may not have, which would make
// its file names those of another run's parts or marks.
var reservedEnd = regexp.MustCompile(`-(s\d{4}|p\d{4}|\d{4}|discarded)$`)

// runIDShape is what a run id may be: letters, digits and '-', at most
// 100 characters, starting with a letter or digit.
var runIDShape = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z-]{0,99}$`)

// CheckRunID refuses run ids that would make ambiguous file names.
func CheckRunID(id string) error {
	switch {
	case !runIDShape.MatchString(id):
		return fmt.Errorf("run id %q: want letters, digits and '-', at most 100, starting with a letter or digit", id)
	case reservedEnd.MatchString(id):
		return fmt.Errorf("run id %q: may not end in -sNNNN, -pNNNN, -NNNN or -discarded (the names of parts)", id)
	}
	return nil
}

// PartPath is where a table's file of one part lies: under the output
// root, the table's directory, the run date's partition, then the part's
// name (<run-id>-p<NNNN>).
func PartPath(dir string, table *Table, runDate time.Time, name string) string {
	return filepath.Join(dir, table.Name, PartitionOf(runDate), name+".parquet")
}

// PartFile is where a table's file of a part lies, the part named as
// repos.part names it: run_date=<date>/<part name>.
func PartFile(dir string, table *Table, part string) string {
	return filepath.Join(dir, table.Name, filepath.FromSlash(part)+".parquet")
}

// PartitionOf names the hive partition directory of a run date.
func PartitionOf(runDate time.Time) string {
	return "run_date=" + runDate.UTC().Format(time.DateOnly)
}

// PartFiles names the files of one part of a run, for the interpretation
// that computes its per-repository results.
type PartFiles struct {
	// RunID is the run writing the part; Name is the part's name.
	RunID, Name string
	// Inputs holds the complete file of each table of the part, by table
	// name: files, imports, symbols, dependencies, projects and repos.
	Inputs map[string]string
	// Outputs holds, by table name, the path at which to write each of
	// ResultTables whole; the caller moves them into place.
	Outputs map[string]string
	// Carried lists the repositories of the part carried forward from an
	// earlier run: their rows of repo_summary, repo_patterns and
	// repo_imports are copied from the part named, under Dir, not computed.
	Carried []Carried
	// Dir is the output root the carried parts lie under.
	Dir string
}

// Carried is a repository carried forward unchanged from an earlier run
// (From): the part of that run (run_date=D/<name>) whose result files
// hold its rows.
type Carried struct {
	Repo, From, Part string
}
