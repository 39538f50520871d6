package pytoken

import (
	"encoding/binary"
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// MaxParenDepth is the deepest bracket nesting accepted, as in CPython.
const MaxParenDepth = 200

// maxFStringDepth bounds nested f-strings, as CPython's MAXFSTRINGLEVEL.
const maxFStringDepth = 150

// mode is an entry of the f-string stack: an f-string whose literal text
// is being scanned, or a replacement field inside one.
type mode struct {
	field  bool // a replacement field {...}; else the f-string itself
	inSpec bool // field: scanning its format spec after ':'
	quote  byte // the f-string's quote character
	triple bool // the f-string is triple-quoted
	raw    bool // the f-string has an r prefix
	depth  int  // field: bracket depth just inside its '{'
}

// Scanner tokenizes Python source. The zero value is not usable; call Init.
type Scanner struct {
	src      []byte
	limit    int
	limitErr string
	pos      int
	line     int

	atBOL     bool // at the beginning of a logical line
	lineToks  bool // the current logical line has tokens (NEWLINE is due)
	indents   []int
	altIdents []int
	dedents   int
	parens    []byte
	modes     []mode
	err       *Error
	done      bool
	eofNL     bool // the end of the last line was handled
}

// Init prepares s to scan src, reusing its buffers. src is decoded as
// CPython would (see Source); it is not modified.
func (s *Scanner) Init(src []byte) {
	p := prepare(src)
	*s = Scanner{
		src:       p.src,
		limit:     p.limit,
		limitErr:  p.limitErr,
		line:      1,
		atBOL:     true,
		indents:   append(s.indents[:0], 0),
		altIdents: append(s.altIdents[:0], 0),
		parens:    s.parens[:0],
		modes:     s.modes[:0],
	}
	if p.fatal != "" {
		s.err = &Error{Line: 1, Msg: p.fatal}
	}
}

// Source returns the decoded source that token offsets refer to.
func (s *Scanner) Source() []byte { return s.src }

// Err returns the error that stopped the scan, or nil.
func (s *Scanner) Err() *Error { return s.err }

// Depth returns the current bracket depth (replacement fields count).
func (s *Scanner) Depth() int { return len(s.parens) }

func (s *Scanner) fail(t *Token, msg string) {
	if s.pos >= s.limit && s.limit < len(s.src) {
		msg = s.limitErr // the real trouble is where the source was cut
	}
	if s.err == nil {
		s.err = &Error{Line: s.line, Msg: msg}
	}
	t.set(ERROR, 0, int32(s.line), s.pos, s.pos)
}

// set stores a token field by field: storing a Token composite literal
// builds it on the stack and copies it whole, which stalls the loads of
// its fields that soon follow (store forwarding).
func (t *Token) set(k Kind, op Op, line int32, off, end int) {
	t.Kind, t.Op, t.Line, t.Off, t.End = k, op, line, off, end
}

func (s *Scanner) tok(t *Token, k Kind, off int, line int) {
	t.set(k, 0, int32(line), off, s.pos)
}

// Next returns the next token. After EOF or ERROR it keeps returning EOF.
func (s *Scanner) Next() (t Token) {
	s.Scan(&t)
	return t
}

// Scan stores the next token in *t, as Next returns it. It spares the
// caller a copy of the token.
func (s *Scanner) Scan(t *Token) {
	if s.dedents > 0 {
		s.dedents--
		t.set(DEDENT, 0, int32(s.line), s.pos, s.pos)
		return
	}
	if s.err != nil || s.done {
		t.set(EOF, 0, int32(s.line), s.pos, s.pos)
		return
	}
	if n := len(s.modes); n > 0 && (!s.modes[n-1].field || s.modes[n-1].inSpec) {
		s.fstringText(t)
		return
	}
	if s.atBOL && len(s.parens) == 0 {
		s.atBOL = false
		if s.indentation(t) {
			return
		}
	}
	// Skip blanks and line continuations.
	cont := false
	for {
		// Fast path: skip a run of blanks without storing s.pos per byte.
		p, src := s.pos, s.src[:s.limit]
		for p < len(src) && (src[p] == ' ' || src[p] == '\t' || src[p] == '\f') {
			p++
		}
		s.pos = p
		if s.pos >= s.limit {
			if cont && s.limit == len(s.src) {
				s.fail(t, "unexpected EOF while parsing")
				return
			}
			s.eof(t)
			return
		}
		c := s.src[s.pos]
		if c == '\\' {
			n := s.newlineAt(s.pos + 1)
			if n == 0 {
				if s.pos+1 >= s.limit {
					s.pos++
					s.fail(t, "unexpected EOF after line continuation character")
					return
				}
				s.fail(t, "unexpected character after line continuation character")
				return
			}
			s.pos += 1 + n
			s.line++
			cont = true
			continue
		}
		break
	}
	start, line := s.pos, s.line
	c := s.src[s.pos]
	// Dispatch on the byte's class: one jump table, not a chain of tests.
	switch byteClass[c] {
	case classIdent:
		s.lineToks = true
		// Fast path: an ASCII name followed by an ASCII byte other than a
		// quote (which could make it a string prefix).
		src := s.src[:s.limit]
		if p := identEnd(src, start); p == len(src) || src[p] < utf8.RuneSelf && src[p] != '"' && src[p] != '\'' {
			s.pos = p
			t.set(NAME, 0, int32(line), start, p)
			return
		}
		s.identOrString(t)
		return
	case classOp:
		s.lineToks = true
		// Fast paths for the commonest delimiters, with no f-string or
		// two-character form to consider.
		switch c {
		case ',':
			s.pos++
			t.set(OP, ',', int32(line), start, s.pos)
			return
		case '(', '[':
			if len(s.parens) < MaxParenDepth {
				s.parens = append(s.parens, c)
				s.pos++
				t.set(OP, Op(c), int32(line), start, s.pos)
				return
			}
		case ')', ']':
			open := byte('(')
			if c == ']' {
				open = '['
			}
			if n := len(s.parens); n > 0 && s.parens[n-1] == open {
				s.parens = s.parens[:n-1]
				s.pos++
				t.set(OP, Op(c), int32(line), start, s.pos)
				return
			}
		}
		s.operator(t)
		return
	case classNewline:
		s.pos += s.newlineAt(s.pos)
		s.line++
		if len(s.parens) > 0 || !s.lineToks {
			if len(s.parens) == 0 {
				s.atBOL = true
			}
			s.tok(t, NL, start, line)
			return
		}
		s.atBOL = true
		s.lineToks = false
		s.tok(t, NEWLINE, start, line)
		return
	case classHash:
		p, src := s.pos, s.src[:s.limit]
		for p < len(src) && src[p] != '\n' && src[p] != '\r' {
			p++
		}
		s.pos = p
		s.tok(t, COMMENT, start, line)
		return
	}
	// classOther: a digit, '.' or a quote.
	s.lineToks = true
	switch {
	case c >= '0' && c <= '9' || c == '.' && s.pos+1 < s.limit && isDigit(s.src[s.pos+1]):
		s.number(t)
	case c == '"' || c == '\'':
		s.str(t, start, false, false, false)
	default:
		s.operator(t)
	}
}

// newlineAt returns the length of the line break at i (1 or 2), or 0.
func (s *Scanner) newlineAt(i int) int {
	if i >= s.limit {
		return 0
	}
	switch s.src[i] {
	case '\n':
		return 1
	case '\r':
		if i+1 < s.limit && s.src[i+1] == '\n' {
			return 2
		}
		return 1
	}
	return 0
}

// indentation measures the indentation of a new logical line and returns
// an INDENT or DEDENT when it changes. Blank and comment-only lines and
// the end of input leave it alone.
func (s *Scanner) indentation(t *Token) bool {
	start := s.pos
	// Fast path: indentation by spaces only.
	p, src := s.pos, s.src[:s.limit]
	for p < len(src) && src[p] == ' ' {
		p++
	}
	s.pos = p
	col, alt := p-start, p-start
	for s.pos < s.limit {
		switch s.src[s.pos] {
		case ' ':
			col++
			alt++
		case '\t':
			col = (col/8 + 1) * 8
			alt++
		case '\f':
			col, alt = 0, 0
		default:
			goto measured
		}
		s.pos++
	}
measured:
	if s.pos >= s.limit {
		return false
	}
	switch s.src[s.pos] {
	case '#', '\n', '\r':
		return false
	case '\\':
		// A line that starts with a continuation is not blank: it ends
		// with NEWLINE even when it holds no token, as in CPython.
		s.lineToks = true
	}
	top := len(s.indents) - 1
	switch {
	case col == s.indents[top]:
		if alt != s.altIdents[top] {
			s.fail(t, "inconsistent use of tabs and spaces in indentation")
			return true
		}
		return false
	case col > s.indents[top]:
		if alt <= s.altIdents[top] {
			s.fail(t, "inconsistent use of tabs and spaces in indentation")
			return true
		}
		if len(s.indents) >= 100 {
			s.fail(t, "too many levels of indentation")
			return true
		}
		s.indents = append(s.indents, col)
		s.altIdents = append(s.altIdents, alt)
		s.tok(t, INDENT, start, s.line)
		return true
	}
	n := 0
	for top > 0 && col < s.indents[top] {
		top--
		n++
	}
	if col != s.indents[top] {
		s.fail(t, "unindent does not match any outer indentation level")
		return true
	}
	if alt != s.altIdents[top] {
		s.fail(t, "inconsistent use of tabs and spaces in indentation")
		return true
	}
	s.indents = s.indents[:top+1]
	s.altIdents = s.altIdents[:top+1]
	s.dedents = n - 1
	t.set(DEDENT, 0, int32(s.line), s.pos, s.pos)
	return true
}

// eof ends the input: an error for open brackets or strings, else a final
// NEWLINE when one is due, the remaining DEDENTs and EOF.
func (s *Scanner) eof(t *Token) {
	if s.limit < len(s.src) {
		s.fail(t, s.limitErr)
		return
	}
	if len(s.modes) > 0 {
		s.fail(t, "unterminated f-string literal")
		return
	}
	if len(s.parens) > 0 {
		s.fail(t, "'"+string(s.parens[len(s.parens)-1])+"' was never closed")
		return
	}
	if !s.eofNL {
		// The last line lacks a line break: end it with an empty NEWLINE
		// (or NL when it holds no token), as tokenize does.
		s.eofNL = true
		if n := len(s.src); n > 0 && s.src[n-1] != '\n' && s.src[n-1] != '\r' {
			k := NL
			if s.lineToks {
				k = NEWLINE
			}
			s.lineToks = false
			t.set(k, 0, int32(s.line), s.pos, s.pos)
			s.line++
			return
		}
	}
	if n := len(s.indents) - 1; n > 0 {
		s.indents = s.indents[:1]
		s.altIdents = s.altIdents[:1]
		s.dedents = n - 1
		t.set(DEDENT, 0, int32(s.line), s.pos, s.pos)
		return
	}
	s.done = true
	t.set(EOF, 0, int32(s.line), s.pos, s.pos)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= utf8.RuneSelf
}

// Byte classes, for the dispatch of Scan.
const (
	classOp      = iota // an operator or delimiter, or an invalid byte
	classIdent          // may start an identifier (or a string prefix); any non-ASCII byte
	classNewline        // '\n' or '\r'
	classHash           // '#'
	classOther          // a digit, '.', a quote: see Scan
)

// byteClass is the class of each byte. Read only.
var byteClass = func() (t [256]uint8) {
	for c := range t {
		switch {
		case isIdentStart(byte(c)):
			t[c] = classIdent
		case c == '\n' || c == '\r':
			t[c] = classNewline
		case c == '#':
			t[c] = classHash
		case c >= '0' && c <= '9' || c == '.' || c == '"' || c == '\'':
			t[c] = classOther
		}
	}
	return t
}()

// identEnd returns the end of the run of ASCII identifier bytes at
// src[p:], testing 8 bytes at a time, then by table.
func identEnd(src []byte, p int) int {
	for ; p+8 <= len(src); p += 8 {
		if m := nonIdent8(binary.LittleEndian.Uint64(src[p:])); m != 0 {
			return p + bits.TrailingZeros64(m)>>3
		}
	}
	return identTail(src, p)
}

// identTail is identEnd for the last bytes of src, one at a time.
func identTail(src []byte, p int) int {
	for p < len(src) && identASCII[src[p]] {
		p++
	}
	return p
}

// nonIdent8 returns the bytes of x (8 source bytes, little-endian) that
// are not ASCII identifier bytes [A-Za-z0-9_], marked by their high bit.
// Each test is a SWAR range check on the 7 low bits, which cannot carry
// from one byte into the next.
func nonIdent8(x uint64) uint64 {
	const ones, high = 0x0101010101010101, 0x8080808080808080
	y := x &^ high
	lower := y | 0x20*ones // ASCII letters to lower case
	alpha := (lower + (0x80-'a')*ones) &^ (lower + (0x7f-'z')*ones)
	digit := (y + (0x80-'0')*ones) &^ (y + (0x7f-'9')*ones)
	under := ^((y ^ '_'*ones) + 0x7f*ones) // high bit set where y == '_'
	return ^(alpha|digit|under)&high | x&high
}

// identASCII marks the ASCII bytes that continue an identifier. Read only.
var identASCII = func() (t [256]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = isIdentASCII(byte(c))
	}
	return t
}()

