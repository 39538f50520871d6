package python

import (
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/pysurvey/pysurvey/extractors/python/pytoken"
)

// appendStrValue appends the value of a str literal (a STRING token's
// bytes) to buf. ok is false for bytes literals and for escapes it cannot
// decode (\N{...}).
func appendStrValue(buf, lit []byte) (_ []byte, ok bool) {
	i := 0
	raw := false
	for i < len(lit) && lit[i] != '\'' && lit[i] != '"' {
		switch lit[i] | 0x20 {
		case 'b':
			return buf, false
		case 'r':
			raw = true
		}
		i++
	}
	if i >= len(lit) {
		return buf, false
	}
	q := lit[i]
	n := 1
	if len(lit)-i >= 6 && lit[i+1] == q && lit[i+2] == q {
		n = 3
	}
	if len(lit)-i < 2*n {
		return buf, false
	}
	body := lit[i+n : len(lit)-n]
	for j := 0; j < len(body); j++ {
		c := body[j]
		if c == '\r' {
			buf = append(buf, '\n')
			if j+1 < len(body) && body[j+1] == '\n' {
				j++
			}
			continue
		}
		if c != '\\' || raw || j+1 >= len(body) {
			buf = append(buf, c)
			continue
		}
		j++
		switch e := body[j]; e {
		case '\n':
		case '\r':
			if j+1 < len(body) && body[j+1] == '\n' {
				j++
			}
		case '\\', '\'', '"':
			buf = append(buf, e)
		case 'a':
			buf = append(buf, '\a')
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'v':
			buf = append(buf, '\v')
		case 'x', 'u', 'U':
			w := 2
			if e == 'u' {
				w = 4
			} else if e == 'U' {
				w = 8
			}
			if j+w >= len(body) {
				return buf, false
			}
			v, err := strconv.ParseUint(string(body[j+1:j+1+w]), 16, 32)
			if err != nil || v > unicode.MaxRune {
				return buf, false
			}
			buf = utf8.AppendRune(buf, rune(v))
			j += w
		case 'N':
			return buf, false
		default:
			if e >= '0' && e <= '7' {
				v := 0
				k := 0
				for k < 3 && j+k < len(body) && body[j+k] >= '0' && body[j+k] <= '7' {
					v = v*8 + int(body[j+k]-'0')
					k++
				}
				buf = utf8.AppendRune(buf, rune(v))
				j += k - 1
				continue
			}
			buf = append(buf, '\\', e)
		}
	}
	return buf, true
}

// isDottedName reports whether every '.'-separated part of s is an
// identifier (Python's str.isidentifier).
func isDottedName(s []byte) bool {
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '.' {
			continue
		}
		if !isIdentifier(s[start:i]) {
			return false
		}
		start = i + 1
	}
	return true
}

func isIdentifier(s []byte) bool {
	if len(s) == 0 {
		return false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || i > 0 && c >= '0' && c <= '9') {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(s[i:])
		if !pytoken.IsIdentRune(r, i == 0) {
			return false
		}
		i += n
	}
	return true
}
