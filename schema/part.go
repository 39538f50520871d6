package schema

import (
	"path/filepath"
	"time"
)

// PartPath is where a table's file of one part lies: under the output
// root, the table's directory, the run date's partition, then the part's
// name (<run-id>-p<NNNN>).
func PartPath(dir string, table *Table, runDate time.Time, name string) string {
	return filepath.Join(dir, table.Name, PartitionOf(runDate), name+".parquet")
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
}
