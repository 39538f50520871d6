package main

import (
	"errors"
	"fmt"
	"math"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/alecthomas/kong"

	"github.com/pysurvey/pysurvey/schema"
	"github.com/pysurvey/pysurvey/schema/store"
)

// Flag values: kong decodes a plain string flag through JSON, which turns
// bytes that are not UTF-8 into U+FFFD, so that --out caf\xe9 would write
// to another directory and text would reach DuckDB changed. PathFlag and
// TextFlag take the argument as given.

// PathFlag is a file or directory named on the command line, kept byte
// for byte: the system's names need not be UTF-8.
type PathFlag string

// Decode takes the argument as it is.
func (p *PathFlag) Decode(ctx *kong.DecodeContext) error {
	s, err := rawArg(ctx, "path")
	*p = PathFlag(s)
	return err
}

// TextFlag is an argument used as text (SQL, a query name, a parameter, a
// run id): it must be UTF-8 without NUL, since DuckDB takes text only
// (its bindings refuse or crash on other bytes, and a NUL ends a C
// string).
type TextFlag string

// Decode takes the argument and refuses it when it is not text.
func (t *TextFlag) Decode(ctx *kong.DecodeContext) error {
	s, err := rawArg(ctx, "text")
	if err != nil {
		return err
	}
	if err := schema.CheckText(s); err != nil {
		return fmt.Errorf("%q: %w", s, err)
	}
	*t = TextFlag(s)
	return nil
}

// rawArg pops the next argument unchanged.
func rawArg(ctx *kong.DecodeContext, what string) (string, error) {
	tok, err := ctx.Scan.PopValue(what)
	if err != nil {
		return "", err
	}
	s, ok := tok.Value.(string)
	if !ok {
		return "", fmt.Errorf("expected a %s but got %q", what, tok)
	}
	return s, nil
}

// Bounds of the counts and sizes a run takes.
const (
	// maxWorkers bounds --workers: each repository at once holds a clone
	// or fetch and its pack index in memory; more clones at once than
	// this only meet a forge's rate limits.
	maxWorkers = 256
	// maxReaders bounds --readers: readers are CPU-bound (a few per core
	// help at most), and each holds a whole file and room for 32 results.
	maxReaders = 256
	// maxFileSize bounds --max-file-size: a reader holds the whole file in
	// memory, and line numbers are 32-bit.
	maxFileSize = 1 << 30
	// minLogInterval bounds --log-interval: more progress lines than one
	// a second flood the log.
	minLogInterval = 100 * time.Millisecond
)

// Validate checks the flags of run; kong reports an error as a usage
// error (exit 2).
func (c *RunCmd) Validate() error {
	var errs []error
	if err := store.CheckLocation(string(c.Out)); err != nil {
		errs = append(errs, fmt.Errorf("--out: %w", err))
	}
	errs = append(errs, checkCount("--workers", c.Workers, maxWorkers), checkCount("--readers", c.Readers, maxReaders))
	if c.MaxFileSize > maxFileSize {
		errs = append(errs, fmt.Errorf("--max-file-size: %d bytes is over the limit of 1GiB (a reader holds a whole file in memory)", c.MaxFileSize))
	}
	if c.RepoTimeout <= 0 {
		errs = append(errs, fmt.Errorf("--repo-timeout: %s is not a positive duration", c.RepoTimeout))
	}
	if c.FileTimeout <= 0 {
		errs = append(errs, fmt.Errorf("--file-timeout: %s is not a positive duration", c.FileTimeout))
	}
	if c.LogInterval < minLogInterval {
		errs = append(errs, fmt.Errorf("--log-interval: %s is shorter than %s", c.LogInterval, minLogInterval))
	}
	if c.MinOK < 0 || c.MinOK > 1 || math.IsNaN(c.MinOK) {
		errs = append(errs, fmt.Errorf("--min-ok: %g is not a share between 0 and 1", c.MinOK))
	}
	if c.PartRows <= 0 {
		errs = append(errs, fmt.Errorf("--part-rows: %d is not a positive count", c.PartRows))
	}
	if c.MaxFiles <= 0 {
		errs = append(errs, fmt.Errorf("--max-files: %d is not a positive count", c.MaxFiles))
	}
	errs = append(errs, checkFile("--patterns", string(c.Patterns)))
	return errors.Join(errs...)
}

// checkFile checks that a flag names a readable file, when it is given.
func checkFile(flag, path string) error {
	if path == "" {
		return nil
	}
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return fmt.Errorf("%s: %w", flag, err)
	case fi.IsDir():
		return fmt.Errorf("%s: %s is a directory", flag, path)
	}
	return nil
}

// checkCount checks a count flag: 0 means the CPU count.
func checkCount(flag string, n, most int) error {
	if n < 0 || n > most {
		return fmt.Errorf("%s: %d is not between 1 and %d (0 or no flag: the CPU count)", flag, n, most)
	}
	return nil
}

// paramName is what a -p NAME may be: DuckDB's $NAME.
var paramName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Validate checks the flags that select and read the data; kong reports
// an error as a usage error (exit 2).
func (d *DataFlags) Validate() error {
	var errs []error
	if err := store.CheckLocation(string(d.Data)); err != nil {
		errs = append(errs, fmt.Errorf("--data: %w", err))
	}
	errs = append(errs, checkFile("--patterns", string(d.Patterns)))
	_, err := d.params()
	return errors.Join(append(errs, err)...)
}

// params parses the -p NAME=VALUE flags.
func (d *DataFlags) params() (map[string]string, error) {
	params := map[string]string{}
	for _, p := range d.Param {
		k, v, ok := strings.Cut(string(p), "=")
		if !ok || !paramName.MatchString(k) {
			return nil, fmt.Errorf("parameter %q: want NAME=VALUE, NAME a letter or _ then letters, digits or _", p)
		}
		if _, dup := params[k]; dup {
			return nil, fmt.Errorf("parameter %s given twice", k)
		}
		params[k] = v
	}
	return params, nil
}
