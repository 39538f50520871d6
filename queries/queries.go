// Package queries holds the SQL pysurvey ships, the pattern catalog that
// interprets facts, and the DuckDB runner that answers them over a
// survey's Parquet output.
package queries

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
)

// files holds the shipped queries, helper views and catalogs.
//
//go:embed *.sql views results patterns.csv stdlib.txt
var files embed.FS

// Query is a shipped query.
type Query struct {
	// Name is the file name without .sql.
	Name string
	// Description is the first line of the header comment.
	Description string
	// SQL is the statement, without a trailing semicolon.
	SQL string
	// AllRuns is set by a header line '-- runs: all': the query reads every
	// complete run (history) whatever runs the DB selected.
	AllRuns bool
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

// parseQuery takes the description from the first comment line, and
// directives from the other lines of the header comment.
func parseQuery(name, text string) Query {
	q := Query{Name: name, SQL: strings.TrimRight(strings.TrimSpace(text), ";")}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		comment, ok := strings.CutPrefix(line, "--")
		if !ok {
			break
		}
		comment = strings.TrimSpace(comment)
		switch {
		case q.Description == "":
			q.Description = comment
		case comment == "runs: all":
			q.AllRuns = true
		}
	}
	return q
}

// helperView is a statement of views/*.sql.
type helperView struct {
	// name of the view or macro it creates.
	name string
	// stmt creates it.
	stmt string
	// materialize is set by a header line '-- materialize': the runner
	// caches the view as a table the first time a statement needs it.
	materialize bool
	// query is the SELECT of a view, empty for a macro.
	query string
	// code is stmt without its comments.
	code string
}

var (
	createdName = regexp.MustCompile(`(?i)CREATE\s+OR\s+REPLACE\s+(?:TEMP\s+)?(VIEW|MACRO)\s+([A-Za-z_][A-Za-z0-9_]*)`)
	viewQuery   = regexp.MustCompile(`(?is)CREATE\s+OR\s+REPLACE\s+(?:TEMP\s+)?VIEW\s+[A-Za-z_][A-Za-z0-9_]*\s+AS\s+(.*)$`)
)

// helperViews returns the statements of views/*.sql in name order.
func helperViews() ([]helperView, error) {
	names, err := fs.Glob(files, "views/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var views []helperView
	for _, n := range names {
		b, err := files.ReadFile(n)
		if err != nil {
			return nil, err
		}
		text := string(b)
		m := createdName.FindStringSubmatch(text)
		if m == nil {
			return nil, fmt.Errorf("%s: no CREATE OR REPLACE VIEW or MACRO statement", n)
		}
		q := parseQuery(path.Base(n), text)
		v := helperView{name: m[2], stmt: q.SQL, code: stripComments(q.SQL), materialize: strings.Contains(header(text), "\n-- materialize\n")}
		if strings.EqualFold(m[1], "VIEW") {
			vm := viewQuery.FindStringSubmatch(q.SQL)
			if vm == nil {
				return nil, fmt.Errorf("%s: write the view as CREATE OR REPLACE VIEW %s AS <query>", n, v.name)
			}
			v.query = vm[1]
		}
		if v.materialize && v.query == "" {
			return nil, fmt.Errorf("%s: only a view can be materialized", n)
		}
		views = append(views, v)
	}
	return views, nil
}

// header returns the leading comment lines of a file, each ending in a newline.
func header(text string) string {
	var b strings.Builder
	b.WriteString("\n")
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "--") {
			break
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// references reports whether text names the identifier as a whole word,
// in any case (SQL identifiers are case-insensitive), and not as a column
// qualified by a table or its alias: s.code_files is repo_summary's column,
// not the view code_files, while main.code_files and temp.code_files are
// the view.
func references(text, name string) bool {
	text, name = strings.ToLower(text), strings.ToLower(name)
	for i := 0; ; {
		j := strings.Index(text[i:], name)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(name)
		if (start == 0 || !isIdentByte(text[start-1])) && (end == len(text) || !isIdentByte(text[end])) &&
			!qualifiedColumn(text[:start]) {
			return true
		}
		i = end
	}
}

// qualifiedColumn reports whether the text before a name ends in a
// qualifier that is no schema or catalog (main, temp, memory): the name
// after it is a column.
func qualifiedColumn(before string) bool {
	if !strings.HasSuffix(before, ".") {
		return false
	}
	before = strings.TrimRight(strings.TrimSuffix(before, "."), `"`)
	k := len(before)
	for k > 0 && isIdentByte(before[k-1]) {
		k--
	}
	switch before[k:] {
	case "main", "temp", "memory", "":
		return false
	}
	return true
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// stripComments removes the comments of SQL text (-- to the end of the
// line, and /* ... */), leaving string literals and quoted identifiers as
// they are, so that a name mentioned in a comment is not taken for a use.
func stripComments(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'' || c == '"':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				b.WriteString(s[i:])
				return b.String()
			}
			b.WriteString(s[i : i+j+2])
			i += j + 1
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				return b.String()
			}
			i += j - 1
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			j := strings.Index(s[i+2:], "*/")
			if j < 0 {
				return b.String()
			}
			i += j + 3
			b.WriteByte(' ')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
