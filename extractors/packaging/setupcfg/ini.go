package setupcfg

import (
	"fmt"
	"strings"
)

// INI is a parsed INI file, read as Python's configparser reads it with
// setuptools' defaults: '#' and ';' start full-line comments, keys are
// separated from values by '=' or ':', are case-insensitive, and indented
// lines continue the previous value.
type INI struct {
	// Names lists the sections in file order.
	Names    []string
	sections map[string]*Section
	// Errors are lines configparser would reject.
	Errors []LineError
}

// LineError is a problem at a line.
type LineError struct {
	Line int
	Msg  string
}

// Section is one [section].
type Section struct {
	// Keys lists the keys, normalized, in file order.
	Keys   []string
	values map[string]*Value
}

// Value is a (possibly multi-line) value.
type Value struct {
	// Lines are the value's non-empty lines, trimmed, with their numbers.
	Lines []ValueLine
}

// ValueLine is one line of a value.
type ValueLine struct {
	Num  int
	Text string
}

// Section returns the named section, nil when there is none.
func (ini *INI) Section(name string) *Section { return ini.sections[name] }

// Get returns the value of a key (matched case-insensitively, '-' as
// '_'), nil when there is none. It is safe to call on nil.
func (s *Section) Get(key string) *Value {
	if s == nil {
		return nil
	}
	return s.values[NormalizeKey(key)]
}

// String returns the value's lines joined by newlines; "" for nil.
func (v *Value) String() string {
	if v == nil {
		return ""
	}
	texts := make([]string, len(v.Lines))
	for i, l := range v.Lines {
		texts[i] = l.Text
	}
	return strings.Join(texts, "\n")
}

// NormalizeKey lowercases a key and spells '-' as '_', as setuptools
// accepts both.
func NormalizeKey(k string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(k)), "-", "_")
}

// ParseINI parses INI text. It never fails: bad lines are recorded in
// Errors and skipped.
func ParseINI(text string) *INI {
	ini := &INI{sections: map[string]*Section{}}
	var sec *Section
	var cur *Value // value being continued
	curIndent := 0
	for i, line := range strings.Split(text, "\n") {
		num := i + 1
		line = strings.TrimRight(line, " \t\r")
		trimmed := strings.TrimLeft(line, " \t")
		indent := len(line) - len(trimmed)
		if trimmed == "" || trimmed[0] == '#' || trimmed[0] == ';' {
			continue
		}
		if cur != nil && indent > curIndent {
			cur.Lines = append(cur.Lines, ValueLine{num, trimmed})
			continue
		}
		cur = nil
		if trimmed[0] == '[' {
			end := strings.IndexByte(trimmed, ']')
			if end < 0 {
				ini.errorf(num, "section header without ']'")
				sec = nil
				continue
			}
			name := trimmed[1:end]
			if ini.sections[name] != nil {
				ini.errorf(num, "section %q defined twice", name)
			} else {
				ini.sections[name] = &Section{values: map[string]*Value{}}
				ini.Names = append(ini.Names, name)
			}
			sec = ini.sections[name]
			continue
		}
		d := strings.IndexAny(trimmed, "=:")
		if d < 0 {
			ini.errorf(num, "line is neither a section, a key nor a continuation")
			continue
		}
		if sec == nil {
			ini.errorf(num, "key outside any section")
			continue
		}
		key := NormalizeKey(trimmed[:d])
		if _, dup := sec.values[key]; dup {
			ini.errorf(num, "key %q defined twice", key)
			continue
		}
		v := &Value{}
		if first := strings.TrimSpace(trimmed[d+1:]); first != "" {
			v.Lines = append(v.Lines, ValueLine{num, first})
		}
		sec.values[key] = v
		sec.Keys = append(sec.Keys, key)
		cur, curIndent = v, indent
	}
	return ini
}

func (ini *INI) errorf(line int, format string, args ...any) {
	ini.Errors = append(ini.Errors, LineError{line, "invalid setup.cfg: " + fmt.Sprintf(format, args...)})
}
