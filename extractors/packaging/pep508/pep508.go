// Package pep508 parses dependency specifications as defined by PEP 508
// (name, extras, version specifier or URL, environment marker), checking
// version specifiers against PEP 440, and normalizes names as PEP 503.
package pep508

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Requirement is a parsed PEP 508 dependency specification.
type Requirement struct {
	// Name is the distribution name normalized as PEP 503.
	Name string
	// RawName is the name as written.
	RawName string
	// Extras are the requested extras, sorted and de-duplicated, as written.
	Extras []string
	// Specifier is the version specifier with whitespace and enclosing
	// parentheses removed, '' when none.
	Specifier string
	// URL is the direct reference after '@', '' when none.
	URL string
	// Marker is the environment marker as written (trimmed), '' when none.
	Marker string
}

// Source classifies where the requirement comes from by its URL:
// registry (no URL), git (git+ URLs), path (file: URLs) or url.
func (r Requirement) Source() string {
	return URLSource(r.URL)
}

// URLSource classifies a direct reference: "" is registry, git+ URLs are
// git, file: URLs are path, anything else is url.
func URLSource(u string) string {
	lu := strings.ToLower(u)
	switch {
	case u == "":
		return "registry"
	case strings.HasPrefix(lu, "git+") || strings.HasPrefix(lu, "git://"):
		return "git"
	case strings.HasPrefix(lu, "file:"):
		return "path"
	}
	return "url"
}

