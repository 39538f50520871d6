package main

import (
	"github.com/pysurvey/pysurvey/queries"
)

// ViewsCmd prints the SQL that makes pysurvey's views in a plain DuckDB.
type ViewsCmd struct {
	Data     string `default:"./survey-out" help:"Output directory of pysurvey run." placeholder:"DIR"`
	AllRuns  bool   `name:"all-runs" help:"The table views cover every complete run instead of the latest."`
	RunID    string `name:"run" help:"The table views cover the complete run with this run_id." placeholder:"RUN_ID"`
	Patterns string `help:"CSV of pattern rows adding to or overriding the shipped catalog (for the helper views)." placeholder:"FILE" type:"existingfile"`
}

// Help says how to use the script.
func (c *ViewsCmd) Help() string {
	return `The script creates, in any DuckDB, the views pysurvey's queries read: runs, repos, files, imports,
symbols, dependencies, projects and the per-repository results (repo_summary, repo_patterns, pattern_hits,
repo_imports, repo_architecture) over the selected runs, their all_ forms over every complete run, the
catalogs (patterns, stdlib) and the helper macros and views of queries/views. For example:

    pysurvey views --data OUT > views.sql
    duckdb -init views.sql -c "SELECT * FROM framework_share"    # (the shipped query's SQL, see pysurvey queries)
    python -c "import duckdb; c = duckdb.connect(); c.execute(open('views.sql').read()); print(c.sql('FROM repo_summary'))"

Results are read as each run wrote them.`
}

// Run prints the script.
func (c *ViewsCmd) Run(env *Env) error {
	if err := localOnly("views (a script of the files' local paths)", c.Data); err != nil {
		return err
	}
	db, err := queries.Open(env.Ctx, queries.Options{DataDir: c.Data, AllRuns: c.AllRuns, RunID: c.RunID, PatternsFile: c.Patterns,
		Logger: env.Logger, AsWritten: true, Script: true})
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Script(env.Ctx, env.Stdout)
}
