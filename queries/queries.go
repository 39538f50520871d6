// Package queries holds the SQL pysurvey ships, the pattern catalog that
// interprets facts, and the DuckDB runner that answers them over a
// survey's Parquet output.
package queries

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// files holds the shipped queries, helper views and catalogs.
//
//go:embed *.sql views patterns.csv stdlib.txt
var files embed.FS

// Query is a shipped query.
type Query struct {
	// Name is the file name without .sql.
	Name string
	// Description is the first line of the header comment.
	Description string
	// SQL is the statement, without a trailing semicolon.
	SQL string
}

// List returns the shipped queries sorted by name.
func List() ([]Query, error) {
	names, err := fs.Glob(files, "*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	qs := make([]Query, 0, len(names))
	for _, n := range names {
		q, err := Get(strings.TrimSuffix(n, ".sql"))
		if err != nil {
			return nil, err
		}
		qs = append(qs, q)
	}
	return qs, nil
}

// Get returns the shipped query of that name.
func Get(name string) (Query, error) {
	if name == "" || strings.ContainsAny(name, "/\\.") {
		return Query{}, fmt.Errorf("no query named %q", name)
	}
	b, err := files.ReadFile(name + ".sql")
	if err != nil {
		return Query{}, fmt.Errorf("no query named %q (pysurvey queries lists them)", name)
	}
	return parseQuery(name, string(b)), nil
}

// parseQuery takes the description from the first comment line.
func parseQuery(name, text string) Query {
	q := Query{Name: name, SQL: strings.TrimRight(strings.TrimSpace(text), ";")}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if d, ok := strings.CutPrefix(line, "--"); ok {
			q.Description = strings.TrimSpace(d)
		}
		break
	}
	return q
}

// helperViews returns the statements of views/*.sql in name order.
func helperViews() ([]string, error) {
	names, err := fs.Glob(files, "views/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var stmts []string
	for _, n := range names {
		b, err := files.ReadFile(n)
		if err != nil {
			return nil, err
		}
		stmts = append(stmts, parseQuery(path.Base(n), string(b)).SQL)
	}
	return stmts, nil
}
