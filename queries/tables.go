package queries

import (
	"github.com/pysurvey/pysurvey/schema"
)

// TablesRead returns the tables of an output root that a statement reads,
// directly or through the helper views and macros it names (and those
// they name): what a copy of a bucket must hold for it (cmd: query --data
// s3://…). It errs on the side of more: a word of the statement that
// names a table counts, whatever it stands for there (a column named
// files too). The runs and repos tables are always among them.
func TablesRead(stmt string) ([]*schema.Table, error) {
	views, err := helperViews()
	if err != nil {
		return nil, err
	}
	texts := []string{stripComments(stmt)}
	// The query DB reads the persisted results under their helper views'
	// names: those are not expanded.
	seen := map[string]bool{"repo_architecture": true}
	for _, t := range schema.ResultTables() {
		seen[t.Name] = true
	}
	for i := 0; i < len(texts); i++ {
		for _, v := range views {
			if !seen[v.name] && references(texts[i], v.name) {
				seen[v.name] = true
				texts = append(texts, v.code)
			}
		}
	}
	all := append(append(schema.FactTables(), schema.ResultTables()...), schema.ShardsTable)
	// Derived views of the query DB, and what they read.
	derived := map[string]*schema.Table{"repo_architecture": schema.RepoSummaryTable}
	read := map[*schema.Table]bool{schema.RunsTable: true, schema.ReposTable: true}
	for _, text := range texts {
		for _, t := range all {
			if references(text, t.Name) {
				read[t] = true
			}
		}
		for name, t := range derived {
			if references(text, name) {
				read[t] = true
			}
		}
	}
	var out []*schema.Table
	for _, t := range append([]*schema.Table{schema.RunsTable, schema.ReposTable}, all...) {
		if read[t] {
			out = append(out, t)
			delete(read, t)
		}
	}
	return out, nil
}
