package sources

import (
	"errors"
	"fmt"
	"strings"
)

// Link is one link-value of an HTTP Link header (RFC 8288): a URI
// reference and its relation types.
type Link struct {
	// URL is the target as written between '<' and '>', unresolved.
	URL string
	// Rel holds the relation types of the first rel parameter, lower-cased.
	Rel []string
}

// HasRel reports whether the link has the relation type rel (lower-case).
func (l Link) HasRel(rel string) bool {
	for _, r := range l.Rel {
		if r == rel {
			return true
		}
	}
	return false
}

// ParseLinkHeader parses the values of Link header fields (several fields
// count as one comma-separated list). It is strict: a malformed value is an
// error, so that a listing never silently stops at a page it misread.
// It is written here rather than taken from a library because pagination
// must fail loudly on a malformed header, and the grammar is small.
func ParseLinkHeader(values []string) ([]Link, error) {
	var links []Link
	for _, v := range values {
		p := linkParser{s: v}
		for {
			p.skipSpace()
			if p.eof() {
				break
			}
			if p.peek() == ',' {
				p.i++
				continue
			}
			l, err := p.linkValue()
			if err != nil {
				return nil, fmt.Errorf("malformed Link header at byte %d: %w", p.i, err)
			}
			links = append(links, l)
			p.skipSpace()
			if !p.eof() && p.peek() != ',' {
				return nil, fmt.Errorf("malformed Link header at byte %d: want ',' or ';' after a link", p.i)
			}
		}
	}
	return links, nil
}

// NextLink returns the target of the rel="next" link among values, or "".
func NextLink(values []string) (string, error) {
	links, err := ParseLinkHeader(values)
	if err != nil {
		return "", err
	}
	for _, l := range links {
		if l.HasRel("next") {
			return l.URL, nil
		}
	}
	return "", nil
}

type linkParser struct {
	s string
	i int
}

func (p *linkParser) eof() bool  { return p.i >= len(p.s) }
func (p *linkParser) peek() byte { return p.s[p.i] }

func (p *linkParser) skipSpace() {
	for !p.eof() && (p.peek() == ' ' || p.peek() == '\t') {
		p.i++
	}
}

// linkValue parses `"<" URI-Reference ">" *( OWS ";" OWS link-param )`.
func (p *linkParser) linkValue() (Link, error) {
	if p.peek() != '<' {
		return Link{}, errors.New("want '<'")
	}
	end := strings.IndexByte(p.s[p.i+1:], '>')
	if end < 0 {
		return Link{}, errors.New("unterminated '<'")
	}
	l := Link{URL: strings.TrimSpace(p.s[p.i+1 : p.i+1+end])}
	if strings.ContainsAny(l.URL, "<\"\x00\r\n") {
		return Link{}, errors.New("invalid character in link target")
	}
	p.i += end + 2
	sawRel := false
	for {
		p.skipSpace()
		if p.eof() || p.peek() != ';' {
			return l, nil
		}
		p.i++
		p.skipSpace()
		name := strings.ToLower(p.token())
		if name == "" {
			return Link{}, errors.New("want a parameter name after ';'")
		}
		p.skipSpace()
		value := ""
		if !p.eof() && p.peek() == '=' {
			p.i++
			p.skipSpace()
			var err error
			if value, err = p.paramValue(); err != nil {
				return Link{}, err
			}
		}
		if name == "rel" && !sawRel { // only the first rel counts (RFC 8288 §3.3)
			sawRel = true
			l.Rel = strings.Fields(strings.ToLower(value))
		}
	}
}

// token reads an RFC 9110 token.
func (p *linkParser) token() string {
	start := p.i
	for !p.eof() && isTokenChar(p.peek()) {
		p.i++
	}
	return p.s[start:p.i]
}

// paramValue reads a token or a quoted-string.
func (p *linkParser) paramValue() (string, error) {
	if p.eof() || p.peek() != '"' {
		v := p.token()
		if v == "" {
			return "", errors.New("want a parameter value after '='")
		}
		return v, nil
	}
	p.i++
	var b strings.Builder
	for !p.eof() {
		c := p.peek()
		p.i++
		switch {
		case c == '"':
			return b.String(), nil
		case c == '\\':
			if p.eof() {
				return "", errors.New("unterminated quoted string")
			}
			b.WriteByte(p.peek())
			p.i++
		case c < 0x20 && c != '\t' || c == 0x7f:
			return "", errors.New("control character in quoted string")
		default:
			b.WriteByte(c)
		}
	}
	return "", errors.New("unterminated quoted string")
}

func isTokenChar(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}
