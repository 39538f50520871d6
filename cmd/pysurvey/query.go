package main

import (
	"errors"

	"github.com/pysurvey/pysurvey/queries"
)

// DataFlags select the data a query reads.
type DataFlags struct {
	Data     PathFlag   `default:"./survey-out" help:"Output directory of pysurvey run." placeholder:"DIR"`
	AllRuns  bool       `name:"all-runs" xor:"runs" help:"Read every complete run instead of the latest."`
	Run      TextFlag   `xor:"runs" help:"Read the complete run with this run_id instead of the latest." placeholder:"RUN_ID"`
	Format   string     `short:"f" enum:"table,csv,json,markdown" default:"table" help:"Output format: table, csv, json or markdown."`
	Patterns PathFlag   `help:"CSV of pattern rows adding to or overriding the shipped catalog." placeholder:"FILE"`
	Param    []TextFlag `short:"p" sep:"none" help:"Query parameter NAME=VALUE, bound as $NAME (repeatable)." placeholder:"NAME=VALUE"`
	ReadOnly bool       `name:"read-only" help:"Run SQL read-only: one SELECT or EXPLAIN, no file read outside the data, nothing written, no network, no extension (for SQL written by others)."`
}

// open opens the views over the data and parses the parameters. A
// pattern catalog that cannot be used is a usage error (exit 2).
func (d *DataFlags) open(env *Env) (*queries.DB, map[string]string, error) {
	params, err := d.params()
	if err != nil {
		return nil, nil, &exitError{code: 2, err: err}
	}
	db, err := queries.Open(env.Ctx, queries.Options{DataDir: string(d.Data), AllRuns: d.AllRuns, RunID: string(d.Run), PatternsFile: string(d.Patterns),
		ReadOnly: d.ReadOnly, Logger: env.Logger})
	if errors.Is(err, queries.ErrCatalog) {
		err = &exitError{code: 2, err: err}
	}
	return db, params, err
}

// QueryCmd runs a shipped query.
type QueryCmd struct {
	Name TextFlag `arg:"" help:"Query name (pysurvey queries lists them)."`
	DataFlags
}

// Run prints the query's answer.
func (c *QueryCmd) Run(env *Env) error {
	if _, err := queries.Get(string(c.Name)); err != nil {
		return &exitError{code: 2, err: err}
	}
	db, params, err := c.open(env)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.Query(env.Ctx, string(c.Name), params)
	if err != nil {
		return err
	}
	return res.Write(env.Stdout, c.Format)
}
