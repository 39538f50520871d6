package pytoken

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// prepared is a source made ready for scanning: BOM removed, latin-1
// transcoded to UTF-8, and the offset where scanning must stop with an
// error (a NUL byte, invalid UTF-8) when there is one.
type prepared struct {
	src      []byte
	limit    int    // scanning stops here
	limitErr string // why, when limit < len(src)
	fatal    string // the source cannot be read at all
}

// prepare decodes src the way CPython reads a source file: a UTF-8 BOM is
// skipped, a coding cookie on line 1 or 2 selects the encoding (latin-1 is
// transcoded; UTF-8 and ASCII are validated; other encodings are passed
// through undecoded), and the first NUL byte ends the source. UTF-16
// (a UTF-16 BOM) is refused.
func prepare(src []byte) prepared {
	if bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0xFE, 0xFF}) {
		return prepared{fatal: "UTF-16 encoded source (byte order mark) is not supported"}
	}
	bom := bytes.HasPrefix(src, []byte{0xEF, 0xBB, 0xBF})
	if bom {
		src = src[3:]
	}
	enc := cookie(src)
	p := prepared{src: src, limit: len(src)}
	switch enc {
	case "", "utf-8", "ascii":
		if !utf8.Valid(src) {
			p.limit = firstInvalidUTF8(src)
			p.limitErr = "invalid UTF-8"
		}
	case "latin-1":
		if bom {
			return prepared{fatal: "encoding problem: latin-1 with BOM"}
		}
		p.src = latin1ToUTF8(src)
		p.limit = len(p.src)
	}
	if i := bytes.IndexByte(p.src[:p.limit], 0); i >= 0 {
		p.limit = i
		p.limitErr = "source contains a null byte"
	}
	return p
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func latin1ToUTF8(b []byte) []byte {
	n := 0
	for _, c := range b {
		if c >= 0x80 {
			n++
		}
	}
	if n == 0 {
		return b
	}
	out := make([]byte, 0, len(b)+n)
	for _, c := range b {
		if c < 0x80 {
			out = append(out, c)
		} else {
			out = utf8.AppendRune(out, rune(c))
		}
	}
	return out
}

// cookie returns the normalized encoding named by a PEP 263 coding cookie
// on the first or second line ("utf-8", "latin-1", "ascii", another name
// lowercased), or "" when there is none.
func cookie(src []byte) string {
	line1, rest := cutLine(src)
	if enc, ok := cookieIn(line1); ok {
		return enc
	}
	// Line 2 counts only when line 1 is blank or a comment.
	t := bytes.TrimLeft(line1, " \t\f")
	if len(t) > 0 && t[0] != '#' {
		return ""
	}
	line2, _ := cutLine(rest)
	enc, _ := cookieIn(line2)
	return enc
}

func cutLine(b []byte) (line, rest []byte) {
	for i, c := range b {
		if c == '\n' || c == '\r' {
			return b[:i], b[i+1:]
		}
	}
	return b, nil
}

// cookieIn matches ^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+).
func cookieIn(line []byte) (string, bool) {
	t := bytes.TrimLeft(line, " \t\f")
	if len(t) == 0 || t[0] != '#' {
		return "", false
	}
	i := bytes.Index(t, []byte("coding"))
	for i >= 0 {
		j := i + len("coding")
		if j < len(t) && (t[j] == ':' || t[j] == '=') {
			j++
			for j < len(t) && (t[j] == ' ' || t[j] == '\t') {
				j++
			}
			k := j
			for k < len(t) && (isAlnum(t[k]) || t[k] == '-' || t[k] == '_' || t[k] == '.') {
				k++
			}
			if k > j {
				return normEncoding(string(t[j:k])), true
			}
		}
		next := bytes.Index(t[i+1:], []byte("coding"))
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return "", false
}

func normEncoding(name string) string {
	n := strings.ReplaceAll(strings.ToLower(name), "_", "-")
	switch {
	case n == "utf-8" || n == "utf8" || strings.HasPrefix(n, "utf-8-"):
		return "utf-8"
	case n == "latin-1" || n == "latin1" || n == "iso-8859-1" || n == "iso8859-1" || n == "l1" ||
		n == "cp819" || n == "iso-latin-1" || n == "8859" ||
		strings.HasPrefix(n, "latin-1-") || strings.HasPrefix(n, "iso-8859-1-") || strings.HasPrefix(n, "iso-latin-1-"):
		return "latin-1"
	case n == "ascii" || n == "us-ascii":
		return "ascii"
	}
	return n
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