// strSpecial marks the bytes a string literal's scan must look at: quotes,
// backslashes and line breaks. Read only.
var strSpecial = [256]bool{'"': true, '\'': true, '\\': true, '\n': true, '\r': true}

func isIdentASCII(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= '0' && c <= '9'
}

// IsIdentRune reports whether r may start (first) or continue an identifier,
// approximating Unicode XID_Start (first) and XID_Continue.
func IsIdentRune(r rune, first bool) bool {
	if unicode.IsLetter(r) || unicode.Is(unicode.Nl, r) || r == '_' || unicode.Is(unicode.Other_ID_Start, r) {
		return true
	}
	if first {
		return false
	}
	return unicode.In(r, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc, unicode.Other_ID_Continue)
}

// identOrString scans an identifier, or a string when the identifier is a
// string prefix directly followed by a quote.
func (s *Scanner) identOrString(t *Token) {
	start, line := s.pos, s.line
	s.pos = identEnd(s.src[:s.limit], s.pos)
	for s.pos < s.limit {
		c := s.src[s.pos]
		if isIdentASCII(c) {
			s.pos++
			continue
		}
		if c < utf8.RuneSelf {
			break
		}
		r, n := utf8.DecodeRune(s.src[s.pos:s.limit])
		if !IsIdentRune(r, s.pos == start) {
			if s.pos == start {
				s.fail(t, "invalid character '"+string(r)+"' (U+"+hex4(r)+")")
				return
			}
			break
		}
		s.pos += n
	}
	if n := s.pos - start; n <= 2 && s.pos < s.limit && (s.src[s.pos] == '"' || s.src[s.pos] == '\'') {
		var r, b, f, u int
		for _, c := range s.src[start:s.pos] {
			switch c | 0x20 {
			case 'r':
				r++
			case 'b':
				b++
			case 'f':
				f++
			case 'u':
				u++
			}
		}
		ok := r+b+f+u == n && r <= 1 && b+f+u <= 1
		if ok && u == 1 && n > 1 {
			ok = false // "ur" is not a prefix in Python 3
		}
		if ok {
			s.str(t, start, r == 1, b == 1, f == 1)
			return
		}
	}
	s.tok(t, NAME, start, line)
}

