package setuppy

import (
	"fmt"
	"strings"
)

// tokKind is the kind of a token.
type tokKind int

const (
	tName tokKind = iota
	tString
	tNumber
	tOp
	tNewline // end of a logical line (outside brackets)
)

// token is a lexical token of Python source, enough to read setup() calls.
type token struct {
	kind tokKind
	text string // name, operator, or a string's decoded value
	line int    // 1-based line where the token starts
	col  int    // 0-based column where the token starts
	// literal is false for f-strings, whose value cannot be known statically.
	literal bool
	// bytes marks b'' strings.
	bytes bool
}

// scanError is a lexical error at a line.
type scanError struct {
	line int
	msg  string
}

func (e *scanError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// scan splits Python source into tokens. Comments and line continuations
// are dropped; newlines inside brackets are not tokens. On a lexical error
// it returns the tokens read so far and the error.
func scan(src string) ([]token, *scanError) {
	s := scanner{src: src, line: 1}
	for {
		tok, ok, err := s.next()
		if err != nil {
			s.closeBrackets(err.line)
			return s.toks, err
		}
		if !ok {
			return s.toks, nil
		}
		s.toks = append(s.toks, tok)
	}
}

type scanner struct {
	src       string
	pos       int
	line      int
	lineStart int
	depth     int
	open      []byte // brackets still open, innermost last
	toks      []token
}

// closeBrackets appends closers for the brackets still open, so that what
// was read before a lexical error can still be evaluated.
func (s *scanner) closeBrackets(line int) {
	closer := map[byte]string{'(': ")", '[': "]", '{': "}"}
	for i := len(s.open) - 1; i >= 0; i-- {
		s.toks = append(s.toks, token{kind: tOp, text: closer[s.open[i]], line: line})
	}
	s.open = nil
}

func (s *scanner) newline() {
	s.line++
	s.lineStart = s.pos
}

func (s *scanner) next() (token, bool, *scanError) {
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch {
		case c == '\n':
			s.pos++
			line := s.line
			s.newline()
			if s.depth == 0 && len(s.toks) > 0 && s.toks[len(s.toks)-1].kind != tNewline {
				return token{kind: tNewline, line: line}, true, nil
			}
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			s.pos++
		case c == '\\' && s.pos+1 < len(s.src) && (s.src[s.pos+1] == '\n' || s.src[s.pos+1] == '\r'):
			s.pos++
			if s.src[s.pos] == '\r' {
				s.pos++
			}
			if s.pos < len(s.src) && s.src[s.pos] == '\n' {
				s.pos++
			}
			s.newline()
		case c == '#':
			for s.pos < len(s.src) && s.src[s.pos] != '\n' {
				s.pos++
			}
		default:
			return s.token()
		}
	}
	return token{}, false, nil
}

func isNameStart(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c >= 0x80
}

func isNameChar(c byte) bool { return isNameStart(c) || '0' <= c && c <= '9' }

// twoCharOps are operators whose first character alone is another one.
var twoCharOps = []string{"**", "==", "!=", "<=", ">=", "->", ":=", "//", "<<", ">>",
	"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@="}

func (s *scanner) token() (token, bool, *scanError) {
	start := s.pos
	tok := token{line: s.line, col: start - s.lineStart}
	c := s.src[s.pos]
	switch {
	case isNameStart(c):
		for s.pos < len(s.src) && isNameChar(s.src[s.pos]) {
			s.pos++
		}
		word := s.src[start:s.pos]
		if s.pos < len(s.src) && (s.src[s.pos] == '\'' || s.src[s.pos] == '"') && isStringPrefix(word) {
			return s.str(tok, strings.ToLower(word))
		}
		tok.kind, tok.text = tName, word
	case c == '\'' || c == '"':
		return s.str(tok, "")
	case '0' <= c && c <= '9' || c == '.' && s.pos+1 < len(s.src) && '0' <= s.src[s.pos+1] && s.src[s.pos+1] <= '9':
		for s.pos < len(s.src) && (isNameChar(s.src[s.pos]) || s.src[s.pos] == '.') {
			s.pos++
		}
		tok.kind, tok.text = tNumber, s.src[start:s.pos]
	default:
		tok.kind = tOp
		tok.text = s.src[s.pos : s.pos+1]
		for _, op := range twoCharOps {
			if strings.HasPrefix(s.src[s.pos:], op) {
				tok.text = op
				break
			}
		}
		s.pos += len(tok.text)
		switch tok.text {
		case "(", "[", "{":
			s.depth++
			s.open = append(s.open, tok.text[0])
		case ")", "]", "}":
			if s.depth > 0 {
				s.depth--
				s.open = s.open[:len(s.open)-1]
			}
		}
	}
	return tok, true, nil
}

func isStringPrefix(w string) bool {
	switch strings.ToLower(w) {
	case "r", "u", "b", "f", "br", "rb", "fr", "rf", "t", "tr", "rt":
		return true
	}
	return false
}

// str scans a string literal whose prefix (lowercased) was already read.
func (s *scanner) str(tok token, prefix string) (token, bool, *scanError) {
	raw := strings.Contains(prefix, "r")
	tok.kind = tString
	tok.literal = !strings.ContainsAny(prefix, "ft")
	tok.bytes = strings.Contains(prefix, "b")
	q := s.src[s.pos]
	triple := strings.HasPrefix(s.src[s.pos:], strings.Repeat(string(q), 3))
	if triple {
		s.pos += 3
	} else {
		s.pos++
	}
	var b strings.Builder
	for {
		if s.pos >= len(s.src) {
			return tok, false, &scanError{tok.line, "unterminated string"}
		}
		c := s.src[s.pos]
		switch {
		case c == q && (!triple || strings.HasPrefix(s.src[s.pos:], strings.Repeat(string(q), 3))):
			if triple {
				s.pos += 3
			} else {
				s.pos++
			}
			tok.text = b.String()
			return tok, true, nil
		case c == '\n':
			if !triple {
				return tok, false, &scanError{tok.line, "unterminated string"}
			}
			b.WriteByte(c)
			s.pos++
			s.newline()
		case c == '\\' && s.pos+1 < len(s.src):
			n := s.src[s.pos+1]
			s.pos += 2
			if n == '\n' {
				s.newline()
				if raw {
					b.WriteString("\\\n")
				}
				continue
			}
			if raw {
				b.WriteByte('\\')
				b.WriteByte(n)
				continue
			}
			switch n {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case '\\', '\'', '"':
				b.WriteByte(n)
			default:
				b.WriteByte('\\')
				b.WriteByte(n)
			}
		default:
			b.WriteByte(c)
			s.pos++
		}
	}
}
