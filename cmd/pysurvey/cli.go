package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"strings"
	"sync"

	"github.com/alecthomas/kong"

	"github.com/pysurvey/pysurvey/queries"
	"github.com/pysurvey/pysurvey/schema"
)

// CLI is the command line: global flags and one command per verb.
type CLI struct {
	LogFormat string           `name:"log-format" enum:"text,json" default:"text" help:"Format of log lines on stderr; json writes one object a line, durations in seconds."`
	LogLevel  string           `name:"log-level" enum:"debug,info,warn,error" default:"info" help:"Least severe log level shown."`
	Version   kong.VersionFlag `name:"version" help:"Print the version and exit."`

	Run        RunCmd      `cmd:"" help:"Survey the repositories of a repo list (or the bundled sample) and write Parquet."`
	Repos      ReposCmd    `cmd:"" help:"Print the repo list of a GitHub organisation or user, or a GitLab group, for run --repos."`
	Query      QueryCmd    `cmd:"" help:"Run a shipped query over a survey's output."`
	Queries    QueriesCmd  `cmd:"" help:"List the shipped queries."`
	SQL        SQLCmd      `cmd:"" name:"sql" help:"Run SQL over a survey's output."`
	Backfill   BackfillCmd `cmd:"" help:"Survey the repositories as of a series of past dates (weekly, monthly, quarterly): one complete run per point, oldest first, resumable."`
	Finalize   FinalizeCmd `cmd:"" help:"Complete a sharded run once every shard is done: check the shards' output, write the runs row and the current tables."`
	Report     ReportCmd   `cmd:"" help:"Write a survey's findings as one self-contained HTML file."`
	Diff       DiffCmd     `cmd:"" help:"List what changed between two runs: repositories added, removed, failed, and changed frameworks, architectures, package managers and patterns."`
	Runs       RunsCmd     `cmd:"" help:"List, discard and prune the runs of a survey's output."`
	Views      ViewsCmd    `cmd:"" help:"Print the SQL that makes pysurvey's views over a survey's output in any DuckDB (CLI, Python, notebooks)."`
	Schema     SchemaCmd   `cmd:"" help:"Print the data dictionary of every table."`
	VersionCmd VersionCmd  `cmd:"" name:"version" help:"Print the version."`
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
	// logs is where Logger writes: Stderr, or a progress bar that prints
	// log lines above itself while a run draws it.
	logs *logWriter
}

// exitError carries an exit code other than 1.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// Main parses args, runs the verb and returns the exit code: 0 on
// success, 1 on failure, 2 for usage errors, 130 when interrupted. A
// fatal error is the last line on stderr: "pysurvey: ..." as text, or a
// log record in JSON mode.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	var cli CLI
	exited := -1
	logs := &logWriter{w: stderr}
	parser, err := kong.New(&cli,
		kong.Name("pysurvey"),
		kong.Description("Survey Python repositories for architecture patterns; answer questions with SQL over the Parquet it writes."),
		kong.Writers(stdout, stderr),
		kong.Exit(func(code int) { exited = code }),
		kong.Vars{"version": versionText()},
		kong.ValueFormatter(helpWithDefaults),
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
		fail(newLogger(logs, logFormatOf(args), "info"), logFormatOf(args), stderr, err, 2)
		return 2
	}
	env := &Env{Ctx: ctx, Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: getenv, logs: logs,
		Logger: newLogger(logs, cli.LogFormat, cli.LogLevel)}
	if err := kctx.Run(env); err != nil {
		code := 1
		var ee *exitError
		switch {
		case errors.As(err, &ee):
			code = ee.code
		case ctx.Err() != nil:
			code = 130
		}
		fail(env.Logger, cli.LogFormat, stderr, err, code)
		return code
	}
	return 0
}

// fail reports the error that ends the process: a log record in JSON
// mode (with the run_id of the logger, when a run began), else a
// "pysurvey: ..." line with control characters escaped.
func fail(logger *slog.Logger, format string, stderr io.Writer, err error, code int) {
	if format == "json" {
		logger.Error("pysurvey failed", "error", err.Error(), "exit_code", code)
		return
	}
	lines := strings.Split(err.Error(), "\n")
	for i, l := range lines {
		lines[i] = queries.Printable(l)
	}
	fmt.Fprintln(stderr, "pysurvey:", strings.Join(lines, "\n"))
}

// logFormatOf finds --log-format in args that did not parse, so that a
// usage error is reported in the format asked for.
func logFormatOf(args []string) string {
	for i, a := range args {
		if a == "--" {
			break
		}
		if v, ok := strings.CutPrefix(a, "--log-format="); ok {
			return v
		}
		if a == "--log-format" && i+1 < len(args) {
			return args[i+1]
		}
	}
	return "text"
}

// newLogger makes the logger of the process. Text lines quote and escape
// any value holding control characters (log/slog does). JSON lines carry
// durations as seconds, numbers, and texts with their control characters
// escaped as text (queries.Printable): JSON's own \u0000 would give a
// reader the raw NUL of an error message back.
func newLogger(w io.Writer, format, level string) *slog.Logger {
	var lv slog.Level
	lv.UnmarshalText([]byte(level))
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: lv, ReplaceAttr: jsonValue}))
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: lv}))
}

// jsonValue writes a duration as seconds, rounded to the millisecond
// (slog's JSON handler would write nanoseconds), and a text or an error
// as printable text.
func jsonValue(_ []string, a slog.Attr) slog.Attr {
	switch a.Value.Kind() {
	case slog.KindDuration:
		a.Value = slog.Float64Value(math.Round(a.Value.Duration().Seconds()*1000) / 1000)
	case slog.KindString:
		a.Value = slog.StringValue(queries.Printable(a.Value.String()))
	case slog.KindAny:
		if err, ok := a.Value.Any().(error); ok {
			a.Value = slog.StringValue(queries.Printable(err.Error()))
		}
	}
	return a
}

// logWriter is where log lines go; a progress bar takes them over while
// it is drawn, to print them above itself.
type logWriter struct {
	mu sync.Mutex
	w  io.Writer
}

// Write writes one log line.
func (l *logWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// redirect sends log lines to w until the returned function is called.
func (l *logWriter) redirect(w io.Writer) (restore func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	old := l.w
	l.w = w
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.w = old
	}
}

// helpWithDefaults adds the allowed values and the default to the help of
// every flag: "(one of: text, json; default: text)".
func helpWithDefaults(v *kong.Value) string {
	help := kong.DefaultHelpValueFormatter(v)
	var notes []string
	if v.Enum != "" {
		notes = append(notes, "one of: "+strings.Join(v.EnumSlice(), ", "))
	}
	if v.HasDefault && v.Default != "" && !(v.IsBool() && v.Default == "false") {
		notes = append(notes, "default: "+v.Default)
	}
	if len(notes) == 0 {
		return help
	}
	return strings.TrimSuffix(help, ".") + " (" + strings.Join(notes, "; ") + ")."
}

// versionText is what --version and the version verb print.
func versionText() string {
	return fmt.Sprintf("pysurvey %s (schema %d)", version, schema.Version)
}