func hex4(r rune) string {
	const digits = "0123456789ABCDEF"
	var b [8]byte
	i := len(b)
	for r > 0 || i > len(b)-4 {
		i--
		b[i] = digits[r&0xF]
		r >>= 4
	}
	return string(b[i:])
}

// number scans a numeric literal, checking what CPython checks.
func (s *Scanner) number(t *Token) {
	start, line := s.pos, s.line
	src := s.src[:s.limit]
	digits := func(ok func(byte) bool) bool {
		seen := false
		for s.pos < len(src) {
			c := src[s.pos]
			if ok(c) {
				seen = true
				s.pos++
				continue
			}
			if c == '_' && seen && s.pos+1 < len(src) && ok(src[s.pos+1]) {
				s.pos++
				continue
			}
			break
		}
		return seen
	}
	if src[s.pos] == '0' && s.pos+1 < len(src) {
		var ok func(byte) bool
		switch src[s.pos+1] | 0x20 {
		case 'x':
			ok = func(c byte) bool { return isDigit(c) || c|0x20 >= 'a' && c|0x20 <= 'f' }
		case 'o':
			ok = func(c byte) bool { return c >= '0' && c <= '7' }
		case 'b':
			ok = func(c byte) bool { return c == '0' || c == '1' }
		}
		if ok != nil {
			s.pos += 2
			if s.pos < len(src) && src[s.pos] == '_' {
				s.pos++
			}
			if !digits(ok) {
				s.fail(t, "invalid number literal")
				return
			}
			s.endNumber(t, start, line)
			return
		}
	}
	intStart := s.pos
	digits(isDigit)
	isInt := true
	if s.pos < len(src) && src[s.pos] == '.' {
		isInt = false
		s.pos++
		digits(isDigit)
	}
	if s.pos < len(src) && src[s.pos]|0x20 == 'e' {
		j := s.pos + 1
		if j < len(src) && (src[j] == '+' || src[j] == '-') {
			j++
		}
		if j < len(src) && isDigit(src[j]) {
			isInt = false
			s.pos = j
			digits(isDigit)
		}
	}
	if s.pos < len(src) && src[s.pos]|0x20 == 'j' {
		s.pos++
		s.endNumber(t, start, line)
		return
	}
	if isInt && src[intStart] == '0' {
		for _, c := range src[intStart:s.pos] {
			if c != '0' && c != '_' {
				s.fail(t, "leading zeros in decimal integer literals are not permitted")
				return
			}
		}
	}
	s.endNumber(t, start, line)
}

