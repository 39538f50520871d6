package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/pysurvey/pysurvey/queries/report"
)

// ReportCmd writes the HTML report of a survey.
type ReportCmd struct {
	Data     string `default:"./survey-out" help:"Output directory or bucket URL of pysurvey run." placeholder:"DIR|URL"`
	Out      string `default:"report.html" help:"HTML file to write; '-' writes to stdout." placeholder:"FILE"`
	RunID    string `name:"run" help:"Report the complete run with this run_id instead of the latest." placeholder:"RUN_ID"`
	Patterns string `help:"CSV of pattern rows adding to or overriding the shipped catalog." placeholder:"FILE" type:"existingfile"`
}

// Run builds the report and writes it, whole or not at all: the file is
// written under a temporary name and renamed when complete.
func (c *ReportCmd) Run(env *Env) error {
	// From a bucket: the results of every run (trends), the files and
	// projects of the run reported.
	o, err := openData(env, c.Data, []string{resultsOfEveryRun}, "", true, c.Patterns)
	if err != nil {
		return err
	}
	defer o.close(env)
	if o.root.Remote() {
		if err := o.pullForQuery(env.Ctx, []string{"files projects"}, c.RunID, false, c.Patterns != ""); err != nil {
			return fmt.Errorf("reading %s: %w", o.root, err)
		}
	}
	r, err := report.Build(env.Ctx, report.Options{DataDir: o.dir, RunID: c.RunID, PatternsFile: c.Patterns, ToolVersion: version, Partial: o.root.Remote()})
	if err != nil {
		return err
	}
	if c.Out == "-" {
		return r.WriteHTML(env.Stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.Out), "."+filepath.Base(c.Out)+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := r.WriteHTML(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("writing report %s: %w", c.Out, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("writing report %s: %w", c.Out, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing report %s: %w", c.Out, err)
	}
	if err := os.Rename(tmp.Name(), c.Out); err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	env.Logger.Info("report written", "path", c.Out, "run_id", r.Run.ID, "repos", len(r.Repos))
	return nil
}

// resultsOfEveryRun names the per-repository results, for pulls of every
// run's (trends, diffs).
const resultsOfEveryRun = "repo_summary repo_patterns repo_imports"
