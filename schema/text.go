package schema

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Git stores a path as bytes, and old repositories hold names in Latin-1 or
// cp1252 (`git add café.py` on such a system); Parquet strings and DuckDB
// take UTF-8 only. Path columns therefore hold an escaped form that is valid
// UTF-8 and injective, so that no two paths of a tree share one, and the
// files table keeps the bytes beside it (files.path_raw).

const hexDigits = "0123456789abcdef"

// EscapePath returns the form of a git path stored in path columns. Each
// '/'-separated component is kept as it is unless it holds a byte that is
// not part of valid UTF-8, a NUL, or a backslash followed by a backslash or
// by x and two lowercase hex digits; such a component is written with
// every backslash doubled and every such byte as \xNN (lowercase hex). So
// the Latin-1 name caf\xe9.py (5 bytes) is stored as `caf\xe9.py`, and a
// name that really is `caf\xe9.py` (ASCII) as `caf\\xe9.py`. Components are
// escaped on their own: a directory's form is the prefix of its files'
// forms. UnescapePath inverts it.
func EscapePath(p string) string {
	if !needsEscape(p) {
		return p
	}
	var b strings.Builder
	b.Grow(len(p) + 8)
	for i, comp := range strings.Split(p, "/") {
		if i > 0 {
			b.WriteByte('/')
		}
		if !needsEscape(comp) {
			b.WriteString(comp)
			continue
		}
		for j := 0; j < len(comp); {
			c := comp[j]
			switch {
			case c == '\\':
				b.WriteString(`\\`)
				j++
			case c == 0:
				b.WriteString(`\x00`)
				j++
			case c < utf8.RuneSelf:
				b.WriteByte(c)
				j++
			default:
				r, n := utf8.DecodeRuneInString(comp[j:])
				if r == utf8.RuneError && n == 1 {
					b.WriteString(`\x`)
					b.WriteByte(hexDigits[c>>4])
					b.WriteByte(hexDigits[c&15])
				} else {
					b.WriteString(comp[j : j+n])
				}
				j += n
			}
		}
	}
	return b.String()
}

// needsEscape reports whether a path component (or a whole path, as a
// quick test) is stored escaped: it is not valid UTF-8, holds a NUL, or
// holds a backslash followed by a backslash or by x and two lowercase hex
// digits (and so could be read as an escaped form).
func needsEscape(s string) bool {
	if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
		return true
	}
	for i := strings.IndexByte(s, '\\'); i >= 0; {
		rest := s[i+1:]
		if strings.HasPrefix(rest, `\`) || len(rest) >= 3 && rest[0] == 'x' && isLowerHex(rest[1]) && isLowerHex(rest[2]) {
			return true
		}
		j := strings.IndexByte(rest, '\\')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

func isLowerHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' }

// ErrNotEscapedPath is returned by UnescapePath for a string that
// EscapePath never returns.
var ErrNotEscapedPath = errors.New("not a path as EscapePath writes it")

// UnescapePath returns the git path whose EscapePath form is s: the bytes
// that files.path_raw holds for it. It fails for strings that EscapePath
// never returns.
func UnescapePath(s string) (string, error) {
	if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
		return "", fmt.Errorf("%q: %w", s, ErrNotEscapedPath)
	}
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	comps := strings.Split(s, "/")
	for i, comp := range comps {
		if !needsEscape(comp) {
			continue // kept as it was
		}
		var b strings.Builder
		for j := 0; j < len(comp); j++ {
			c := comp[j]
			if c != '\\' {
				b.WriteByte(c)
				continue
			}
			rest := comp[j+1:]
			switch {
			case strings.HasPrefix(rest, `\`):
				b.WriteByte('\\')
				j++
			case len(rest) >= 3 && rest[0] == 'x' && isLowerHex(rest[1]) && isLowerHex(rest[2]):
				b.WriteByte(unhex(rest[1])<<4 | unhex(rest[2]))
				j += 3
			default:
				return "", fmt.Errorf("%q: lone backslash in an escaped component: %w", s, ErrNotEscapedPath)
			}
		}
		raw := b.String()
		if EscapePath(raw) != comp {
			return "", fmt.Errorf("%q: component %q is escaped needlessly: %w", s, comp, ErrNotEscapedPath)
		}
		comps[i] = raw
	}
	return strings.Join(comps, "/"), nil
}

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c - 'a' + 10
}

// RawPath returns the bytes to keep in files.path_raw for a git path: nil
// when EscapePath keeps the path as it is, the path's bytes otherwise.
func RawPath(p string) []byte {
	if !needsEscape(p) {
		return nil
	}
	return []byte(p)
}

// CleanText returns s as a value that a text column accepts: s itself when
// it is valid UTF-8 without NUL, else s with each NUL and each byte that is
// not part of valid UTF-8 written as \xNN. It is for free text (messages,
// names taken from files); paths go through EscapePath, which is
// reversible. CleanText(CleanText(s)) == CleanText(s).
func CleanText(s string) string {
	if CheckText(s) == nil {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == 0 || r == utf8.RuneError && n == 1 {
			b.WriteString(`\x`)
			b.WriteByte(hexDigits[s[i]>>4])
			b.WriteByte(hexDigits[s[i]&15])
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// CheckText reports why s cannot be stored in a text column, or nil when
// it can: a byte that is not part of valid UTF-8 (Parquet strings and
// DuckDB are UTF-8), or a NUL (which C clients, ODBC drivers and many BI
// tools take as the end of the string). The writer refuses such rows;
// inputs validated at their source use it to name the problem.
func CheckText(s string) error {
	valid := utf8.ValidString(s)
	nul := strings.IndexByte(s, 0)
	if valid && nul < 0 {
		return nil
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0:
			return fmt.Errorf("NUL byte at offset %d", i)
		case r == utf8.RuneError && n == 1:
			return fmt.Errorf("byte 0x%02x at offset %d is not valid UTF-8", s[i], i)
		}
		i += n
	}
	return nil
}