// endNumber rejects a number run into a name, except before the keywords
// CPython tolerates there (1if x else y).
func (s *Scanner) endNumber(t *Token, start, line int) {
	if s.pos < s.limit && isIdentStart(s.src[s.pos]) {
		rest := s.src[s.pos:s.limit]
		ok := false
		for _, kw := range [...]string{"and", "else", "for", "if", "in", "is", "not", "or"} {
			if len(rest) >= len(kw) && string(rest[:len(kw)]) == kw {
				ok = true
				break
			}
		}
		if !ok {
			s.fail(t, "invalid decimal literal")
			return
		}
	}
	s.tok(t, NUMBER, start, line)
}

// str scans a string literal whose prefix starts at start and whose
// opening quote is at s.pos. An f-string returns FSTRING_START.
func (s *Scanner) str(t *Token, start int, raw, _, f bool) {
	line := s.line
	q := s.src[s.pos]
	triple := s.pos+2 < s.limit && s.src[s.pos+1] == q && s.src[s.pos+2] == q
	if triple {
		s.pos += 3
	} else {
		s.pos++
	}
	if f {
		if len(s.modes) >= maxFStringDepth {
			s.fail(t, "too many nested f-strings")
			return
		}
		s.modes = append(s.modes, mode{quote: q, triple: triple, raw: raw})
		s.tok(t, FSTRING_START, start, line)
		return
	}
	src := s.src[:s.limit]
	for s.pos < len(src) {
		// Fast path: skip bytes that are neither quotes, backslashes nor
		// line breaks without storing s.pos per byte.
		p := s.pos
		for p < len(src) && !strSpecial[src[p]] {
			p++
		}
		s.pos = p
		if p >= len(src) {
			break
		}
		c := src[s.pos]
		switch c {
		case q:
			if !triple {
				s.pos++
				s.tok(t, STRING, start, line)
				return
			}
			if s.pos+2 < len(src) && src[s.pos+1] == q && src[s.pos+2] == q {
				s.pos += 3
				s.tok(t, STRING, start, line)
				return
			}
			s.pos++
		case '\\':
			s.pos++
			if n := s.newlineAt(s.pos); n > 0 {
				s.pos += n
				s.line++
			} else if s.pos < len(src) {
				s.pos++
			}
		case '\n', '\r':
			if !triple {
				s.fail(t, "unterminated string literal")
				return
			}
			s.pos += s.newlineAt(s.pos)
			s.line++
		default:
			s.pos++
		}
	}
	if triple {
		s.fail(t, "unterminated triple-quoted string literal")
		if s.pos >= s.limit && s.limit == len(s.src) {
			s.err.Line = line // CPython names the line the string starts on
		}
		return
	}
	s.fail(t, "unterminated string literal")
}

