package main

import (
	"fmt"
	"strings"

	"github.com/pysurvey/pysurvey/queries"
)

// DataFlags select the data a query reads.
type DataFlags struct {
	Data     string   `default:"./survey-out" help:"Output directory of pysurvey run." placeholder:"DIR"`
	AllRuns  bool     `name:"all-runs" help:"Read every complete run instead of the latest."`
	Run      string   `help:"Read the complete run with this run_id instead of the latest." placeholder:"RUN_ID"`
	Format   string   `short:"f" enum:"table,csv,json,markdown" default:"table" help:"Output format: table, csv, json or markdown."`
	Patterns string   `help:"CSV of pattern rows adding to or overriding the shipped catalog." placeholder:"FILE" type:"existingfile"`
	Param    []string `short:"p" help:"Query parameter NAME=VALUE, bound as $NAME (repeatable)." placeholder:"NAME=VALUE"`
}

// open opens the views over the data and parses the parameters.
func (d *DataFlags) open(env *Env) (*queries.DB, map[string]string, error) {
	params := map[string]string{}
	for _, p := range d.Param {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" {
			return nil, nil, &exitError{code: 2, err: fmt.Errorf("parameter %q: want NAME=VALUE", p)}
		}
		params[k] = v
	}
	db, err := queries.Open(env.Ctx, queries.Options{DataDir: d.Data, AllRuns: d.AllRuns, RunID: d.Run, PatternsFile: d.Patterns})
	return db, params, err
}

// QueryCmd runs a shipped query.
type QueryCmd struct {
	Name string `arg:"" help:"Query name (pysurvey queries lists them)."`
	DataFlags
}

// Run prints the query's answer.
func (c *QueryCmd) Run(env *Env) error {
	if _, err := queries.Get(c.Name); err != nil {
		return &exitError{code: 2, err: err}
	}
	db, params, err := c.open(env)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.Query(env.Ctx, c.Name, params)
	if err != nil {
		return err
	}
	return res.Write(env.Stdout, c.Format)
}
