// Package pipline parses the requirement of one pip requirements line (its
// options already removed): a PEP 508 specification, or the URL or local
// path forms pip also accepts, optionally editable.
package pipline

import (
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/pysurvey/pysurvey/extractors/packaging/pep508"
)

// Requirement is a requirement read from a pip line: the PEP 508 parts
// and where it comes from (registry, git, url, path or editable).
type Requirement struct {
	pep508.Requirement
	Source string
}

// Parse parses a requirement as pip does. When editable is set (the line
// was "-e X"), the source is editable. The name of a URL or path
// requirement comes from its #egg= fragment or a wheel or sdist file
// name; it is empty when neither gives one.
func Parse(s string, editable bool) (Requirement, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Requirement{}, fmt.Errorf("empty requirement")
	}
	r, err := parse(s)
	if err == nil && editable {
		r.Source = "editable"
	}
	return r, err
}

func parse(s string) (Requirement, error) {
	if isURL(s) || isPath(s) {
		return direct(s)
	}
	r, err := pep508.Parse(s)
	if err != nil {
		return Requirement{}, err
	}
	return Requirement{Requirement: r, Source: r.Source()}, nil
}

// vcsSchemes are the URL prefixes pip reads as direct references.
var vcsSchemes = []string{"git+", "hg+", "svn+", "bzr+", "http://", "https://", "file:", "ftp://", "git://"}

func isURL(s string) bool {
	l := strings.ToLower(s)
	for _, p := range vcsSchemes {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// isPath reports whether s looks like a local path rather than a name:
// it starts with '.', '/' or '~', holds a path separator before any
// specifier, or names an archive.
func isPath(s string) bool {
	if s[0] == '.' || s[0] == '/' || s[0] == '~' || s[0] == '$' {
		return true
	}
	head := s
	if i := strings.IndexAny(head, " ;<>=!~@["); i >= 0 {
		head = head[:i]
	}
	return strings.ContainsAny(head, "/\\") || archiveBase(head) != ""
}

var archiveExts = []string{".whl", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".zip", ".tar"}

// archiveBase returns the file name without its archive extension, ""
// when it is not an archive.
func archiveBase(p string) string {
	base := path.Base(strings.ReplaceAll(p, "\\", "/"))
	for _, ext := range archiveExts {
		if strings.HasSuffix(strings.ToLower(base), ext) {
			return base[:len(base)-len(ext)]
		}
	}
	return ""
}

// direct parses a URL or path requirement, with optional [extras] after
// a path and an optional "; marker" after whitespace.
func direct(s string) (Requirement, error) {
	var r Requirement
	loc := s
	if i := strings.Index(s, " ;"); i >= 0 {
		loc, r.Marker = strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+2:])
	} else if i := strings.Index(s, "; "); i >= 0 && !isURL(s) {
		loc, r.Marker = strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+2:])
	}
	if r.Marker != "" {
		if err := pep508.CheckMarker(r.Marker); err != nil {
			return Requirement{}, err
		}
	}
	if strings.ContainsAny(loc, " \t") {
		return Requirement{}, fmt.Errorf("invalid requirement %q: unexpected whitespace", s)
	}
	if isURL(loc) {
		r.URL = loc
		r.Source = pep508.URLSource(loc)
		name, extras := eggName(loc)
		if name == "" {
			if u, err := url.Parse(loc); err == nil {
				name = archiveName(u.Path)
			}
		}
		return r.named(name, extras, s)
	}
	r.Source = "path"
	var extras []string
	if i := strings.LastIndexByte(loc, '['); i > 0 && strings.HasSuffix(loc, "]") {
		extras = splitExtras(loc[i+1 : len(loc)-1])
		loc = loc[:i]
	}
	r.URL = loc
	return r.named(archiveName(loc), extras, s)
}

// named fills in the name and extras, checking both.
func (r Requirement) named(name string, extras []string, s string) (Requirement, error) {
	if name != "" {
		if !pep508.ValidName(name) {
			return Requirement{}, fmt.Errorf("invalid requirement %q: bad project name %q", s, name)
		}
		r.RawName, r.Name = name, pep508.Normalize(name)
	}
	for _, e := range extras {
		if !pep508.ValidName(e) {
			return Requirement{}, fmt.Errorf("invalid requirement %q: bad extra %q", s, e)
		}
	}
	r.Extras = extras
	return r, nil
}

// eggName returns the project name and extras of a URL's #egg= fragment.
func eggName(u string) (string, []string) {
	i := strings.IndexByte(u, '#')
	if i < 0 {
		return "", nil
	}
	for _, part := range strings.Split(u[i+1:], "&") {
		if v, ok := strings.CutPrefix(part, "egg="); ok {
			var extras []string
			if j := strings.IndexByte(v, '['); j >= 0 && strings.HasSuffix(v, "]") {
				extras = splitExtras(v[j+1 : len(v)-1])
				v = v[:j]
			}
			return v, extras
		}
	}
	return "", nil
}

// archiveName returns the project name of a wheel (the part before the
// first '-') or sdist (before the last '-') file name; "" otherwise.
func archiveName(p string) string {
	base := archiveBase(p)
	if base == "" {
		return ""
	}
	if strings.HasSuffix(strings.ToLower(p), ".whl") {
		name, _, _ := strings.Cut(base, "-")
		return name
	}
	if i := strings.LastIndexByte(base, '-'); i > 0 {
		return base[:i]
	}
	return ""
}

// splitExtras splits and sorts a comma-separated extras list.
func splitExtras(s string) []string {
	var out []string
	for _, e := range strings.Split(s, ",") {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, e)
		}
	}
	sort.Strings(out)
	return out
}
