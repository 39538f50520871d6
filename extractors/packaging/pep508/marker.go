package pep508

import (
	"fmt"
	"strings"
)

// markerVariables are the environment marker variables of PEP 508, the
// extras and dependency_groups variables of PEP 751, and the legacy
// dotted spellings that packaging still accepts.
var markerVariables = map[string]bool{
	"python_version": true, "python_full_version": true, "os_name": true,
	"sys_platform": true, "platform_release": true, "platform_system": true,
	"platform_version": true, "platform_machine": true,
	"platform_python_implementation": true, "implementation_name": true,
	"implementation_version": true, "extra": true, "extras": true,
	"dependency_groups": true,
	"os.name":           true, "sys.platform": true, "platform.version": true,
	"platform.machine": true, "platform.python_implementation": true,
	"python_implementation": true,
}

// CheckMarker checks an environment marker against PEP 508's grammar:
// comparisons of variables and quoted strings joined by and/or, with
// parentheses.
func CheckMarker(m string) error {
	toks, err := markerTokens(m)
	if err != nil {
		return err
	}
	mp := markerParser{toks: toks}
	if err := mp.or(0); err != nil {
		return err
	}
	if mp.pos < len(mp.toks) {
		return fmt.Errorf("invalid marker %q: unexpected %q", m, mp.toks[mp.pos].text)
	}
	return nil
}

type tokKind int

const (
	tokVar tokKind = iota
	tokStr
	tokOp
	tokAnd
	tokOr
	tokLParen
	tokRParen
)

type token struct {
	kind tokKind
	text string
}

// markerTokens splits a marker into tokens.
func markerTokens(m string) ([]token, error) {
	var toks []token
	for i := 0; i < len(m); {
		c := m[i]
		switch {
		case isSpace(c):
			i++
		case c == '(':
			toks = append(toks, token{tokLParen, "("})
			i++
		case c == ')':
			toks = append(toks, token{tokRParen, ")"})
			i++
		case c == '\'' || c == '"':
			end := strings.IndexByte(m[i+1:], c)
			if end < 0 {
				return nil, fmt.Errorf("invalid marker %q: unterminated string", m)
			}
			toks = append(toks, token{tokStr, m[i : i+end+2]})
			i += end + 2
		case strings.IndexByte("<>=!~", c) >= 0:
			op := ""
			for _, o := range [...]string{"===", "<=", ">=", "==", "!=", "~=", "<", ">"} {
				if strings.HasPrefix(m[i:], o) {
					op = o
					break
				}
			}
			if op == "" {
				return nil, fmt.Errorf("invalid marker %q: bad operator at column %d", m, i+1)
			}
			toks = append(toks, token{tokOp, op})
			i += len(op)
		case isAlnum(c) || c == '_':
			j := i
			for j < len(m) && (isAlnum(m[j]) || m[j] == '_' || m[j] == '.') {
				j++
			}
			word := m[i:j]
			switch {
			case word == "and":
				toks = append(toks, token{tokAnd, word})
			case word == "or":
				toks = append(toks, token{tokOr, word})
			case word == "in":
				toks = append(toks, token{tokOp, word})
			case word == "not":
				k := j
				for k < len(m) && isSpace(m[k]) {
					k++
				}
				if !strings.HasPrefix(m[k:], "in") || (k+2 < len(m) && isIdentChar(m[k+2])) {
					return nil, fmt.Errorf("invalid marker %q: expected 'in' after 'not'", m)
				}
				toks = append(toks, token{tokOp, "not in"})
				j = k + 2
			case markerVariables[word]:
				toks = append(toks, token{tokVar, word})
			default:
				return nil, fmt.Errorf("invalid marker %q: unknown variable %q", m, word)
			}
			i = j
		default:
			return nil, fmt.Errorf("invalid marker %q: unexpected %q at column %d", m, c, i+1)
		}
	}
	return toks, nil
}

// maxMarkerDepth bounds parenthesis nesting so hostile input cannot
// exhaust the stack.
const maxMarkerDepth = 100

type markerParser struct {
	toks []token
	pos  int
}

func (mp *markerParser) next() (token, bool) {
	if mp.pos >= len(mp.toks) {
		return token{}, false
	}
	return mp.toks[mp.pos], true
}

func (mp *markerParser) or(depth int) error {
	if err := mp.and(depth); err != nil {
		return err
	}
	for t, ok := mp.next(); ok && t.kind == tokOr; t, ok = mp.next() {
		mp.pos++
		if err := mp.and(depth); err != nil {
			return err
		}
	}
	return nil
}

func (mp *markerParser) and(depth int) error {
	if err := mp.expr(depth); err != nil {
		return err
	}
	for t, ok := mp.next(); ok && t.kind == tokAnd; t, ok = mp.next() {
		mp.pos++
		if err := mp.expr(depth); err != nil {
			return err
		}
	}
	return nil
}

func (mp *markerParser) expr(depth int) error {
	t, ok := mp.next()
	if !ok {
		return fmt.Errorf("invalid marker: unexpected end")
	}
	if t.kind == tokLParen {
		if depth >= maxMarkerDepth {
			return fmt.Errorf("invalid marker: nested too deeply")
		}
		mp.pos++
		if err := mp.or(depth + 1); err != nil {
			return err
		}
		if t, ok := mp.next(); !ok || t.kind != tokRParen {
			return fmt.Errorf("invalid marker: expected ')'")
		}
		mp.pos++
		return nil
	}
	if err := mp.operand(); err != nil {
		return err
	}
	if t, ok := mp.next(); !ok || t.kind != tokOp {
		return fmt.Errorf("invalid marker: expected a comparison operator")
	}
	mp.pos++
	return mp.operand()
}

func (mp *markerParser) operand() error {
	t, ok := mp.next()
	if !ok || (t.kind != tokVar && t.kind != tokStr) {
		return fmt.Errorf("invalid marker: expected a variable or a quoted string")
	}
	mp.pos++
	return nil
}