// fstringText scans the literal text of the innermost f-string or format
// spec up to a replacement field, the end of the spec or the closing quote.
func (s *Scanner) fstringText(t *Token) {
	m := &s.modes[len(s.modes)-1]
	start, line := s.pos, s.line
	src := s.src[:s.limit]
	for s.pos < len(src) {
		c := src[s.pos]
		switch {
		case c == m.quote && (!m.triple || s.pos+2 < len(src) && src[s.pos+1] == c && src[s.pos+2] == c):
			if m.inSpec {
				s.fail(t, "f-string: expecting '}'")
				return
			}
			if s.pos > start {
				s.tok(t, FSTRING_MIDDLE, start, line)
				return
			}
			if m.triple {
				s.pos += 3
			} else {
				s.pos++
			}
			s.modes = s.modes[:len(s.modes)-1]
			s.tok(t, FSTRING_END, start, line)
			return
		case c == '\\':
			s.pos++
			if s.pos >= len(src) {
				break
			}
			switch n := src[s.pos]; {
			case n == '{' || n == '}':
				// Not an escape: the brace is scanned next.
			case n == 'N' && !m.raw && s.pos+1 < len(src) && src[s.pos+1] == '{':
				for s.pos < len(src) && src[s.pos] != '}' && src[s.pos] != '\n' && src[s.pos] != '\r' {
					s.pos++
				}
				if s.pos < len(src) && src[s.pos] == '}' {
					s.pos++
				}
			default:
				if k := s.newlineAt(s.pos); k > 0 {
					if !m.triple && m.raw {
						s.fail(t, "unterminated f-string literal")
						return
					}
					s.pos += k
					s.line++
				} else {
					s.pos++
				}
			}
		case c == '{':
			if !m.inSpec && s.pos+1 < len(src) && src[s.pos+1] == '{' {
				s.pos += 2
				continue
			}
			if s.pos > start {
				s.tok(t, FSTRING_MIDDLE, start, line)
				return
			}
			if len(s.parens) >= MaxParenDepth {
				s.fail(t, "too many nested parentheses")
				return
			}
			s.pos++
			s.parens = append(s.parens, '{')
			s.modes = append(s.modes, mode{field: true, quote: m.quote, triple: m.triple, raw: m.raw, depth: len(s.parens)})
			t.set(OP, '{', int32(line), start, s.pos)
			return
		case c == '}':
			if m.inSpec {
				if s.pos > start {
					s.tok(t, FSTRING_MIDDLE, start, line)
					return
				}
				s.pos++
				s.parens = s.parens[:len(s.parens)-1]
				s.modes = s.modes[:len(s.modes)-1]
				t.set(OP, '}', int32(line), start, s.pos)
				return
			}
			if s.pos+1 < len(src) && src[s.pos+1] == '}' {
				s.pos += 2
				continue
			}
			s.fail(t, "f-string: single '}' is not allowed")
			return
		case c == '\n' || c == '\r':
			if !m.triple {
				s.fail(t, "unterminated f-string literal")
				return
			}
			s.pos += s.newlineAt(s.pos)
			s.line++
		default:
			s.pos++
		}
	}
	s.fail(t, "unterminated f-string literal")
}

