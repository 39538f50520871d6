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
	Data     PathFlag   `default:"./survey-out" help:"Output directory or bucket URL of pysurvey run (s3://bucket/prefix, gs://…, azblob://…): a bucket's files that the query reads are copied under the cache directory first, and reused while unchanged." placeholder:"DIR|URL"`
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
// For data in a bucket, what stmt reads is pulled first (allRuns: a query
// over every complete run); close releases the DB and the copy.
func (d *DataFlags) open(env *Env, stmt string, allRuns bool) (db *queries.DB, params map[string]string, close func(), err error) {
	params, err = d.params()
	if err != nil {
		return nil, nil, nil, &exitError{code: 2, err: err}
	}
	o, err := openData(env, string(d.Data), []string{stmt}, string(d.Run), d.AllRuns || allRuns, string(d.Patterns))
	if err != nil {
		return nil, nil, nil, err
	}
	db, err = queries.Open(env.Ctx, queries.Options{DataDir: o.dir, AllRuns: d.AllRuns, RunID: string(d.Run), PatternsFile: string(d.Patterns),
		ReadOnly: d.ReadOnly, Partial: o.root.Remote(), Logger: env.Logger})
	if errors.Is(err, queries.ErrCatalog) {
		err = &exitError{code: 2, err: err}
	}
	if err != nil {
		o.close(env)
		return nil, nil, nil, err
	}
	return db, params, func() { db.Close(); o.close(env) }, nil
}

// QueryCmd runs a shipped query.
type QueryCmd struct {
	Name TextFlag `arg:"" help:"Query name (pysurvey queries lists them)."`
	DataFlags
}

// Run prints the query's answer.
func (c *QueryCmd) Run(env *Env) error {
	q, err := queries.Get(string(c.Name))
	if err != nil {
		return &exitError{code: 2, err: unknownQuery(string(c.Name))}
	}
	db, params, close, err := c.open(env, q.SQL, q.AllRuns)
	if err != nil {
		return err
	}
	defer close()
	res, err := db.Query(env.Ctx, string(c.Name), params)
	if err != nil {
		return err
	}
	return c.print(env, res)
}