// Normalize returns name normalized as PEP 503: lowercase, with every run
// of '-', '_' and '.' replaced by a single '-'.
func Normalize(name string) string {
	var b strings.Builder
	sep := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c == '-' || c == '_' || c == '.' {
			sep = true
			continue
		}
		if sep {
			b.WriteByte('-')
			sep = false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	if sep {
		b.WriteByte('-')
	}
	return b.String()
}

// ValidName reports whether s is a valid distribution name: ASCII letters
// and digits, with '-', '_' and '.' allowed inside.
func ValidName(s string) bool {
	if s == "" || !isAlnum(s[0]) || !isAlnum(s[len(s)-1]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) && s[i] != '-' && s[i] != '_' && s[i] != '.' {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isIdentChar(c byte) bool {
	return isAlnum(c) || c == '-' || c == '_' || c == '.'
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' }

// isAnySpace reports whether c is any ASCII whitespace: it ends a URL or
// an arbitrary (===) version.
func isAnySpace(c byte) bool { return strings.IndexByte(" \t\r\n\f\v", c) >= 0 }

// Parse parses one PEP 508 dependency specification.
func Parse(s string) (Requirement, error) {
	p := parser{s: strings.TrimSpace(s)}
	return p.requirement()
}

type parser struct {
	s   string
	pos int
}

func (p *parser) eof() bool { return p.pos >= len(p.s) }

func (p *parser) peek() byte {
	if p.eof() {
		return 0
	}
	return p.s[p.pos]
}

func (p *parser) ws() {
	for !p.eof() && isSpace(p.s[p.pos]) {
		p.pos++
	}
}

func (p *parser) errorf(format string, args ...any) error {
	return fmt.Errorf("invalid requirement %q at column %d: %s", p.s, p.pos+1, fmt.Sprintf(format, args...))
}

func (p *parser) identifier() string {
	start := p.pos
	for !p.eof() && isIdentChar(p.s[p.pos]) {
		p.pos++
	}
	return p.s[start:p.pos]
}

func (p *parser) requirement() (Requirement, error) {
	var r Requirement
	if p.eof() {
		return r, p.errorf("empty")
	}
	name := p.identifier()
	if !ValidName(name) {
		p.pos -= len(name)
		return r, p.errorf("expected a distribution name")
	}
	r.RawName, r.Name = name, Normalize(name)
	p.ws()
	if p.peek() == '[' {
		extras, err := p.extras()
		if err != nil {
			return r, err
		}
		r.Extras = extras
		p.ws()
	}
	switch c := p.peek(); {
	case c == '@':
		p.pos++
		p.ws()
		start := p.pos
		for !p.eof() && !isAnySpace(p.s[p.pos]) {
			p.pos++
		}
		r.URL = p.s[start:p.pos]
		if r.URL == "" {
			return r, p.errorf("expected a URL after '@'")
		}
		if !p.eof() {
			p.ws()
			if p.peek() != ';' {
				return r, p.errorf("expected end or ';' after the URL")
			}
		}
	case c == '(' || strings.IndexByte("<>=!~", c) >= 0:
		spec, err := p.versionSpec()
		if err != nil {
			return r, err
		}
		r.Specifier = spec
	}
	p.ws()
	if p.eof() {
		return r, nil
	}
	if p.peek() != ';' {
		return r, p.errorf("unexpected %q", p.s[p.pos:])
	}
	p.pos++
	r.Marker = strings.TrimSpace(p.s[p.pos:])
	if err := CheckMarker(r.Marker); err != nil {
		return r, fmt.Errorf("invalid requirement %q: %w", p.s, err)
	}
	return r, nil
}

func (p *parser) extras() ([]string, error) {
	p.pos++ // '['
	var extras []string
	seen := map[string]bool{}
	for {
		p.ws()
		if p.peek() == ']' && len(extras) == 0 {
			p.pos++
			break
		}
		e := p.identifier()
		if !ValidName(e) {
			return nil, p.errorf("expected an extra name")
		}
		if !seen[e] {
			seen[e] = true
			extras = append(extras, e)
		}
		p.ws()
		if p.peek() == ',' {
			p.pos++
			continue
		}
		if p.peek() == ']' {
			p.pos++
			break
		}
		return nil, p.errorf("expected ',' or ']' in extras")
	}
	sort.Strings(extras)
	return extras, nil
}

func (p *parser) versionSpec() (string, error) {
	paren := p.peek() == '('
	if paren {
		p.pos++
	}
	var parts []string
	for {
		p.ws()
		op := p.operator()
		if op == "" {
			return "", p.errorf("expected a version operator")
		}
		p.ws()
		start := p.pos
		if op == "===" {
			for !p.eof() && !isAnySpace(p.s[p.pos]) && strings.IndexByte(",;)", p.s[p.pos]) < 0 {
				p.pos++
			}
		} else {
			for !p.eof() && isVersionChar(p.s[p.pos]) {
				p.pos++
			}
		}
		v := p.s[start:p.pos]
		if err := CheckSpecifier(op, v); err != nil {
			p.pos = start
			return "", p.errorf("%v", err)
		}
		parts = append(parts, op+v)
		p.ws()
		if p.peek() != ',' {
			break
		}
		p.pos++
	}
	if paren {
		if p.peek() != ')' {
			return "", p.errorf("expected ')'")
		}
		p.pos++
	}
	return strings.Join(parts, ","), nil
}

func isVersionChar(c byte) bool {
	return isAlnum(c) || strings.IndexByte("-_.*+!", c) >= 0
}

// operators, longest first so that a prefix never shadows a longer one.
var operators = [...]string{"===", "~=", "==", "!=", "<=", ">=", "<", ">"}

func (p *parser) operator() string {
	for _, op := range operators {
		if strings.HasPrefix(p.s[p.pos:], op) {
			p.pos += len(op)
			return op
		}
	}
	return ""
}

// versionRE is PEP 440's canonical version pattern (appendix B), anchored.
var versionRE = regexp.MustCompile(`(?i)^v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*` +
	`(?:[-_.]?(?:alpha|a|beta|b|preview|pre|c|rc)[-_.]?[0-9]*)?` +
	`(?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)?` +
	`(?:[-_.]?dev[-_.]?[0-9]*)?` +
	`(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?$`)

// prefixRE matches the version of a prefix match (==1.2.*, !=1.*).
var prefixRE = regexp.MustCompile(`(?i)^v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*\.\*$`)

// ValidVersion reports whether v is a valid PEP 440 version.
func ValidVersion(v string) bool {
	return versionRE.MatchString(v)
}

// CheckSpecifier checks one PEP 440 version clause: op is one of
// ===, ~=, ==, !=, <=, >=, < or >.
func CheckSpecifier(op, v string) error {
	switch {
	case v == "":
		return fmt.Errorf("expected a version after %q", op)
	case op == "===":
		return nil
	case (op == "==" || op == "!=") && strings.HasSuffix(v, ".*"):
		if !prefixRE.MatchString(v) {
			return fmt.Errorf("invalid prefix match %q", op+v)
		}
		return nil
	case !ValidVersion(v):
		return fmt.Errorf("invalid version %q", v)
	case op != "==" && op != "!=" && strings.Contains(v, "+"):
		return fmt.Errorf("local version not allowed with %q", op)
	case op == "~=" && !strings.Contains(releaseOf(v), "."):
		return fmt.Errorf("%q needs at least two release segments", op+v)
	}
	return nil
}

// releaseOf returns the epoch-less release segment of a valid version.
func releaseOf(v string) string {
	if i := strings.IndexByte(v, '!'); i >= 0 {
		v = v[i+1:]
	}
	v = strings.TrimPrefix(strings.TrimPrefix(v, "v"), "V")
	end := 0
	for end < len(v) && (v[end] == '.' || '0' <= v[end] && v[end] <= '9') {
		end++
	}
	return strings.TrimRight(v[:end], ".")
}

// ParseSpecifierSet checks a comma-separated PEP 440 specifier set such as
// ">=1.0, <2" and returns it with whitespace removed. An empty set is valid.
func ParseSpecifierSet(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	p := parser{s: s}
	spec, err := p.versionSpec()
	if err != nil {
		return "", err
	}
	p.ws()
	if !p.eof() {
		return "", p.errorf("unexpected %q", p.s[p.pos:])
	}
	return spec, nil
}