// operator scans an operator or delimiter, tracking brackets.
func (s *Scanner) operator(t *Token) {
	start, line := s.pos, s.line
	src := s.src[:s.limit]
	c := src[s.pos]
	var c1, c2 byte
	if s.pos+1 < len(src) {
		c1 = src[s.pos+1]
	}
	if s.pos+2 < len(src) {
		c2 = src[s.pos+2]
	}
	op, n := Op(c), 1
	switch c {
	case '(', '[', '{':
		if len(s.parens) >= MaxParenDepth {
			s.fail(t, "too many nested parentheses")
			return
		}
		s.parens = append(s.parens, c)
	case ')', ']', '}':
		if len(s.parens) == 0 {
			s.fail(t, "unmatched '"+string(c)+"'")
			return
		}
		open := s.parens[len(s.parens)-1]
		if open == '(' && c != ')' || open == '[' && c != ']' || open == '{' && c != '}' {
			s.fail(t, "closing parenthesis '"+string(c)+"' does not match opening parenthesis '"+string(open)+"'")
			return
		}
		if k := len(s.modes); c == '}' && k > 0 && s.modes[k-1].field && s.modes[k-1].depth == len(s.parens) {
			s.modes = s.modes[:k-1] // end of a replacement field
		}
		s.parens = s.parens[:len(s.parens)-1]
	case ':':
		if k := len(s.modes); k > 0 && s.modes[k-1].field && s.modes[k-1].depth == len(s.parens) {
			s.modes[k-1].inSpec = true // a format spec follows
		} else if c1 == '=' {
			op, n = OpWalrus, 2
		}
	case ',', ';', '~', '`':
		if c == '`' {
			s.fail(t, "invalid syntax: '`'")
			return
		}
	case '.':
		if c1 == '.' && c2 == '.' {
			op, n = OpEllipsis, 3
		}
	case '=':
		if c1 == '=' {
			op, n = OpEqual, 2
		}
	case '!':
		if c1 == '=' {
			op, n = OpNotEqual, 2
		}
	case '-':
		switch c1 {
		case '=':
			op, n = OpMinusEq, 2
		case '>':
			op, n = OpArrow, 2
		}
	case '<':
		switch {
		case c1 == '<' && c2 == '=':
			op, n = OpLShiftEq, 3
		case c1 == '<':
			op, n = OpLShift, 2
		case c1 == '=':
			op, n = OpLessEq, 2
		case c1 == '>':
			s.fail(t, "invalid syntax: '<>'")
			return
		}
	case '>':
		switch {
		case c1 == '>' && c2 == '=':
			op, n = OpRShiftEq, 3
		case c1 == '>':
			op, n = OpRShift, 2
		case c1 == '=':
			op, n = OpGreaterEq, 2
		}
	case '*':
		switch {
		case c1 == '*' && c2 == '=':
			op, n = OpPowerEq, 3
		case c1 == '*':
			op, n = OpPower, 2
		case c1 == '=':
			op, n = OpStarEq, 2
		}
	case '/':
		switch {
		case c1 == '/' && c2 == '=':
			op, n = OpFloorDivEq, 3
		case c1 == '/':
			op, n = OpFloorDiv, 2
		case c1 == '=':
			op, n = OpSlashEq, 2
		}
	case '+', '%', '&', '|', '^', '@':
		if c1 == '=' {
			op, n = map2(c), 2
		}
	default:
		if c >= utf8.RuneSelf {
			r, _ := utf8.DecodeRune(src[s.pos:])
			s.fail(t, "invalid character '"+string(r)+"' (U+"+hex4(r)+")")
			return
		}
		s.fail(t, "invalid character '"+string(c)+"'")
		return
	}
	s.pos += n
	t.set(OP, op, int32(line), start, s.pos)
}

func map2(c byte) Op {
	switch c {
	case '+':
		return OpPlusEq
	case '%':
		return OpPercentEq
	case '&':
		return OpAmpEq
	case '|':
		return OpPipeEq
	case '^':
		return OpCaretEq
	}
	return OpAtEq
}
