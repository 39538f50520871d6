package main

import (
	"fmt"

	"github.com/pysurvey/pysurvey/queries"
	"github.com/pysurvey/pysurvey/queries/report"
)

// DiffCmd lists what changed between two runs.
type DiffCmd struct {
	Data     string `default:"./survey-out" help:"Output directory or bucket URL of pysurvey run." placeholder:"DIR|URL"`
	From     string `help:"Earlier run: a run_id, or a UTC date YYYY-MM-DD for that day's last complete run (default: the complete run before --to)." placeholder:"RUN"`
	To       string `help:"Later run: a run_id or a UTC date (default: the latest complete run)." placeholder:"RUN"`
	Patterns string `help:"CSV of pattern rows adding to or overriding the shipped catalog." placeholder:"FILE" type:"existingfile"`
	OutputFlags
}

// Run prints one row per change: repo, change (added, removed, failed,
// recovered, changed), field, from, to. The table, vertical and markdown
// formats start with a line naming the two runs.
func (c *DiffCmd) Run(env *Env) error {
	o, err := openData(env, c.Data, []string{resultsOfEveryRun}, "", true, c.Patterns)
	if err != nil {
		return err
	}
	defer o.close(env)
	changes, err := report.Diff(env.Ctx, report.DiffOptions{DataDir: o.dir, From: c.From, To: c.To, PatternsFile: c.Patterns, Partial: o.root.Remote()})
	if err != nil {
		return err
	}
	switch c.Format {
	case "table", "vertical", "markdown":
		fmt.Fprintf(env.Stdout, "Changes from run %s to run %s: %d repositories changed\n\n",
			queries.Printable(changes.From.String()), queries.Printable(changes.To.String()), changes.Count(""))
	}
	return c.print(env, changes.Result())
}
