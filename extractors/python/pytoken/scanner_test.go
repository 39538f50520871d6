package pytoken

import (
	"strings"
	"testing"
)

// kinds renders the tokens of src as "KIND:text" separated by spaces.
func kinds(src string) (string, *Error) {
	var s Scanner
	s.Init([]byte(src))
	var b strings.Builder
	for {
		t := s.Next()
		if t.Kind == EOF || t.Kind == ERROR {
			return strings.TrimSpace(b.String()), s.Err()
		}
		b.WriteString(t.Kind.String())
		if t.End > t.Off && t.Kind != NEWLINE && t.Kind != NL && t.Kind != INDENT {
			b.WriteString(":" + string(s.Source()[t.Off:t.End]))
		}
		b.WriteByte(' ')
	}
}

func TestScanner(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"x = 1\n", "NAME:x OP:= NUMBER:1 NEWLINE"},
		{"if a:\n  b\nc", "NAME:if NAME:a OP:: NEWLINE INDENT NAME:b NEWLINE DEDENT NAME:c NEWLINE"},
		{"(a,\n b)\n", "OP:( NAME:a OP:, NL NAME:b OP:) NEWLINE"},
		{"x = \\\n  1\n", "NAME:x OP:= NUMBER:1 NEWLINE"},
		{"# c\n\nx\n", "COMMENT:# c NL NL NAME:x NEWLINE"},
		{"rb'a' BR\"b\" u'c' Rb'''d''' f'e'", "STRING:rb'a' STRING:BR\"b\" STRING:u'c' STRING:Rb'''d''' FSTRING_START:f' FSTRING_MIDDLE:e FSTRING_END:' NEWLINE"},
		{"f'{a!r:>{w}}'", "FSTRING_START:f' OP:{ NAME:a OP:! NAME:r OP:: FSTRING_MIDDLE:> OP:{ NAME:w OP:} OP:} FSTRING_END:' NEWLINE"},
		{`f"{f"{x}"}"`, `FSTRING_START:f" OP:{ FSTRING_START:f" OP:{ NAME:x OP:} FSTRING_END:" OP:} FSTRING_END:" NEWLINE`},
		{`f"{{a}} {b=}"`, `FSTRING_START:f" FSTRING_MIDDLE:{{a}}  OP:{ NAME:b OP:= OP:} FSTRING_END:" NEWLINE`},
		{`f"\N{DASH}{x}"`, `FSTRING_START:f" FSTRING_MIDDLE:\N{DASH} OP:{ NAME:x OP:} FSTRING_END:" NEWLINE`},
		{"f'{x:=5}'", "FSTRING_START:f' OP:{ NAME:x OP:: FSTRING_MIDDLE:=5 OP:} FSTRING_END:' NEWLINE"},
		{"0x_1f 1_000.5e-3j .5 1if x else 2", "NUMBER:0x_1f NUMBER:1_000.5e-3j NUMBER:.5 NUMBER:1 NAME:if NAME:x NAME:else NUMBER:2 NEWLINE"},
		{"a **= b // c -> d := e ... != f", "NAME:a OP:**= NAME:b OP:// NAME:c OP:-> NAME:d OP::= NAME:e OP:... OP:!= NAME:f NEWLINE"},
		{"\ufeffx\r\ny\rz", "NAME:x NEWLINE NAME:y NEWLINE NAME:z NEWLINE"},
		{"é = 1", "NAME:é OP:= NUMBER:1 NEWLINE"},
		{"def f():\n\tif x:\n\t\tpass\n", "NAME:def NAME:f OP:( OP:) OP:: NEWLINE INDENT NAME:if NAME:x OP:: NEWLINE INDENT NAME:pass NEWLINE DEDENT DEDENT"},
	} {
		got, err := kinds(tc.src)
		if err != nil {
			t.Errorf("%q: %v", tc.src, err)
		}
		if got != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.src, got, tc.want)
		}
	}
}

func TestScannerErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"x = 'abc\n", "unterminated string literal (line 1)"},
		{"x = '''abc\n", "unterminated triple-quoted string literal (line 1)"},
		{"f'{x'", "unterminated string literal (line 1)"},
		{"x = (1,\n", "'(' was never closed (line 2)"},
		{"x = 1)\n", "unmatched ')' (line 1)"},
		{"(]", "closing parenthesis ']' does not match opening parenthesis '(' (line 1)"},
		{"if x:\n    a\n  b\n", "unindent does not match any outer indentation level (line 3)"},
		{"if x:\n        a\n\tb\n", "inconsistent use of tabs and spaces in indentation (line 3)"},
		{"x = 0777\n", "leading zeros in decimal integer literals are not permitted (line 1)"},
		{"x = 10L\n", "invalid decimal literal (line 1)"},
		{"a <> b\n", "invalid syntax: '<>' (line 1)"},
		{"x = `y`\n", "invalid syntax: '`' (line 1)"},
		{"x = 1 $\n", "invalid character '$' (line 1)"},
		{"x = \\ y\n", "unexpected character after line continuation character (line 1)"},
		{"x = 1 \\\n", "unexpected EOF while parsing (line 2)"},
		{"a\x00b", "source contains a null byte (line 1)"},
		{"x = '\xff'", "invalid UTF-8 (line 1)"},
		{"\xff\xfex\x00", "UTF-16 encoded source (byte order mark) is not supported (line 1)"},
		{"f'}'", "f-string: single '}' is not allowed (line 1)"},
		{strings.Repeat("(", 201), "too many nested parentheses (line 1)"},
	} {
		_, err := kinds(tc.src)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%q: error %v, want %q", tc.src, err, tc.want)
		}
	}
}

func TestCodingCookie(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"# -*- coding: latin-1 -*-\nx = 'caf\xe9'\n", "x = 'café'"},
		{"#!/usr/bin/python\n# vim: set fileencoding=iso-8859-1 :\nx = '\xe9'\n", "x = 'é'"},
		{"x = 1\n# coding: latin-1\ny = '\xe9'\n", ""}, // cookie on line 2 after code: ignored, invalid UTF-8
	} {
		var s Scanner
		s.Init([]byte(tc.src))
		got := string(s.Source())
		if tc.want == "" {
			if s.limit == len(s.src) {
				t.Errorf("%q: want invalid UTF-8", tc.src)
			}
			continue
		}
		if !strings.Contains(got, tc.want) {
			t.Errorf("%q decoded as %q, want %q in it", tc.src, got, tc.want)
		}
	}
}
