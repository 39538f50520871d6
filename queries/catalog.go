package queries

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"github.com/pysurvey/pysurvey/schema"
)

// The pattern catalog is checked whole before DuckDB sees any of it: a
// byte that is not UTF-8 in a bound list crashes DuckDB (SIGSEGV), and a
// typo'd signal kind or an empty value would make a row that silently
// never matches.

// ErrCatalog is wrapped by the errors of a pattern catalog that cannot be
// used: not UTF-8 text, malformed CSV, a wrong header, an unknown signal
// kind, an empty value or a duplicate row.
var ErrCatalog = errors.New("invalid pattern catalog")

// signalKinds are the signal kinds views/20_pattern_hits.sql matches.
var signalKinds = []string{"import_root", "import_module", "base", "decorator", "call", "export", "init_param", "init_param_type", "init_param_path", "path", "dependency", "manager"}

// maxCatalogSize bounds what is read of a catalog file: real ones are a
// few kilobytes, and --patterns /dev/zero must end.
const maxCatalogSize = 16 << 20

// maxCatalogErrors bounds the problems reported for one catalog.
const maxCatalogErrors = 20

// readCatalog reads a pattern catalog CSV (name says which, in errors):
// the header category,pattern,signal_kind,signal_value,description, then
// one row per signal; lines starting with # are comments. It accepts
// what Excel and editors write: a UTF-8 byte-order mark (dropped), CRLF
// line ends, spaces around values (trimmed), header names in any case.
// It refuses, naming each line (up to maxCatalogErrors), text that is not
// UTF-8 or holds NUL, malformed CSV, rows without five columns, an
// unknown signal_kind, an empty category, pattern, signal_kind or
// signal_value, control characters in those, and two rows with the same
// first four columns. The rows are returned as their five trimmed values.
func readCatalog(r io.Reader, name string) ([][]string, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxCatalogSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(b) > maxCatalogSize {
		return nil, fmt.Errorf("%s: %w: larger than %d MiB", name, ErrCatalog, maxCatalogSize>>20)
	}
	if bytes.HasPrefix(b, []byte{0xff, 0xfe}) || bytes.HasPrefix(b, []byte{0xfe, 0xff}) {
		return nil, fmt.Errorf("%s: %w: the file is UTF-16 (Excel's Unicode Text); save it as CSV UTF-8", name, ErrCatalog)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	var errs []error
	bad := func(line int, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: line %d: %w: %s", name, line, ErrCatalog, fmt.Sprintf(format, args...)))
	}
	for i, l := range bytes.Split(b, []byte("\n")) {
		if err := schema.CheckText(string(l)); err != nil && len(errs) < maxCatalogErrors {
			bad(i+1, "%v (is it cp1252 or Latin-1? save it as CSV UTF-8)", err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	cr := csv.NewReader(bytes.NewReader(b))
	cr.Comment = '#'
	cr.FieldsPerRecord = -1 // counted here, to name the columns
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: %w: empty, want the header %s", name, ErrCatalog, strings.Join(patternColumns, ","))
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %v", name, ErrCatalog, err)
	}
	for i := range header {
		header[i] = strings.ToLower(strings.TrimSpace(header[i]))
	}
	if !slices.Equal(header, patternColumns) {
		line, _ := cr.FieldPos(0)
		return nil, fmt.Errorf("%s: line %d: %w: header is %q, want %q", name, line, ErrCatalog, strings.Join(header, ","), strings.Join(patternColumns, ","))
	}
	var rows [][]string
	seen := map[[4]string]int{}
	for len(errs) < maxCatalogErrors {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil { // a csv.ParseError names its line
			errs = append(errs, fmt.Errorf("%s: %w: %v", name, ErrCatalog, err))
			break
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(patternColumns) {
			bad(line, "%d columns, want %d (%s)", len(rec), len(patternColumns), strings.Join(patternColumns, ", "))
			continue
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if problem := checkPattern(rec); problem != "" {
			bad(line, "%s", problem)
			continue
		}
		key := [4]string(rec[:4])
		if first, dup := seen[key]; dup {
			bad(line, "same category, pattern, signal_kind and signal_value as line %d", first)
			continue
		}
		seen[key] = line
		rows = append(rows, rec)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return rows, nil
}

// checkPattern says what is wrong with a catalog row's trimmed values, or
// returns "".
func checkPattern(rec []string) string {
	for i, v := range rec[:4] {
		if v == "" {
			return "empty " + patternColumns[i]
		}
		if j := strings.IndexFunc(v, unicode.IsControl); j >= 0 {
			return fmt.Sprintf("%s %q holds the control character %U", patternColumns[i], v, []rune(v[j:])[0])
		}
	}
	if !slices.Contains(signalKinds, rec[2]) {
		return fmt.Sprintf("unknown signal_kind %q (want one of %s)", rec[2], strings.Join(signalKinds, ", "))
	}
	return ""
}
