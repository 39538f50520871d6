// Package tomltree reads a TOML document into a tree of values that
// remember the line they were written on, using go-toml's parser. Parsing
// stops at the first syntax error; what was read before it is kept.
package tomltree

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// Kind is the kind of a Value.
type Kind int

// Value kinds. Scalars other than strings and booleans are kept as Other
// with their raw text.
const (
	Table Kind = iota
	Array
	String
	Bool
	Other
)

// Value is a node of the tree.
type Value struct {
	Kind Kind
	// Line is the 1-based line where the value (or, for a table, its
	// header or first key) was written; 0 for implicit tables.
	Line int
	// Str is the string of a String, "true"/"false" of a Bool, the raw
	// text of Other.
	Str string
	// Items are an Array's elements.
	Items []*Value
	// Keys are a Table's keys in the order first written.
	Keys []string
	// Fields map a Table's keys to values.
	Fields map[string]*Value
}

// Error is a problem found at a line of the document.
type Error struct {
	Line int
	Msg  string
}

// Error implements error, naming the line.
func (e Error) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

func newTable(line int) *Value {
	return &Value{Kind: Table, Line: line, Fields: map[string]*Value{}}
}

// Get follows keys from v through nested tables; nil when any is missing.
// It is safe to call on nil.
func (v *Value) Get(keys ...string) *Value {
	for _, k := range keys {
		if v == nil || v.Kind != Table {
			return nil
		}
		v = v.Fields[k]
	}
	return v
}

// Has reports whether keys lead to a value.
func (v *Value) Has(keys ...string) bool { return v.Get(keys...) != nil }

// AsString returns the string of a String value.
func (v *Value) AsString() (string, bool) {
	if v == nil || v.Kind != String {
		return "", false
	}
	return v.Str, true
}

// StringOf returns the string at keys, "" when there is none.
func (v *Value) StringOf(keys ...string) string {
	s, _ := v.Get(keys...).AsString()
	return s
}

// Elems returns the items of an Array, nil for anything else. It is safe
// to call on nil.
func (v *Value) Elems() []*Value {
	if v == nil || v.Kind != Array {
		return nil
	}
	return v.Items
}

// IsTrue reports whether v is the boolean true.
func (v *Value) IsTrue() bool { return v != nil && v.Kind == Bool && v.Str == "true" }

// maxDepth bounds nesting of arrays and inline tables we descend into.
const maxDepth = 64

// Parse reads a TOML document. The returned root is never nil. Errors
// list the syntax error that stopped parsing, if any, and semantic ones
// (redefined keys) met on the way.
func Parse(doc []byte) (*Value, []Error) {
	b := builder{root: newTable(0), lineStarts: lineStarts(doc)}
	var p unstable.Parser
	p.Reset(doc)
	b.p = &p
	current := b.root
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			keys, line := b.keys(e.Key())
			current = b.header(keys, line, e.Kind == unstable.ArrayTable)
		case unstable.KeyValue:
			keys, line := b.keys(e.Key())
			b.set(current, keys, line, e.Value(), 0)
		}
	}
	if err := p.Error(); err != nil {
		line := 0
		msg := err.Error()
		if perr, ok := err.(*unstable.ParserError); ok {
			line = b.lineOfSlice(perr.Highlight)
		}
		b.errs = append(b.errs, Error{Line: line, Msg: "invalid TOML: " + msg})
	}
	return b.root, b.errs
}

type builder struct {
	p          *unstable.Parser
	root       *Value
	errs       []Error
	lineStarts []int // offsets where lines start
}

