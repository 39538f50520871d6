package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"

	"github.com/pysurvey/pysurvey/queries"
)

// DataFlags select the data a query reads.
type DataFlags struct {
	Data     PathFlag   `default:"./survey-out" help:"Output directory of pysurvey run." placeholder:"DIR"`
	AllRuns  bool       `name:"all-runs" xor:"runs" help:"Read every complete run instead of the latest."`
	Run      TextFlag   `xor:"runs" help:"Read the complete run with this run_id instead of the latest." placeholder:"RUN_ID"`
	Patterns PathFlag   `help:"CSV of pattern rows adding to or overriding the shipped catalog." placeholder:"FILE"`
	Param    []TextFlag `short:"p" sep:"none" help:"Query parameter NAME=VALUE, bound as $NAME (repeatable)." placeholder:"NAME=VALUE"`
	ReadOnly bool       `name:"read-only" help:"Run SQL read-only: one SELECT or EXPLAIN, no file read outside the data, nothing written, no network, no extension (for SQL written by others)."`
	OutputFlags
}

// OutputFlags say how a verb prints its answer.
type OutputFlags struct {
	Format  string    `short:"f" enum:"table,vertical,csv,json,markdown" default:"table" help:"Output format: table, vertical (one column a line), csv (lists as JSON text), json (an array of objects, keys in column order) or markdown."`
	Columns []string  `help:"Print only these columns, in this order (comma-separated)." placeholder:"COL"`
	Width   WidthFlag `default:"auto" help:"Width of table and vertical lines: longer values are cut to fit, marked with …. auto: the terminal's width, no limit when stdout is not a terminal; 0: no limit." placeholder:"N"`
}

// print writes the result as the flags say.
func (o *OutputFlags) print(env *Env, res *queries.Result) error {
	if len(o.Columns) > 0 {
		var err error
		if res, err = res.Select(o.Columns); err != nil {
			return &exitError{code: 2, err: fmt.Errorf("--columns: %w", err)}
		}
	}
	return res.Print(env.Stdout, queries.Output{Format: o.Format, Width: o.Width.columns(env)})
}

// WidthFlag is a line width in columns, or auto (-1).
type WidthFlag int

// UnmarshalText parses auto or a number of columns.
func (w *WidthFlag) UnmarshalText(text []byte) error {
	s := strings.TrimSpace(string(text))
	if s == "auto" {
		*w = -1
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return fmt.Errorf("invalid width %q (want auto, 0 for no limit, or a number of columns)", text)
	}
	*w = WidthFlag(n)
	return nil
}

// columns returns the width to print at: auto is the terminal's width
// when stdout is a terminal, else no limit (0).
func (w WidthFlag) columns(env *Env) int {
	if w >= 0 {
		return int(w)
	}
	if f, ok := env.Stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
			return cols
		}
	}
	return 0
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
		return &exitError{code: 2, err: unknownQuery(string(c.Name))}
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
	return c.print(env, res)
}
