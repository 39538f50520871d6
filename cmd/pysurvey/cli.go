package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/alecthomas/kong"
)

// CLI is the command line: global flags and one command per verb.
type CLI struct {
	LogFormat string `name:"log-format" enum:"text,json" default:"text" help:"Format of log lines on stderr: text or json."`
	LogLevel  string `name:"log-level" enum:"debug,info,warn,error" default:"info" help:"Least severe log level shown."`

	Run     RunCmd     `cmd:"" help:"Survey the repositories of a repo list (or the bundled sample) and write Parquet."`
	Repos   ReposCmd   `cmd:"" help:"Print the repo list of a GitHub organisation or user, or a GitLab group, for run --repos."`
	Query   QueryCmd   `cmd:"" help:"Run a shipped query over a survey's output."`
	Queries QueriesCmd `cmd:"" help:"List the shipped queries."`
	SQL     SQLCmd     `cmd:"" name:"sql" help:"Run SQL over a survey's output."`
	Runs    RunsCmd    `cmd:"" help:"List, discard and prune the runs of a survey's output."`
	Views   ViewsCmd   `cmd:"" help:"Print the SQL that makes pysurvey's views over a survey's output in any DuckDB (CLI, Python, notebooks)."`
	Schema  SchemaCmd  `cmd:"" help:"Print the data dictionary of every table."`
	Version VersionCmd `cmd:"" help:"Print the version."`
}

// Env is what every verb runs with: the streams, the environment and a
// logger. Data goes to Stdout, logs and progress to Stderr.
type Env struct {
	Ctx    context.Context
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	Logger *slog.Logger
}

// exitError carries an exit code other than 1.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// Main parses args, runs the verb and returns the exit code: 0 on
// success, 1 on failure, 2 for usage errors, 130 when interrupted.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	var cli CLI
	exited := -1
	parser, err := kong.New(&cli,
		kong.Name("pysurvey"),
		kong.Description("Survey Python repositories for architecture patterns; answer questions with SQL over the Parquet it writes."),
		kong.UsageOnError(),
		kong.Writers(stdout, stderr),
		kong.Exit(func(code int) { exited = code }),
	)
	if err != nil {
		fmt.Fprintln(stderr, "pysurvey:", err)
		return 2
	}
	kctx, err := parser.Parse(args)
	if exited >= 0 {
		return exited
	}
	if err != nil {
		fmt.Fprintln(stderr, "pysurvey:", err)
		return 2
	}
	env := &Env{Ctx: ctx, Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: getenv, Logger: newLogger(stderr, cli.LogFormat, cli.LogLevel)}
	if err := kctx.Run(env); err != nil {
		fmt.Fprintln(stderr, "pysurvey:", err)
		var ee *exitError
		switch {
		case errors.As(err, &ee):
			return ee.code
		case ctx.Err() != nil:
			return 130
		}
		return 1
	}
	return 0
}

func newLogger(w io.Writer, format, level string) *slog.Logger {
	var lv slog.Level
	lv.UnmarshalText([]byte(level))
	opts := &slog.HandlerOptions{Level: lv}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