// lineStarts returns the offsets at which the lines of doc start.
func lineStarts(doc []byte) []int {
	starts := []int{0}
	for i, c := range doc {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// lineOf returns the 1-based line holding byte offset off.
func (b *builder) lineOf(off int) int {
	return sort.Search(len(b.lineStarts), func(i int) bool { return b.lineStarts[i] > off })
}

func (b *builder) errorf(line int, format string, args ...any) {
	b.errs = append(b.errs, Error{Line: line, Msg: "invalid TOML: " + fmt.Sprintf(format, args...)})
}

// line returns the line where a node with a raw range starts.
func (b *builder) line(n *unstable.Node) int {
	if n == nil || n.Raw.Length == 0 && n.Raw.Offset == 0 {
		return 0
	}
	return b.lineOf(int(n.Raw.Offset))
}

// lineOfSlice returns the line of a slice of the document, 0 when it is
// not one.
func (b *builder) lineOfSlice(s []byte) (line int) {
	defer func() {
		if recover() != nil {
			line = 0
		}
	}()
	if s == nil {
		return 0
	}
	return b.lineOf(int(b.p.Range(s).Offset))
}

func (b *builder) keys(it unstable.Iterator) ([]string, int) {
	var keys []string
	line := 0
	for it.Next() {
		n := it.Node()
		if line == 0 {
			line = b.line(n)
		}
		keys = append(keys, string(n.Data))
	}
	return keys, line
}

// header opens the table named by a [table] or [[array]] header.
func (b *builder) header(keys []string, line int, array bool) *Value {
	t := b.root
	for i, k := range keys {
		last := i == len(keys)-1
		v := t.Fields[k]
		switch {
		case v == nil:
			if last && array {
				nt := newTable(line)
				t.add(k, &Value{Kind: Array, Line: line, Items: []*Value{nt}})
				return nt
			}
			v = newTable(0)
			if last {
				v.Line = line
			}
			t.add(k, v)
		case last && array:
			if v.Kind != Array {
				b.errorf(line, "key %q redefined as an array of tables", strings.Join(keys, "."))
				return newTable(line) // detached: its contents are dropped
			}
			nt := newTable(line)
			v.Items = append(v.Items, nt)
			return nt
		case v.Kind == Array && len(v.Items) > 0 && v.Items[len(v.Items)-1].Kind == Table:
			v = v.Items[len(v.Items)-1]
		case v.Kind != Table:
			b.errorf(line, "key %q redefined as a table", strings.Join(keys[:i+1], "."))
			return newTable(line)
		case last && v.Line == 0:
			v.Line = line
		}
		t = v
	}
	return t
}

func (t *Value) add(k string, v *Value) {
	t.Keys = append(t.Keys, k)
	t.Fields[k] = v
}

// set assigns the value node to a dotted key under table t.
func (b *builder) set(t *Value, keys []string, line int, n *unstable.Node, depth int) {
	for _, k := range keys[:len(keys)-1] {
		v := t.Fields[k]
		if v == nil {
			v = newTable(line)
			t.add(k, v)
		} else if v.Kind != Table {
			b.errorf(line, "key %q redefined as a table", strings.Join(keys, "."))
			return
		}
		t = v
	}
	k := keys[len(keys)-1]
	if _, dup := t.Fields[k]; dup {
		b.errorf(line, "key %q defined twice", strings.Join(keys, "."))
		return
	}
	t.add(k, b.value(n, line, depth))
}

func (b *builder) value(n *unstable.Node, line int, depth int) *Value {
	if l := b.line(n); l > 0 {
		line = l
	}
	switch n.Kind {
	case unstable.String:
		return &Value{Kind: String, Line: line, Str: string(n.Data)}
	case unstable.Bool:
		return &Value{Kind: Bool, Line: line, Str: string(n.Data)}
	case unstable.Array:
		a := &Value{Kind: Array, Line: line}
		if depth >= maxDepth {
			return a
		}
		for it := n.Children(); it.Next(); {
			c := it.Node()
			if c.Kind == unstable.Comment {
				continue
			}
			a.Items = append(a.Items, b.value(c, line, depth+1))
		}
		return a
	case unstable.InlineTable:
		t := newTable(line)
		if depth >= maxDepth {
			return t
		}
		for it := n.Children(); it.Next(); {
			kv := it.Node()
			if kv.Kind != unstable.KeyValue {
				continue
			}
			keys, kl := b.keys(kv.Key())
			if kl == 0 {
				kl = line
			}
			b.set(t, keys, kl, kv.Value(), depth+1)
		}
		return t
	}
	return &Value{Kind: Other, Line: line, Str: string(n.Data)}
}
