package schema_test

import (
	"errors"
	"testing"

	"github.com/pysurvey/pysurvey/schema"
)

func TestEscapePath(t *testing.T) {
	tests := []struct{ raw, stored string }{
		{"app/main.py", "app/main.py"},
		{"", ""},
		{"caf\xe9.py", `caf\xe9.py`},                           // Latin-1
		{`caf\xe9.py`, `caf\\xe9.py`},                          // ASCII that reads like an escape
		{`caf\\xe9.py`, `caf\\\\xe9.py`},                       // and its escape
		{"d\xe9p/requirements.txt", `d\xe9p/requirements.txt`}, // only the component that needs it
		{"src/caf\xe9.py", `src/caf\xe9.py`},
		{`src\win\file.py`, `src\win\file.py`}, // backslashes that cannot be read as escapes stay
		{`a\xE9`, `a\xE9`},                     // upper-case hex is no escape
		{`a\x9`, `a\x9`},
		{`dir\\x/a\b.py`, `dir\\\\x/a\b.py`},
		{"a\x00b", `a\x00b`},
		{"caf\xc3\xa9.py", "caf\xc3\xa9.py"},     // UTF-8 é
		{"\xef\xbf\xbd.py", "\xef\xbf\xbd.py"},   // a real U+FFFD
		{"\xed\xa0\x80.py", `\xed\xa0\x80.py`},   // an encoded surrogate is not UTF-8
		{"\xe9\\q", `\xe9\\q`},                   // a backslash in an escaped component is doubled
		{"caf\xe9/x\xff/ok", `caf\xe9/x\xff/ok`}, // each component on its own
	}
	seen := map[string]string{}
	for _, tt := range tests {
		got := schema.EscapePath(tt.raw)
		if got != tt.stored {
			t.Errorf("EscapePath(%q) = %q, want %q", tt.raw, got, tt.stored)
		}
		if err := schema.CheckText(got); err != nil {
			t.Errorf("EscapePath(%q) = %q is not text: %v", tt.raw, got, err)
		}
		back, err := schema.UnescapePath(got)
		if err != nil || back != tt.raw {
			t.Errorf("UnescapePath(%q) = %q, %v; want %q", got, back, err, tt.raw)
		}
		if other, dup := seen[got]; dup {
			t.Errorf("%q and %q are both stored as %q", other, tt.raw, got)
		}
		seen[got] = tt.raw
		raw := schema.RawPath(tt.raw)
		if (got == tt.raw) != (raw == nil) || raw != nil && string(raw) != tt.raw {
			t.Errorf("RawPath(%q) = %q", tt.raw, raw)
		}
	}
}

func TestUnescapePathRefusesWhatEscapePathNeverWrites(t *testing.T) {
	for _, s := range []string{
		`a\\b`,       // needs no escape: EscapePath keeps a\b as it is
		`\x41.py`,    // A is never escaped
		`\xe9\q`,     // a lone backslash beside an escape
		`\x2f`,       // '/' never stands inside a component
		"caf\xe9.py", // not UTF-8
		"a\x00b",     // NUL
		`ok/\x61\\x`, // needless escape in a later component
	} {
		if got, err := schema.UnescapePath(s); !errors.Is(err, schema.ErrNotEscapedPath) {
			t.Errorf("UnescapePath(%q) = %q, %v; want ErrNotEscapedPath", s, got, err)
		}
	}
}

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"ok":                  "ok",
		"caf\xc3\xa9":         "caf\xc3\xa9",
		"caf\xe9":             `caf\xe9`,
		"a\x00b":              `a\x00b`,
		`already \xe9`:        `already \xe9`,
		"\xed\xa0\x80":        `\xed\xa0\x80`,
		"reading caf\xe9.py:": `reading caf\xe9.py:`,
	} {
		got := schema.CleanText(in)
		if got != want || schema.CheckText(got) != nil || schema.CleanText(got) != got {
			t.Errorf("CleanText(%q) = %q, want %q (and text, unchanged by a second CleanText)", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"caf\xe9": "byte 0xe9 at offset 3 is not valid UTF-8",
		"ab\x00":  "NUL byte at offset 2",
	} {
		if err := schema.CheckText(in); err == nil || err.Error() != want {
			t.Errorf("CheckText(%q) = %v, want %q", in, err, want)
		}
	}
}
